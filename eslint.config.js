import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const sqlCalls = 'CallExpression[callee.property.name=/^(selectFrom|insertInto|updateTable|deleteFrom|replaceInto|mergeInto)$/]';
const moneyRule = {
  selector: "CallExpression[callee.object.name='Math'][callee.property.name=/^(round|floor|ceil)$/] > BinaryExpression[operator='*'] > Literal[value=0.01]",
  message: 'No floating point money: use src/domain/money.ts',
};

export default tseslint.config(
  { ignores: ['scratch/', 'dist/', 'node_modules/', '.regua/', 'web/dist/', 'bench/data/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', moneyRule],
    },
  },
  // Architecture boundaries (docs/architecture.md).
  {
    // The domain is pure: no database, no I/O, no use cases, no adapters.
    files: ['src/domain/**/*.ts'],
    ignores: ['src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/db/**',
                '**/stores/**',
                '**/use-cases/**',
                '**/http/**',
                '**/cli/**',
                '**/adapters/**',
                '**/channels/**',
                '**/jobs/**',
                '**/config.ts',
                '**/wiring.ts',
              ],
              message: 'src/domain is pure: no database, I/O or use cases',
            },
            {
              group: ['kysely', 'pg', '@electric-sql/*', 'node:fs', 'node:fs/*', 'node:net', 'node:http', 'node:https', 'nodemailer', 'fastify', 'pdfkit'],
              message: 'src/domain is pure: no I/O libraries',
            },
          ],
        },
      ],
    },
  },
  {
    // SQL lives in the store layer only.
    files: ['src/**/*.ts'],
    ignores: ['src/stores/**', 'src/db/**', 'src/**/*.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        moneyRule,
        { selector: sqlCalls, message: 'SQL lives in src/stores (one store per aggregate)' },
        { selector: "TaggedTemplateExpression[tag.name='sql']", message: 'SQL lives in src/stores (one store per aggregate)' },
      ],
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { paths: [{ name: 'kysely', message: 'only src/stores and src/db use the query builder', allowTypeImports: true }] },
      ],
    },
  },
  {
    // Routes and CLI commands call use cases, never stores or the database directly.
    files: ['src/http/routes/**/*.ts', 'src/cli/commands/**/*.ts'],
    ignores: ['src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/stores/**', '**/db/transaction.ts'], message: 'routes and commands call use cases, not stores' }] },
      ],
    },
  },
);
