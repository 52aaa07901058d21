import { describe, expect, it } from 'vitest';
import { checkFile, importsOf } from './import-rules.ts';

const root = '/repo';
const reasons = (file: string, text: string) => checkFile(root, file, text).map((v) => v.specifier);

describe('import rules', () => {
  it('finds static, re-exported, dynamic, required and type-only imports', () => {
    const refs = importsOf(
      'x.ts',
      [
        "import a from 'a';",
        "import type { B } from 'b';",
        "import { type C, type D } from 'c';",
        "import { type E, F } from 'e';",
        "export * from 'f';",
        "const g = await import('g');",
        "const h = require('h');",
        "let i: import('i').I;",
      ].join('\n'),
    );
    expect(refs.map((r) => [r.specifier, r.typeOnly])).toEqual([
      ['a', false],
      ['b', true],
      ['c', true],
      ['e', false],
      ['f', false],
      ['g', false],
      ['h', false],
      ['i', true],
    ]);
  });

  it('keeps electron out of the core, host and cli', () => {
    expect(reasons('electron/core/library.ts', "import { app } from 'electron';")).toEqual(['electron']);
    expect(reasons('electron/host/server.ts', "import { app } from 'electron/main';")).toEqual(['electron/main']);
    expect(reasons('electron/cli/broadsheet.ts', "import { x } from '../main/index.ts';")).toEqual(['../main/index.ts']);
    expect(reasons('electron/core/library.ts', "import { DatabaseSync } from 'node:sqlite'; import { z } from 'zod';")).toEqual([]);
  });

  it('lets the contract depend on zod alone', () => {
    expect(reasons('electron/shared/api.ts', "import { z } from 'zod'; import { A } from './models.ts';")).toEqual([]);
    expect(reasons('electron/shared/api.ts', "import fs from 'node:fs';")).toEqual(['node:fs']);
    expect(reasons('electron/shared/api.ts', "import { L } from '../core/library.ts';")).toEqual(['../core/library.ts']);
  });

  it('lets the renderer import only types from the contract', () => {
    expect(reasons('renderer/api/client.ts', "import type { Api } from '../../electron/shared/api.ts';")).toEqual([]);
    expect(reasons('renderer/api/client.ts', "import { methods } from '../../electron/shared/api.ts';")).toEqual([
      '../../electron/shared/api.ts',
    ]);
    expect(reasons('renderer/app/app.ts', "import { openLibrary } from '../../electron/core/library.ts';")).toHaveLength(1);
    expect(reasons('renderer/app/app.ts', "import { ipcRenderer } from 'electron';")).toHaveLength(1);
    expect(reasons('renderer/app/app.ts', "import fs from 'fs';")).toHaveLength(1);
    expect(reasons('renderer/app/app.ts', "import { LitElement } from 'lit';")).toEqual([]);
  });

  it('keeps the preload to the contract and electron', () => {
    expect(reasons('electron/preload/index.ts', "import { contextBridge } from 'electron'; import { methodNames } from '../shared/api.ts';")).toEqual([]);
    expect(reasons('electron/preload/index.ts', "import fs from 'node:fs';")).toEqual(['node:fs']);
    expect(reasons('electron/preload/index.ts', "import { openLibrary } from '../core/library.ts';")).toHaveLength(1);
  });

  it('lets unit tests use vitest and Node, but not cross layers', () => {
    expect(reasons('electron/shared/api.test.ts', "import { it } from 'vitest'; import fs from 'node:fs';")).toEqual([]);
    expect(reasons('electron/shared/api.ts', "import { it } from 'vitest';")).toEqual(['vitest']);
    expect(reasons('electron/core/x.test.ts', "import { app } from 'electron';")).toEqual(['electron']);
  });

  it('treats the app as a black box from e2e', () => {
    expect(reasons('e2e/specs/a.spec.ts', "import type { Source } from '../../electron/shared/models.ts';")).toEqual([]);
    expect(reasons('e2e/specs/a.spec.ts', "import { createHost } from '../../electron/host/server.ts';")).toHaveLength(1);
    expect(reasons('e2e/specs/a.spec.ts', "import { test } from '@playwright/test';")).toEqual([]);
  });
});
