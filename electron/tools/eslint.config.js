// ESLint for the whole repository. The config sits with the other tools, so
// every block is anchored at the repository root with basePath.
// The import rules of DESIGN.md are checked by check-imports.ts, not here,
// because they need to tell type-only imports of the contract apart.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const root = new URL('../..', import.meta.url).pathname;

export default tseslint
  .config(
    { ignores: ['node_modules/**', 'dist/**', 'release/**', 'test-results/**', 'playwright-report/**', 'e2e/.output/**'] },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
      files: ['**/*.ts', '**/*.js'],
      languageOptions: { ecmaVersion: 2024, sourceType: 'module' },
      rules: {
        '@typescript-eslint/no-explicit-any': 'error',
        '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
        '@typescript-eslint/consistent-type-imports': 'error',
        eqeqeq: ['error', 'smart'],
        'no-restricted-properties': [
          'error',
          { object: 'ipcRenderer', property: 'sendSync', message: 'Use invoke; sendSync blocks the renderer.' },
          { object: 'document', property: 'write', message: 'Never write markup as a string into the document.' },
        ],
      },
    },
    { files: ['electron/**/*.{ts,js}', 'e2e/**/*.ts', '.ci/**'], languageOptions: { globals: globals.node } },
    { files: ['renderer/**/*.ts'], languageOptions: { globals: globals.browser } },
  )
  .map((block) => ({ ...block, basePath: root }));
