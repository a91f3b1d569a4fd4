// Lint rules, including the layering of DESIGN.md, enforced by import restrictions.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const processRule = [
  'error',
  { object: 'process', property: 'exit', message: 'Only runner/cli may end the process.' },
  { object: 'process', property: 'argv', message: 'Only runner/cli reads the command line.' },
  { object: 'process', property: 'exitCode', message: 'Only runner/cli sets the exit code.' },
];

export default tseslint.config(
  { ignores: ['dist/', 'out/', 'node_modules/', 'schemas/*/types.ts', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', fetch: 'readonly', AbortController: 'readonly', TextDecoder: 'readonly', Buffer: 'readonly' } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-properties': processRule,
    },
  },
  {
    files: ['runner/cli/**', 'fixtures/**', 'test/**', 'bench/**', 'scripts/**'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: ['suites/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/runner/**', '!**/runner/api', '!**/runner/api/**'], message: 'Scenarios import only runner/api.' },
            { group: ['**/reports/**'], message: 'Scenarios import only runner/api.' },
          ],
        },
      ],
    },
  },
  {
    files: ['reports/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/runner/**', '**/suites/**'], message: 'Reporters see only the report types.' }] }],
    },
  },
  {
    files: ['runner/**'],
    ignores: ['runner/cli/**', 'runner/index.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/reports/**', '!**/reports/types.js', '!**/reports/summary.js'],
              message: 'The engine never imports a concrete reporter; only runner/cli picks reporters.',
            },
            { group: ['**/suites/**'], message: 'The runner loads scenarios dynamically; it never imports one.' },
          ],
        },
      ],
    },
  },
);
