// The import rules of DESIGN.md, as code. Each source file belongs to a layer
// (by folder); each import it makes is classified (a layer, `electron`, a Node
// built-in, or an npm package) and checked against the table below. Type-only
// imports are told apart, because the renderer may import types, and nothing
// else, from the contract.
import { builtinModules } from 'node:module';
import path from 'node:path';
import ts from 'typescript';

export type Layer = 'shared' | 'core' | 'main' | 'preload' | 'host' | 'cli' | 'tools' | 'renderer' | 'e2e';

export type Target =
  | { kind: 'layer'; layer: Layer }
  | { kind: 'electron' }
  | { kind: 'node' }
  | { kind: 'package'; name: string }
  | { kind: 'outside' };

export interface ImportRef {
  specifier: string;
  typeOnly: boolean;
  line: number;
}

export interface Violation {
  file: string;
  line: number;
  specifier: string;
  reason: string;
}

const LAYER_FOLDERS: Array<[string, Layer]> = [
  ['electron/shared/', 'shared'],
  ['electron/core/', 'core'],
  ['electron/main/', 'main'],
  ['electron/preload/', 'preload'],
  ['electron/host/', 'host'],
  ['electron/cli/', 'cli'],
  ['electron/tools/', 'tools'],
  ['renderer/', 'renderer'],
  ['e2e/', 'e2e'],
];

export function layerOf(relativePath: string): Layer | null {
  const normalised = relativePath.split(path.sep).join('/');
  for (const [folder, layer] of LAYER_FOLDERS) {
    if (normalised.startsWith(folder)) return layer;
  }
  return null;
}

const builtins = new Set(builtinModules);

export function classify(specifier: string, fromFile: string, root: string): Target {
  if (specifier.startsWith('.') || specifier.startsWith('/')) {
    const resolved = path.relative(root, path.resolve(path.dirname(fromFile), specifier));
    const layer = layerOf(resolved);
    return layer ? { kind: 'layer', layer } : { kind: 'outside' };
  }
  if (specifier.startsWith('node:') || builtins.has(specifier.split('/')[0] ?? '')) return { kind: 'node' };
  const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : (specifier.split('/')[0] ?? '');
  if (name === 'electron') return { kind: 'electron' };
  return { kind: 'package', name };
}

/** Returns why an import is not allowed, or null when it is. Mirrors the table in DESIGN.md. */
export function ruleFor(from: Layer, target: Target, typeOnly: boolean): string | null {
  const own = target.kind === 'layer' && target.layer === from;
  if (own) return null;
  switch (from) {
    case 'shared':
      if (target.kind === 'package' && target.name === 'zod') return null;
      return 'electron/shared may import zod only';
    case 'core':
      if (target.kind === 'electron') return "electron/core must never import 'electron'";
      if (target.kind === 'layer' && target.layer !== 'shared') return `electron/core may not import electron/${target.layer}`;
      if (target.kind === 'outside') return 'electron/core may not import files outside the source layers';
      return null;
    case 'main':
      if (target.kind === 'layer' && target.layer !== 'core' && target.layer !== 'shared')
        return `electron/main may import core and shared, not ${target.layer}`;
      if (target.kind === 'outside') return 'electron/main may not import files outside the source layers';
      return null;
    case 'preload':
      if (target.kind === 'electron') return null;
      if (target.kind === 'layer' && target.layer === 'shared') return null;
      if (target.kind === 'package' && target.name === 'zod') return null; // the contract's schemas travel with it
      return 'electron/preload may import shared and electron only';
    case 'host':
    case 'cli':
      if (target.kind === 'electron') return `electron/${from} runs without Electron and must not import it`;
      if (target.kind === 'layer' && !['core', 'shared', 'host'].includes(target.layer))
        return `electron/${from} may import core and shared, not ${target.layer}`;
      if (target.kind === 'outside') return `electron/${from} may not import files outside the source layers`;
      return null;
    case 'renderer':
      if (target.kind === 'layer' && target.layer === 'shared')
        return typeOnly ? null : 'the renderer may only `import type` from electron/shared';
      if (target.kind === 'layer') return `the renderer may not import ${target.layer}`;
      if (target.kind === 'electron') return 'the renderer may not import electron';
      if (target.kind === 'node') return 'the renderer may not import Node built-ins';
      if (target.kind === 'outside') return 'the renderer may not import files outside renderer/';
      return null;
    case 'e2e':
      // Development tooling (finding binaries, building) is not the app under test.
      if (target.kind === 'layer' && target.layer === 'tools') return null;
      if (target.kind === 'layer' && target.layer === 'shared')
        return typeOnly ? null : 'e2e tests treat the app as a black box: `import type` from shared at most';
      if (target.kind === 'layer' || target.kind === 'electron')
        return 'e2e tests treat the app as a black box: no imports from the app';
      return null;
    case 'tools':
      return null;
  }
}

/** Every import, re-export and dynamic import() in a TypeScript source text. */
export function importsOf(fileName: string, text: string): ImportRef[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found: ImportRef[] = [];
  const lineOf = (node: ts.Node) => source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const allNamedTypeOnly =
        !!clause &&
        !clause.name &&
        !!clause.namedBindings &&
        ts.isNamedImports(clause.namedBindings) &&
        clause.namedBindings.elements.length > 0 &&
        clause.namedBindings.elements.every((e) => e.isTypeOnly);
      const typeOnly = !!clause && (clause.isTypeOnly || allNamedTypeOnly);
      found.push({ specifier: node.moduleSpecifier.text, typeOnly, line: lineOf(node) });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push({ specifier: node.moduleSpecifier.text, typeOnly: node.isTypeOnly, line: lineOf(node) });
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      found.push({ specifier: node.arguments[0].text, typeOnly: false, line: lineOf(node) });
    } else if (
      ts.isCallExpression(node) &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === 'require' &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      found.push({ specifier: node.arguments[0].text, typeOnly: false, line: lineOf(node) });
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      found.push({ specifier: node.argument.literal.text, typeOnly: true, line: lineOf(node) });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

export function checkFile(root: string, relativeFile: string, text: string): Violation[] {
  const layer = layerOf(relativeFile);
  if (!layer) return [];
  const absolute = path.resolve(root, relativeFile);
  // Tests run under Node with vitest whatever layer they sit in; the layer's
  // rules about other layers and about Electron still hold for them.
  const isTest = /\.test\.ts$/.test(relativeFile);
  const violations: Violation[] = [];
  for (const ref of importsOf(relativeFile, text)) {
    const target = classify(ref.specifier, absolute, root);
    if (isTest && (target.kind === 'node' || (target.kind === 'package' && target.name === 'vitest'))) continue;
    const reason = ruleFor(layer, target, ref.typeOnly);
    if (reason) violations.push({ file: relativeFile, line: ref.line, specifier: ref.specifier, reason });
  }
  return violations;
}
