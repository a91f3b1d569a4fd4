import { describeRevision, type Revision } from '../revisions.js';
import { collectErrors, dedupe, toIssues } from './issues.js';
import { SchemaStore } from './schema-store.js';
import type { MethodCatalogue, MethodInfo, RevisionValidator, SchemaIssue } from './types.js';
import { isJsonObject } from '../util/json.js';

export { formatIssue } from './issues.js';

function prefixed(issues: SchemaIssue[], prefix: string): SchemaIssue[] {
  return issues.map((issue) => ({ ...issue, path: prefix + issue.path }));
}

class Validator implements RevisionValidator {
  readonly revision: Revision;
  readonly catalogue: MethodCatalogue;
  private readonly store: SchemaStore;
  private readonly methods: Map<string, MethodInfo>;
  /** Envelope definitions; the names changed in 2025-11-25 (JSONRPCResponse became a union). */
  private readonly envelope: { request: string; notification: string; result: string; error: string };
  private readonly batches: boolean;
  private readonly inputRequired: boolean;

  constructor(revision: Revision) {
    this.revision = revision;
    this.store = new SchemaStore(revision);
    this.catalogue = this.store.catalogue;
    this.methods = new Map(this.catalogue.methods.map((info) => [info.method, info]));
    // The descriptor names the envelope definitions and says whether batches exist; a unit test
    // holds it to the schema (test/runner-revisions.test.ts).
    const descriptor = describeRevision(revision);
    this.envelope = { request: 'JSONRPCRequest', notification: 'JSONRPCNotification', ...descriptor.schema.envelope };
    this.batches = descriptor.batches;
    this.inputRequired = descriptor.schema.inputRequired;
  }

  message(value: unknown): SchemaIssue[] {
    if (Array.isArray(value)) return this.batch(value);
    return this.single(value);
  }

  methodMessage(value: unknown): SchemaIssue[] {
    if (!isJsonObject(value) || typeof value.method !== 'string') return [];
    const info = this.methods.get(value.method);
    if (!info) return []; // vendor or future methods: message() still checks the envelope
    const issues: SchemaIssue[] = [];
    // Up to 2025-06-18 a method definition (e.g. InitializeRequest) lists only method and params; the
    // envelope is checked here too so that methodMessage means the same in every revision.
    if (!this.store.defs[info.definition]?.properties?.jsonrpc) {
      const envelope = info.kind === 'request' ? this.envelope.request : this.envelope.notification;
      issues.push(...this.validate(envelope, value));
    }
    issues.push(...this.validate(info.definition, value));
    // The notification definitions allow extra members, but JSON-RPC defines a notification as a
    // request without an id: an id here means the sender expects an answer that will never come.
    if (info.kind === 'notification' && 'id' in value) {
      issues.push({ path: '/id', message: `must be absent: ${info.method} is a notification`, definition: info.definition });
    }
    return dedupe(issues);
  }

  result(method: string, result: unknown, params?: unknown): SchemaIssue[] {
    const info = this.methods.get(method);
    // The harness sends unknown methods, and notification methods as requests, on purpose; an answer
    // to those is judged as what every result is at least: a Result. It must never throw mid-session.
    if (!info?.result) return this.validate('Result', result);
    if (this.createsTask(info, params, result)) return this.validate('CreateTaskResult', result);
    // resultType "task" is the tasks extension's handle (io.modelcontextprotocol/tasks), which the
    // core schema does not define: it is held to Result here, and the extension's scenarios judge the rest.
    if (this.inputRequired && isJsonObject(result) && result.resultType === 'task') return this.validate('Result', result);
    const name = this.allowsInputRequired(info) && isJsonObject(result) && result.resultType === 'input_required'
      ? 'InputRequiredResult'
      : info.result;
    return this.validate(name, result);
  }

  definition(name: string, value: unknown): SchemaIssue[] {
    if (!this.store.hasDefinition(name)) throw new Error(`the ${this.revision} schema has no definition ${name}`);
    return this.validate(name, value);
  }

  hasDefinition(name: string): boolean {
    return this.store.hasDefinition(name);
  }

  private validate(name: string, value: unknown): SchemaIssue[] {
    return toIssues(collectErrors(this.store, this.store.pointerOfDefinition(name), value), name);
  }

