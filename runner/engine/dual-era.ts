/**
 * The schema a launch judges the client's frames by when the harness plays a server of an earlier,
 * handshake-based revision for a client launched at a stateless one (a client of both eras falling
 * back): two revisions' validators as one.
 */
import type { RevisionValidator, SchemaIssue } from '../validation/types.js';
import { isJsonObject } from '../util/json.js';
import { META } from '../wire/request-meta.js';

/**
 * The validator of a launch where the harness plays a server of an earlier, handshake-based
 * revision for a client launched at a stateless one (a client of both eras falling back): a request
 * or notification that names a stateless version in its `_meta` is judged by `modern`, any other by
 * `legacy`; an answer passes when either revision allows it.
 */
export function dualEraValidator(modern: RevisionValidator, legacy: RevisionValidator): RevisionValidator {
  const isModern = (value: unknown): boolean => {
    const params = isJsonObject(value) && isJsonObject(value.params) ? value.params : undefined;
    return params !== undefined && isJsonObject(params._meta) && typeof params._meta[META.protocolVersion] === 'string';
  };
  const either = (check: (v: RevisionValidator) => SchemaIssue[]): SchemaIssue[] => {
    const issues = check(modern);
    return issues.length === 0 || check(legacy).length === 0 ? [] : issues;
  };
  const pick = (value: unknown): RevisionValidator => (isModern(value) ? modern : legacy);
  return {
    revision: modern.revision,
    catalogue: modern.catalogue,
    message: (value) => (isJsonObject(value) && 'method' in value ? pick(value).message(value) : either((v) => v.message(value))),
    methodMessage: (value) => pick(value).methodMessage(value),
    result: (method, result, params) => either((v) => v.result(method, result, params)),
    definition: (name, value) => modern.definition(name, value),
    hasDefinition: (name) => modern.hasDefinition(name),
  };
}
