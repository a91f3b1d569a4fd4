/**
 * Validation of report.json against reports/report.schema.json (JSON Schema 2020-12).
 * The published package also ships the schema file itself, for other tools.
 */
import { createRequire } from 'node:module';
import type { Ajv2020, ErrorObject, Options, ValidateFunction } from 'ajv/dist/2020.js';
// Imported as a module, so sources and dist/ find it the same way (tsc copies it next to this file).
import schemaDocument from './report.schema.json' with { type: 'json' };

/** The parsed report schema. */
export function reportSchema(): Record<string, unknown> {
  return schemaDocument as Record<string, unknown>;
}

// ajv is CommonJS and costs ~70 ms to load: required on first validation, not when a reporter is imported.
const require = createRequire(import.meta.url);

let cache: { schema: Record<string, unknown>; validate: ValidateFunction } | undefined;

function compiled(): { schema: Record<string, unknown>; validate: ValidateFunction } {
  if (cache) return cache;
  const schema = reportSchema();
  const { Ajv2020: Ajv } = require('ajv/dist/2020') as { Ajv2020: new (options: Options) => Ajv2020 };
  const ajv = new Ajv({ allErrors: true, strict: true });
  // ajv-formats' module.exports is the plugin, with the same function as `.default`.
  (require('ajv-formats') as { default: (ajv: Ajv2020, formats: string[]) => void }).default(ajv, ['date-time']);
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