  /**
   * One message, checked against the envelope its shape claims rather than against the JSONRPCMessage
   * union: the union accepts `{"jsonrpc":"2.0","id":null,"method":"x"}` as a notification (extra members
   * are allowed), yet JSON-RPC says a message with an id is a request, and a request id is never null.
   * The shape also says which alternative's errors are worth reporting when the union fails.
   */
  private single(value: unknown): SchemaIssue[] {
    if (!isJsonObject(value)) return [{ path: '', message: 'must be object', definition: 'JSONRPCMessage' }];
    let name: string;
    if ('method' in value) name = 'id' in value ? this.envelope.request : this.envelope.notification;
    else name = 'error' in value ? this.envelope.error : this.envelope.result;
    const issues = this.validate(name, value);
    if ('result' in value && 'error' in value) {
      issues.push({ path: '', message: "must not have both 'result' and 'error'", definition: 'JSONRPCMessage' });
    }
    return issues;
  }

  private batch(items: unknown[]): SchemaIssue[] {
    if (!this.batches) {
      return [{ path: '', message: `must be object (${this.revision} has no JSON-RPC batches)`, definition: 'JSONRPCMessage' }];
    }
    if (items.length === 0) return [{ path: '', message: 'must not be an empty batch', definition: 'JSONRPCMessage' }];
    const issues = items.flatMap((item, i) => prefixed(this.single(item), `/${i}`));
    // Each item may be fine while the mix is not: a batch holds requests and notifications, or responses.
    if (issues.length === 0 && !this.store.validator(this.store.pointerOfDefinition('JSONRPCMessage'))(items)) {
      issues.push({
        path: '',
        message: 'must hold only requests and notifications, or only responses',
        definition: 'JSONRPCMessage',
      });
    }
    return issues;
  }

  /**
   * 2025-11-25's tasks: a request whose params carry `task` (where its params definition has that
   * member) is answered with a CreateTaskResult when the receiver runs it as a task, and with its
   * ordinary result when it does not (a receiver that does not declare tasks for the request type
   * ignores the member). The `task` member of the result is what tells them apart.
   */
  private createsTask(info: MethodInfo, params: unknown, result: unknown): boolean {
    if (!isJsonObject(params) || !isJsonObject(params.task) || !isJsonObject(result) || !('task' in result)) return false;
    if (!info.params || !this.store.hasDefinition('CreateTaskResult')) return false;
    return isJsonObject(this.store.defs[info.params]?.properties?.task);
  }

  /**
   * From 2026-07-28 a server may answer some requests (tools/call, prompts/get, resources/read) with an
   * InputRequiredResult instead; the schema says which in `<Name>ResultResponse`. The anyOf there cannot
   * be used as is: InputRequiredResult requires only `resultType`, so it would accept any broken result.
   * `resultType: "input_required"` is the discriminator the spec defines, so it picks the definition.
   */
  private allowsInputRequired(info: MethodInfo): boolean {
    if (!this.inputRequired) return false;
    const response = this.store.defs[info.definition.replace(/Request$/, 'ResultResponse')];
    const alternatives: unknown = response?.properties?.result?.anyOf;
    return Array.isArray(alternatives) && alternatives.some((a) => isJsonObject(a) && a.$ref === `#/${this.store.defsKey}/InputRequiredResult`);
  }
}

const validators = new Map<Revision, RevisionValidator>();

/**
 * The schema validator of one revision, created on first use and shared afterwards. Creating it reads
 * the vendored schema and catalogue; each definition is compiled the first time it is used.
 *
 * Where the bare schema is too permissive to judge a message, it applies JSON-RPC's own rules, and says so
 * in the issue: `message()` checks a value against the envelope its shape claims (an `id` makes it a
 * request, so `id: null` fails), refuses `result` together with `error`, and empty or mixed batches;
 * `methodMessage()` refuses an `id` on a notification. `result()` validates against the generic `Result`
 * for a method the revision defines no result for (unknown methods, notifications sent as requests).
 */
export function getValidator(revision: Revision): RevisionValidator {
  let validator = validators.get(revision);
  if (!validator) {
    validator = new Validator(revision);
    validators.set(revision, validator);
  }
  return validator;
}
