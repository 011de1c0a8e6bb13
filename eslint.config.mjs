import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import nextPlugin from '@next/eslint-plugin-next';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { layers } from './eslint.layers.mjs';

export default tseslint.config(
  { ignores: ['node_modules/', '.next/', '.next-*/', '.data/', 'lib/db/generated/', 'lib/ksef/generated/', 'next-env.d.ts', 'test-results/', 'playwright-report/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { '@next/next': nextPlugin, 'react-hooks': reactHooks },
    rules: {
      ...nextPlugin.configs.recommended.rules,
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    // One parsed configuration (lib/config.ts): the app reads no variable behind its back, and a
    // wrong value fails with the variable's name. Scripts, the emulator and tests may read env.
    files: ['lib/**', 'app/**', 'components/**'],
    ignores: ['lib/config.ts'],
    rules: {
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read configuration through lib/config.ts (one zod-parsed reader); lib/ksef takes it as arguments.' }],
    },
  },
  {
    files: ['scripts/**', 'emulator/main.ts', 'prisma/seed.ts', 'tests/**'],
    languageOptions: { globals: globals.node },
    rules: { 'no-console': 'off' },
  },
  // Import boundaries between the layers of README § Architecture (why this plugin: see the file).
  ...layers,
);
