import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

/** One layer's import rules, as ESLint patterns matched against each import's specifier. */
function layer(files, patterns, { sql = true } = {}) {
  return {
    files: [files.replace(/\*\*$/, '**/*.{ts,tsx}')],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns }],
      // Kysely's query builders are reached through a Db handle, not an import: catch the calls too.
      ...(sql
        ? {}
        : {
            'no-restricted-syntax': [
              'error',
              {
                selector: `CallExpression[callee.property.name=/^(${QUERY_BUILDERS})$/]`,
                message: 'Only src/store builds SQL: add or reuse a repository function',
              },
            ],
          }),
    },
  };
}
const QUERY_BUILDERS = 'selectFrom|insertInto|updateTable|deleteFrom|replaceInto|mergeInto|selectNoFrom';

export default tseslint.config(
  { ignores: ['node_modules', 'data', 'dist', 'test-output', 'coverage', '.scratch'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            {
              from: 'package',
              package: 'node:test',
              name: ['test', 'it', 'describe', 'suite', 'before', 'after'],
            },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/require-await': 'off',
    },
  },
  // The layers' boundaries (ARCHITECTURE.md): dependencies point inward, http → app → domain, and
  // only the store speaks SQL. A forbidden import fails `npm run check`.
  layer('src/domain/**', [
    {
      regex: String.raw`(^|/)(app|store|http|web)/`,
      message: 'domain imports nothing of app, store, http or web',
    },
    { regex: String.raw`^(node:|kysely$|pg$|fastify$|@fastify/|react)`, message: 'domain does no I/O' },
  ]),
  layer('src/store/**', [
    { regex: String.raw`(^|/)(app|http|web)/`, message: 'store imports only domain' },
    { regex: String.raw`^(fastify$|@fastify/)`, message: 'store knows no HTTP' },
  ]),
  layer(
    'src/app/**',
    [
      { regex: String.raw`(^|/)(http|web)/`, message: 'app imports neither http nor web' },
      { regex: String.raw`^(fastify$|@fastify/)`, message: 'app never imports Fastify' },
      {
        regex: String.raw`^(kysely|pg)$`,
        message: 'app speaks to the database only through store/ repositories',
      },
    ],
    { sql: false },
  ),
  layer(
    'src/http/**',
    [
      {
        regex: String.raw`(^|/)(store|web)/`,
        message: 'http imports neither store nor web: call a use case in app/',
      },
      { regex: String.raw`^(kysely|pg)$`, message: 'http writes no SQL' },
    ],
    { sql: false },
  ),
  {
    files: ['src/web/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: String.raw`(^|/)(app|store|http)/`,
              message: 'the portal talks to the server over HTTP only',
            },
            {
              regex: String.raw`(^|/)domain/`,
              allowTypeImports: true,
              message: 'the portal may import only types from domain',
            },
          ],
        },
      ],
    },
  },
  {
    // The portal (React): hooks must keep their order and name what they depend on.
    files: ['src/web/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    // Tests read JSON answers of many shapes; typing each would add noise, not safety.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
    },
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
);
