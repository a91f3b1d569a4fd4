/**
 * The tasks extension (`io.modelcontextprotocol/tasks`) of the stateless revisions: whether a server
 * offers it, the capabilities that declare it on a request (or leave it out), task handles, and
 * polling tasks/get until a task reaches a status. The extension's text lives in its own repository
 * (specification/draft/tasks.md of modelcontextprotocol/ext-tasks); the core text names it in
 * basic/versioning#extension-negotiation.
 */
import type { ScenarioConnection } from '../engine/connection.js';
import type { ServerScenarioContext } from '../engine/scenario.js';
import { isJsonObject, type JsonObject } from '../util/json.js';
import { META } from '../wire/request-meta.js';
import type { Reply } from '../wire/session.js';
import { fixtureGate, type FixtureGate } from './fixtures.js';
import { TASKS_EXTENSION } from './modern.js';
import { TERMINAL_STATUSES } from './tasks.js';

export const TASK_STATUSES = ['working', 'input_required', 'completed', 'failed', 'cancelled'] as const;
/** tasks/get requests sent at most while waiting for one task. */
export const MAX_EXT_POLLS = 60;
const MIN_GAP_MS = 20;
const MAX_GAP_MS = 1_000;

/** Whether the server's capabilities declare the tasks extension. */
export function offersTasks(capabilities: Record<string, unknown>): boolean {
  const extensions = capabilities.extensions;
  return isJsonObject(extensions) && extensions[TASKS_EXTENSION] !== undefined;
}

/**
 * The fixture gate of a tasks-extension scenario: the connection declares the extension (and
 * `others`), and the scenario is skipped, not applicable, when the server does not declare it or
 * when the fixture tool `tool` cannot be called.
 */
export async function tasksGate(t: ServerScenarioContext, tool?: string, others: JsonObject = {}): Promise<FixtureGate> {
  const gate = await fixtureGate(t, { capabilities: withTasks(others) });
  if (!offersTasks(gate.connection.serverCapabilities)) return t.skip(`the server does not declare the ${TASKS_EXTENSION} extension in server/discover`);
  const missing = tool === undefined ? undefined : gate.toolMissing(tool);
  return missing === undefined ? gate : t.skip(missing);
}

/** Client capabilities with the tasks extension declared besides `others`. */
export function withTasks(others: JsonObject = {}): JsonObject {
  const extensions = isJsonObject(others.extensions) ? others.extensions : {};
  return { ...others, extensions: { ...extensions, [TASKS_EXTENSION]: {} } };
}

/** `params` sent with the connection's capabilities minus the tasks extension (a request that does not declare it). */
export function withoutTasks(connection: ScenarioConnection, params: JsonObject = {}): JsonObject {
  const { extensions, ...rest } = connection.clientCapabilities;
  const others = isJsonObject(extensions) ? Object.fromEntries(Object.entries(extensions).filter(([key]) => key !== TASKS_EXTENSION)) : {};
  const capabilities = Object.keys(others).length > 0 ? { ...rest, extensions: others } : rest;
  const own = isJsonObject(params._meta) ? params._meta : {};
  return { ...params, _meta: { ...own, [META.clientCapabilities]: capabilities } };
}

/**
 * The task a reply hands back, when it is a task handle: a result naming a taskId and a status
 * (whatever its resultType says, so that a wrong type can be judged).
 */
export function taskHandleOf(reply: Reply): JsonObject | undefined {
  if (reply.kind !== 'result') return undefined;
  return typeof reply.result.taskId === 'string' && typeof reply.result.status === 'string' ? reply.result : undefined;
}

/** What is wrong with a Task object's base fields (taskId, status, timestamps, ttlMs, pollIntervalMs); [] when nothing. */
export function taskShapeProblems(task: JsonObject): string[] {
  const problems: string[] = [];
  if (typeof task.taskId !== 'string') problems.push('taskId is not a string');
  if (!(TASK_STATUSES as readonly unknown[]).includes(task.status)) problems.push(`status ${JSON.stringify(task.status)} is none of ${TASK_STATUSES.join(', ')}`);
  for (const field of ['createdAt', 'lastUpdatedAt'] as const) if (typeof task[field] !== 'string') problems.push(`${field} is not a string`);
  if (!(task.ttlMs === null || (typeof task.ttlMs === 'number' && Number.isInteger(task.ttlMs)))) problems.push('ttlMs is neither an integer nor null');
  if (task.pollIntervalMs !== undefined && !(typeof task.pollIntervalMs === 'number' && Number.isInteger(task.pollIntervalMs))) problems.push('pollIntervalMs is not an integer');
  return problems;
}

/** What polling a task came to: every tasks/get result in order, and the last reply. */
export interface TaskPoll {
  /** The tasks/get results, with the frame each came in. */
  seen: { task: JsonObject; seq: number }[];
  /** The last reply (an error when the task vanished, a timeout, ...). */
  last: Reply | undefined;
  /** The last task seen, when the last reply was one. */
  task: JsonObject | undefined;
}

/** Whether a status is terminal (completed, failed, cancelled). */
export function isTerminalStatus(status: unknown): boolean {
  return (TERMINAL_STATUSES as readonly unknown[]).includes(status);
}

/**
 * Polls tasks/get for `taskId` until `done` holds for the task (by default: a terminal status), a
 * reply is no task, MAX_EXT_POLLS polls or `budgetMs` have passed; between polls it waits the
 * task's pollIntervalMs, bounded.
 */
export async function pollTask(connection: ScenarioConnection, taskId: string, budgetMs: number, done: (task: JsonObject) => boolean = (task) => isTerminalStatus(task.status)): Promise<TaskPoll> {
  const poll: TaskPoll = { seen: [], last: undefined, task: undefined };
  const deadline = Date.now() + budgetMs;
  for (let n = 0; n < MAX_EXT_POLLS && Date.now() < deadline; n++) {
    const reply = await connection.request('tasks/get', { taskId });
    poll.last = reply;
    poll.task = reply.kind === 'result' ? reply.result : undefined;
    if (!poll.task || reply.kind !== 'result') return poll;
    poll.seen.push({ task: poll.task, seq: reply.seq });
    if (done(poll.task) || isTerminalStatus(poll.task.status)) return poll;
    const suggested = typeof poll.task.pollIntervalMs === 'number' ? poll.task.pollIntervalMs : MIN_GAP_MS * 5;
    await new Promise((resolve) => setTimeout(resolve, Math.min(Math.max(suggested, MIN_GAP_MS), MAX_GAP_MS, Math.max(deadline - Date.now(), 0))));
  }
  return poll;
}

/** Whether a result is an empty acknowledgement: nothing but resultType "complete" (and _meta). */
export function isEmptyAck(reply: Reply): boolean {
  if (reply.kind !== 'result') return false;
  const { _meta: _ignored, resultType, ...rest } = reply.result;
  return resultType === 'complete' && Object.keys(rest).length === 0;
}
