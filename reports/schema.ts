/**
 * Validation of report.json against reports/report.schema.json (JSON Schema 2020-12).
 * The published package also ships the schema file itself, for other tools.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
// Imported as a module, so sources and dist/ find it the same way (tsc copies it next to this file).
import schemaDocument from './report.schema.json' with { type: 'json' };

/** The parsed report schema. */
export function reportSchema(): Record<string, unknown> {
  return schemaDocument as Record<string, unknown>;
}

let cache: { schema: Record<string, unknown>; validate: ValidateFunction } | undefined;

function compiled(): { schema: Record<string, unknown>; validate: ValidateFunction } {
  if (cache) return cache;
  const schema = reportSchema();
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
