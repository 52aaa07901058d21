// `npm run lint` step: fails when any file breaks the import rules of DESIGN.md.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkFile, type Violation } from './import-rules.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const SKIP = new Set(['node_modules', 'dist', '.git', 'test-results', 'playwright-report']);

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name) || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(full);
    else if (/\.(ts|mts|cts|js|mjs|cjs)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) yield full;
  }
}

const violations: Violation[] = [];
let files = 0;
for (const folder of ['electron', 'renderer', 'e2e']) {
  for (const file of sourceFiles(path.join(root, folder))) {
    files += 1;
    violations.push(...checkFile(root, path.relative(root, file), readFileSync(file, 'utf8')));
  }
}

for (const v of violations) console.error(`${v.file}:${v.line}  import '${v.specifier}': ${v.reason}`);
if (violations.length > 0) {
  console.error(`\nImport rules: ${violations.length} violation(s) in ${files} files (see ../shared/DESIGN.md).`);
  process.exit(1);
}
console.log(`Import rules: ${files} files checked, no violations.`);
