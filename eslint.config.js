// @ts-check
import { readdirSync } from 'node:fs';
import path from 'node:path';
import js from '@eslint/js';
import pluginQuery from '@tanstack/eslint-plugin-query';
import { createNodeResolver, flatConfigs as importX } from 'eslint-plugin-import-x';
// @ts-expect-error -- eslint-plugin-jsx-a11y ships no type declarations
import jsxA11y from 'eslint-plugin-jsx-a11y';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const root = import.meta.dirname;

// ---------------------------------------------------------------------------------------------
// Import direction (docs/decisions/001-import-direction.md). Paths are relative to the repo root.
// ---------------------------------------------------------------------------------------------
const DOMAIN = './src/domain';
const API = './src/api';
const FEATURES = './src/features';
const COMPONENTS = './src/components';
const APP = './src/app';
const MOCKS = './mocks';
const E2E = './e2e';

/** @typedef {{ target: string, from: string | string[], except?: string[], message: string }} Zone */

/** @param {string} target @param {string[]} from @param {string} message @returns {Zone} */
const zone = (target, from, message) => ({ target, from, message });

/**
 * One zone per existing feature folder: it may not import any other feature. import-x cannot say
 * "another folder than mine" with one glob, so the zones are generated from src/features/* each
 * time ESLint loads this config.
 * @returns {Zone[]}
 */
function crossFeatureZones() {
  /** @type {string[]} */
  let features = [];
  try {
    features = readdirSync(path.join(root, 'src/features'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
  } catch {
    // no src/features yet
  }
  return features.map((feature) => ({
    target: `${FEATURES}/${feature}`,
    from: FEATURES,
    except: [`./${feature}`],
    message: `A feature never imports another feature: compose them in src/app, or move shared code to src/components or src/domain.`,
  }));
}

const mocksIntoSrcZone = zone('./src', [MOCKS], 'Only src/app/start-emulator.ts may import mocks/ (one dynamic import).');

const layerZones = [
  zone(DOMAIN, [API, FEATURES, COMPONENTS, APP], 'src/domain is pure: it imports nothing of ours.'),
  zone(API, [FEATURES, COMPONENTS, APP], 'src/api may import only src/domain.'),
  zone(COMPONENTS, [API, FEATURES, APP], 'src/components may import only src/domain.'),
  zone(FEATURES, [APP], 'Features may import src/api, src/domain and src/components, not src/app.'),
  zone(MOCKS, [FEATURES, COMPONENTS, APP], 'mocks/ may import only src/domain and src/api.'),
  zone('./src', [E2E], 'Application code never imports e2e/.'),
  zone(MOCKS, [E2E], 'The emulator never imports e2e/.'),
  ...crossFeatureZones(),
];

/** @param {Zone[]} zones @returns {import('eslint').Linter.RuleEntry} */
const restrictedPaths = (zones) => ['error', { basePath: root, zones }];

const UI_PACKAGES = ['react', 'react/**', 'react-dom', 'react-dom/**', '@mui/**', '@emotion/**'];

const noFetchProperties = ['window', 'globalThis', 'self'].map((object) => ({
  object,
  property: 'fetch',
  message: 'Only src/api talks HTTP.',
}));

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'dist-*/',
      'bench/.dist/',
      'bench/.dist-*/',
      'bench/.probe-*',
      'node_modules/',
      'public/mockServiceWorker.js',
      '.reports/',
      'test-results/',
      'playwright-report/',
      'coverage/',
    ],
  },

  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  importX.recommended,
  importX.typescript,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.browser, ...globals.node },
      parserOptions: {
        projectService: true,
        tsconfigRootDir: root,
      },
    },
    settings: {
      'import-x/resolver-next': [
        createNodeResolver({
          extensions: ['.ts', '.tsx', '.d.ts', '.mjs', '.js', '.json'],
          conditionNames: ['types', 'import', 'browser', 'default', 'require'],
        }),
      ],
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // TypeScript already resolves every import and checks named/default imports.
      'import-x/no-unresolved': 'off',
      'import-x/named': 'off',
      'import-x/namespace': 'off',
      'import-x/default': 'off',
      'import-x/no-named-as-default-member': 'off',
      'import-x/no-default-export': 'error',
      'import-x/no-duplicates': 'error',
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-restricted-paths': restrictedPaths(layerZones),
    },
  },

  // Plain JS (configs, scripts): lint without type information.
  {
    files: ['**/*.{js,mjs,cjs}'],
    ...tseslint.configs.disableTypeChecked,
  },

  // React: hooks, a11y and React Query rules wherever JSX or hooks may live.
  {
    files: ['src/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat.recommended,
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    ...jsxA11y.flatConfigs.recommended,
  },
  ...pluginQuery.configs['flat/recommended'].map((config) => ({ ...config, files: ['src/**/*.{ts,tsx}'] })),

  // src/domain: pure rules, no UI, no I/O, time and randomness passed in.
  {
    files: ['src/domain/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [...UI_PACKAGES, 'msw', 'msw/**', '@tanstack/**'],
              message: 'src/domain is pure: no React, MUI, Emotion, MSW or TanStack.',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', { name: 'fetch', message: 'src/domain does no I/O.' }],
      'no-restricted-properties': [
        'error',
        ...noFetchProperties,
        { object: 'Date', property: 'now', message: 'Domain functions take `now` as an argument.' },
        { object: 'Math', property: 'random', message: 'Domain functions take randomness (ids, seeds) as arguments.' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'Domain functions take `now` as an argument.',
        },
      ],
    },
  },

  // UI and boot: no fetch, HTTP goes through src/api.
  {
    files: ['src/features/**/*.{ts,tsx}', 'src/components/**/*.{ts,tsx}', 'src/app/**/*.{ts,tsx}', 'src/main.tsx'],
    rules: {
      'no-restricted-globals': ['error', { name: 'fetch', message: 'Only src/api talks HTTP.' }],
      'no-restricted-properties': ['error', ...noFetchProperties],
    },
  },

  // Nothing under src/ imports mocks/ ...
  {
    files: ['src/**/*.{ts,tsx}'],
    rules: {
      'import-x/no-restricted-paths': restrictedPaths([...layerZones, mocksIntoSrcZone]),
    },
  },
  // ... except the boot's single dynamic import of the emulator, and tests (which never ship)
  // that drive screens against the same handlers the browser uses.
  {
    files: ['src/app/start-emulator.ts', 'src/**/*.test.{ts,tsx}'],
    rules: {
      'import-x/no-restricted-paths': restrictedPaths(layerZones),
    },
  },

  // The emulator: never UI.
  {
    files: ['mocks/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [...UI_PACKAGES, '@tanstack/react-*'],
              message: 'mocks/ is the Azure emulator: no UI libraries.',
            },
          ],
        },
      ],
    },
  },

  // Tools that demand a default export.
  {
    files: ['vite.config.ts', 'playwright.config.ts', 'eslint.config.js', 'vitest.config.ts', 'bench/**/*.config.ts'],
    rules: {
      'import-x/no-default-export': 'off',
    },
  },
);
