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
            { group: ['**/runner/**', '**/reports/**', '**/fixtures/**'], message: 'Scenarios import only #api (the runner/api module).' },
            { group: ['../**', './*', '!./_*'], message: 'A scenario never imports another scenario; shared helpers go in #api (or a _helper next to it).' },
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
  ...runnerFloors(),
);

/**
 * The runner is built in floors; a module may import its own floor and the ones below, never one
 * above. Leaves (JSON helpers, the transcript, processes, ports, revisions, paths) are at the bottom,
 * the command line at the top. Every floor also keeps the engine's rules: no concrete reporter (only
 * the report types and the pure summary helpers), and no scenario (they are loaded dynamically).
 */
function runnerFloors() {
  const floors = [
    { name: 'leaves', files: ['runner/util/**', 'runner/*.ts'], ignores: ['runner/index.ts'], folders: ['util'] },
    { name: 'validation', files: ['runner/validation/**'], folders: ['validation'] },
    { name: 'transports', files: ['runner/transports/**'], folders: ['transports'] },
    { name: 'wire', files: ['runner/wire/**'], folders: ['wire'] },
    { name: 'targets', files: ['runner/targets/**'], folders: ['targets'] },
    { name: 'engine', files: ['runner/engine/**'], folders: ['engine'] },
    { name: 'api', files: ['runner/api/**'], folders: ['api'] },
    { name: 'cli', files: ['runner/cli/**', 'runner/index.ts'], folders: ['cli'] },
  ];
  const engineRules = [
    {
      group: ['**/reports/**', '!**/reports/types.js', '!**/reports/summary.js', '!**/reports/rollup.js', '!**/reports/shard.js'],
      message: 'The engine never imports a concrete reporter (only the report types and the pure summary, rollup and shard helpers); only runner/cli picks reporters.',
    },
    { group: ['**/suites/**'], message: 'The runner loads scenarios dynamically; it never imports one.' },
  ];
  return floors.map((floor, i) => {
    const above = floors.slice(i + 1);
    const patterns = above.flatMap((upper) =>
      upper.folders.map((folder) => ({
        group: [`**/${folder}/**`, `../${folder}/**`],
        message: `runner floors: ${floor.name} may not import ${upper.name} (a higher floor); move the shared piece down.`,
      })),
    );
    // Root-level leaves import siblings as ./x.js; a leaf must not reach into ./engine/ and so on.
    const rootPatterns = i === 0 ? floors.slice(1).flatMap((upper) => upper.folders.map((folder) => ({ group: [`./${folder}/**`], message: `runner floors: ${floor.name} may not import ${upper.name}.` }))) : [];
    const rules = floor.name === 'cli' ? [] : engineRules;
    return { files: floor.files, ...(floor.ignores ? { ignores: floor.ignores } : {}), rules: { 'no-restricted-imports': ['error', { patterns: [...patterns, ...rootPatterns, ...rules] }] } };
  });
}
