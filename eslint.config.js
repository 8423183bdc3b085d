import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = [
  'fs',
  'child_process',
  'net',
  'http',
  'https',
  'os',
  'path',
  'crypto',
  'stream',
  'url',
  'util',
  'events',
  'tls',
  'dns',
  'worker_threads',
  'vm',
  'readline',
  'zlib',
  'buffer',
  'process',
];
const builtinPatterns = NODE_BUILTINS.flatMap((name) => [name, `node:${name}`, `${name}/*`, `node:${name}/*`]);

/** The layer rules of the architecture guide, enforced. */
const noElectron = {
  name: 'electron',
  message: 'Only the Electron shell (electron/*.ts) and preload/ may import electron.',
};

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'test-reports/**',
      'e2e/cluster/**/*.go',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            noElectron,
            ...NODE_BUILTINS.map((name) => ({ name, message: 'shared/ runs on both sides: no Node built-ins.' })),
          ],
          patterns: [
            {
              group: ['**/electron/**', '**/preload/**', '**/renderer/**'],
              message: 'shared/ imports nothing from the app layers.',
            },
            {
              group: builtinPatterns.filter((p) => p.startsWith('node:')),
              message: 'shared/ runs on both sides: no Node built-ins.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/core/**/*.ts', 'electron/server/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [noElectron], patterns: [{ group: ['electron/*'], message: noElectron.message }] },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // Data hooks reset their state when their subscription changes: that is the pattern this rule flags.
      'react-hooks/set-state-in-effect': 'off',
      // This rule reports libraries the React Compiler cannot memoize (TanStack Virtual);
      // Berth does not use the React Compiler, so there is nothing to act on.
      'react-hooks/incompatible-library': 'off',
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron],
          patterns: [
            {
              group: ['**/electron/**', '**/preload/**'],
              message: 'The renderer talks to the backend only through renderer/api/.',
            },
            { group: builtinPatterns, message: 'The renderer runs in a browser: no Node built-ins.' },
          ],
        },
      ],
    },
  },
  {
    files: ['preload/**/*.ts'],
    ignores: ['preload/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/electron/**', '**/renderer/**'],
              message: 'preload/ imports only Electron and types from shared/.',
            },
            { group: builtinPatterns, message: 'The sandboxed preload cannot use Node built-ins.' },
          ],
        },
      ],
    },
  },
);
