/**
 * Validation of report.json against reports/report.schema.json (JSON Schema 2020-12).
 *
 * The schema file is not compiled into dist/, so it is found through the package root: this module runs
 * both as TypeScript source (vitest, `reports/schema.ts`) and compiled (`dist/reports/schema.js`), and the
 * published package ships `reports/report.schema.json` next to `package.json`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';

/** Walks up from this module's directory to the nearest directory holding a package.json. */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`report schema: no package.json above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

/** Absolute path of report.schema.json in this installation. */
export function reportSchemaPath(): string {
  return join(packageRoot(), 'reports', 'report.schema.json');
}

/** The parsed report schema (read once). */
export function reportSchema(): Record<string, unknown> {
  return compiled().schema;
}

let cache: { schema: Record<string, unknown>; validate: ValidateFunction } | undefined;

function compiled(): { schema: Record<string, unknown>; validate: ValidateFunction } {
  if (cache) return cache;
  const schema = JSON.parse(readFileSync(reportSchemaPath(), 'utf8')) as Record<string, unknown>;
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  // ajv-formats is CommonJS; under NodeNext its default import is module.exports, whose `.default` is the plugin.
  formats.default(ajv, ['date-time']);
  cache = { schema, validate: ajv.compile(schema) };
  return cache;
}

function describe(error: ErrorObject): string {
  const where = error.instancePath === '' ? '(root)' : error.instancePath;
  const params = error.params as Record<string, unknown>;
  let detail = '';
  if (typeof params['additionalProperty'] === 'string') detail = `: ${params['additionalProperty']}`;
  else if (Array.isArray(params['allowedValues'])) detail = `: ${params['allowedValues'].map((v) => JSON.stringify(v)).join(', ')}`;
  else if ('allowedValue' in params) detail = `: ${JSON.stringify(params['allowedValue'])}`;
  return `${where} ${error.message ?? 'is invalid'}${detail}`;
}

/**
 * Validates a value against the report schema.
 * @returns one readable issue per violation (`<JSON pointer> <problem>`), or [] when the value is a valid report.
 */
export function validateReport(value: unknown): string[] {
  const { validate } = compiled();
  if (validate(value)) return [];
  const issues = (validate.errors ?? []).map(describe);
  return [...new Set(issues)];
}
