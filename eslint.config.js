// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import kairos from './lib/build/eslint-boundaries.js';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      '.next/',
      'data/',
      'public/',
      'test-results/',
      'playwright-report/',
      'tests/artifacts/',
      'next-env.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { kairos },
    rules: {
      'kairos/import-boundaries': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
  {
    // Fixture sites' service workers, as a customer would write them.
    files: ['tests/fixtures/sites/**/*.js'],
    languageOptions: { globals: { self: 'readonly', importScripts: 'readonly', setTimeout: 'readonly' } },
  },
);
