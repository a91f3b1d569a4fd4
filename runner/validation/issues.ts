import type { ErrorObject } from 'ajv';
import type { SchemaStore } from './schema-store.js';
import type { SchemaIssue } from './types.js';

/**
 * Validates `value` against the schema node at `pointer` and returns ajv's errors with anyOf noise
 * collapsed: ajv (allErrors) reports every failing alternative of a union, so a content block with
 * one missing field yields a dozen complaints about the four shapes it was never meant to be.
 * Each failed anyOf is replaced by the errors of the alternative the value most plausibly meant.
 */
export function collectErrors(store: SchemaStore, pointer: string, value: unknown): ErrorObject[] {
  const validate = store.validator(pointer);
  if (validate(value)) return [];
  return collapse(store, [...(validate.errors ?? [])]);
}

/** True when `path` is `at` or lies below it (JSON pointers). */
function within(path: string, at: string): boolean {
  return at === '' || path === at || path.startsWith(`${at}/`);
}

function collapse(store: SchemaStore, errors: ErrorObject[]): ErrorObject[] {
  // ajv pushes the errors of every alternative first and the anyOf error last, so walking backwards
  // meets an outer anyOf before the inner ones its block contains. Its block is the run of errors just
  // before it at or below its instance path (in the MCP schemas anyOf never shares a node with other
  // keywords, so nothing else at that path can be in the run).
  for (let i = errors.length - 1; i >= 0; i--) {
    const error = errors[i];
    if (!error || error.keyword !== 'anyOf') continue;
    let start = i;
    while (start > 0 && within(errors[start - 1]?.instancePath ?? '', error.instancePath)) start--;
    errors.splice(start, i - start + 1, ...bestAlternative(store, error));
    i = start;
  }
  return errors;
}

/** A failure of the alternative itself rather than of its contents: wrong JSON type or discriminator. */
function isMismatch(error: ErrorObject): boolean {
  if (error.instancePath === '' && error.keyword === 'type') return true;
  return error.keyword === 'const' && /^\/[^/]+$/.test(error.instancePath); // e.g. /type, /method
}

function bestAlternative(store: SchemaStore, anyOf: ErrorObject): ErrorObject[] {
  const alternatives: unknown = anyOf.schema;
  const pointer = store.pointerOf(alternatives);
  if (!Array.isArray(alternatives) || pointer === undefined) return [anyOf];
  let best: { errors: ErrorObject[]; mismatch: boolean } | undefined;
  for (let k = 0; k < alternatives.length; k++) {
    const errors = collectErrors(store, `${pointer}/${k}`, anyOf.data);
    const mismatch = errors.some(isMismatch);
    if (!best || (best.mismatch && !mismatch) || (best.mismatch === mismatch && errors.length < best.errors.length)) {
      best = { errors, mismatch };
    }
  }
  // When no alternative even has the right shape, naming the alternatives says more than any one's errors.
  if (!best || best.mismatch) return [anyOf];
  return best.errors.map((e) => ({ ...e, instancePath: anyOf.instancePath + e.instancePath }));
}

/** A short name for one alternative of an anyOf: its definition name or its JSON type(s). */
function alternativeLabel(alternative: unknown): string {
  if (typeof alternative !== 'object' || alternative === null) return 'an alternative';
  const node = alternative as { $ref?: unknown; type?: unknown };
  if (typeof node.$ref === 'string') return node.$ref.split('/').pop() ?? node.$ref;
  if (typeof node.type === 'string') return node.type;
  if (Array.isArray(node.type)) return node.type.join(' or ');
  return 'an alternative';
}

function orList(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** ajv's message, made specific where ajv leaves out the one fact a maintainer needs. */
function describe(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'type':
      return `must be ${orList(String(params.type).split(','))}`;
    case 'const':
      return `must be ${JSON.stringify(params.allowedValue)}`;
    case 'enum':
      return `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'additionalProperties':
      return `must not have additional property '${String(params.additionalProperty)}'`;
    case 'anyOf':
      return Array.isArray(error.schema)
        ? `must match one of ${orList(error.schema.map(alternativeLabel))}, and matches none`
        : 'must match a schema in anyOf';
    default:
      return error.message ?? `fails ${error.keyword}`;
  }
}

/** Turns ajv errors into issues against `definition`, dropping exact duplicates. */
export function toIssues(errors: ErrorObject[], definition: string): SchemaIssue[] {
  return dedupe(errors.map((e) => ({ path: e.instancePath, message: describe(e), definition })));
}

/** Drops issues with the same path and message as an earlier one (two schemas may say the same thing). */
export function dedupe(issues: SchemaIssue[]): SchemaIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.path}\u0000${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** One line for humans: `/capabilities must be object`, or just the message for the root. */
export function formatIssue(issue: SchemaIssue): string {
  return issue.path === '' ? issue.message : `${issue.path} ${issue.message}`;
}
