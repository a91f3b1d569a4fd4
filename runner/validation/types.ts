import type { Revision } from '../revisions.js';

/** One schema complaint, in terms a maintainer can act on. */
export interface SchemaIssue {
  /** JSON pointer into the validated value, '' for the root. */
  path: string;
  message: string;
  /** The schema definition that was applied, e.g. `InitializeResult`. */
  definition: string;
}

/** Who may send a method, read from the schema's ClientRequest/ServerRequest (etc.) unions. */
export type Sender = 'client' | 'server';

/** One entry of a revision's method catalogue, generated from its schema. */
export interface MethodInfo {
  method: string;
  kind: 'request' | 'notification';
  /** Definition of the whole message, e.g. `InitializeRequest`. */
  definition: string;
  /** Definition of `params`, when the schema names one. */
  params?: string;
  /** Definition of the result, for requests, e.g. `InitializeResult` or `EmptyResult`. */
  result?: string;
  senders: Sender[];
}

export interface MethodCatalogue {
  revision: Revision;
  methods: MethodInfo[];
}

/**
 * Validates values against one revision's official JSON schema.
 * All functions return [] for a valid value.
 */
export interface RevisionValidator {
  readonly revision: Revision;
  readonly catalogue: MethodCatalogue;
  /** Any JSON-RPC message envelope (request, notification, result or error response). */
  message(value: unknown): SchemaIssue[];
  /** A request or notification against the definition of its method, when the method is known. */
  methodMessage(value: unknown): SchemaIssue[];
  /**
   * A result object against the result definition of `method`. With the request's `params`, a
   * task-augmented request (params.task) answered with a `task` is judged as a CreateTaskResult.
   */
  result(method: string, result: unknown, params?: unknown): SchemaIssue[];
  /** Any named definition. Throws if the revision has no such definition. */
  definition(name: string, value: unknown): SchemaIssue[];
  hasDefinition(name: string): boolean;
}
