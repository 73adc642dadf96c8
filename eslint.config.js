// Type-aware linting: the rules that catch real mistakes (floating promises, misused promises),
// not style — the formatter owns style.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

/**
 * The layers, held by the linter (docs/ARCHITECTURE.md, "Layers"): SQL is written only in the
 * repositories (src/server/db/repositories, whose building blocks are in its sql/ folder) and in
 * the database's own plumbing named here; nothing else builds a query, imports Kysely's values or
 * the repositories' SQL building blocks. HTTP code reaches the database only through the domain.
 * No module depends at run time on one that depends back on it.
 */
const DATABASE_PLUMBING = [
  'src/server/db/repositories/**',
  'src/server/db/migrations/**',
  'src/server/db/database.ts',
  'src/server/db/migrate.ts',
  'src/server/db/unit-of-work.ts',
  'src/server/db/embedded-backup.ts',
  'src/server/db/dialects/**',
];
const QUERY_BUILDERS = ['selectFrom', 'insertInto', 'updateTable', 'deleteFrom', 'mergeInto', 'selectNoFrom', 'replaceInto'];
const BUILDERS = new RegExp(`^(${QUERY_BUILDERS.join('|')})$`).source;
const SQL_OUTSIDE_REPOSITORIES = [
  {
    selector: `CallExpression[callee.type='MemberExpression'][callee.property.name=/${BUILDERS}/]`,
    message: 'SQL is written only in src/server/db/repositories: add a repository function and call it.',
  },
  {
    selector: `CallExpression[callee.type='MemberExpression'][callee.computed=true][callee.property.value=/${BUILDERS}/]`,
    message: 'SQL is written only in src/server/db/repositories: add a repository function and call it.',
  },
  {
    selector: "ImportExpression[source.value='kysely']",
    message: 'SQL is written only in src/server/db/repositories: import Kysely types only (`import type`).',
  },
];
const KYSELY_VALUES = {
  name: 'kysely',
  allowTypeImports: true,
  message: 'SQL is written only in src/server/db/repositories: import Kysely types only (`import type`).',
};
const SQL_BUILDING_BLOCKS = {
  group: ['**/repositories/sql/*'],
  allowTypeImports: true,
  message: 'These build SQL for the repositories: call a repository function instead.',
};

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'data/**',
      'src/web/public/**',
      '.tmp/**',
      'node_modules/**',
      'scripts/**/*.mjs',
      'bench/**/*.mjs',
      'bin/**',
      'eslint.config.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      '@typescript-eslint/restrict-template-expressions': 'off',
      '@typescript-eslint/only-throw-error': 'off',
      '@typescript-eslint/no-redundant-type-constituents': 'off',
      '@typescript-eslint/no-base-to-string': 'off',
    },
  },
  {
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    plugins: { 'import-x': importX },
    settings: {
      ...importX.flatConfigs.typescript.settings,
      'import-x/resolver': undefined,
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    rules: { 'import-x/no-cycle': 'error' },
  },
  {
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    ignores: [...DATABASE_PLUMBING, '**/*.test.ts'],
    rules: {
      'no-restricted-syntax': ['error', ...SQL_OUTSIDE_REPOSITORIES],
      '@typescript-eslint/no-restricted-imports': ['error', { paths: [KYSELY_VALUES], patterns: [SQL_BUILDING_BLOCKS] }],
    },
  },
  {
    files: ['src/server/http/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [KYSELY_VALUES],
          patterns: [
            SQL_BUILDING_BLOCKS,
            {
              group: ['**/db/*', '**/db/**/*'],
              allowTypeImports: true,
              message: 'HTTP code reaches the database through the domain: call a domain function (types may be imported).',
            },
          ],
        },
      ],
    },
  },
  { files: ['src/server/db/migrations/**'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
);
