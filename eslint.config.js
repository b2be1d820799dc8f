// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Folder boundaries: the folder says which process code runs in. */
const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'net', 'http', 'crypto', 'events', 'stream', 'util'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'renderer/dist/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/electron/**', '**/renderer/**', 'electron'], message: 'shared/ imports nothing from the other folders.' },
          { group: nodeBuiltins, message: 'shared/ must run in Node and in the browser: no Node built-ins.' },
        ],
      }],
    },
  },
  {
    files: ['electron/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['electron'], message: 'The engine is plain Node: it never imports electron.' },
          { group: ['**/renderer/**', '**/host/**', '**/cli/**'], message: 'The engine never imports renderer/, host/ or cli/.' },
        ],
      }],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    ignores: ['renderer/vite.config.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/electron/**', 'electron'], message: 'The renderer talks only to the Api client it is given.' },
          { group: nodeBuiltins, message: 'The renderer runs in a browser: no Node built-ins.' },
        ],
      }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly' } },
  },
  {
    // Functions that Playwright runs inside the page.
    files: ['bench/ui.mjs'],
    languageOptions: { globals: { window: 'readonly', document: 'readonly', PerformanceObserver: 'readonly', MutationObserver: 'readonly' } },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', exports: 'writable', module: 'writable' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
