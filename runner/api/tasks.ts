/**
 * Helpers for the task scenarios (2025-11-25): which listed tools may run as tasks, what a task
 * looks like on the wire, whether a sequence of statuses is one the task state machine allows, and
 * bounded, event-driven waiting for a task to finish. Self-tested in test/api-tasks.test.ts.
 */
import type { ScenarioConnection } from '../engine/connection.js';
import type { ServerPolicy } from '../engine/scenario.js';
import { isJsonObject, type JsonObject } from '../util/json.js';
import type { Received, Reply } from '../wire/session.js';
import { callableTools, type ToolCall } from './tools.js';

/** The `_meta` key that ties a message to a task. */
export const RELATED_TASK = 'io.modelcontextprotocol/related-task';
export const TERMINAL_STATUSES = ['completed', 'failed', 'cancelled'] as const;
/** tasks/get requests sent at most while waiting for one task. */
export const MAX_TASK_POLLS = 40;
/** Longest wait between two polls, whatever pollInterval the server suggests. */
const MAX_POLL_GAP_MS = 1_000;
const MIN_POLL_GAP_MS = 20;

export type TaskSupport = 'forbidden' | 'optional' | 'required';

/** A tool's `execution.taskSupport`; "forbidden" when absent (the default the text gives). */
export function taskSupportOf(tool: JsonObject): TaskSupport | 'invalid' {
  const value = isJsonObject(tool.execution) ? tool.execution.taskSupport : undefined;
  if (value === undefined) return 'forbidden';
  return value === 'forbidden' || value === 'optional' || value === 'required' ? value : 'invalid';
}

/** The tools the policy allows calling (see callableTools) whose taskSupport is among `support`. */
export function taskCallables(tools: readonly JsonObject[], policy: ServerPolicy, support: readonly TaskSupport[]): ToolCall[] {
  return callableTools(tools, policy).filter((call) => (support as readonly string[]).includes(taskSupportOf(call.tool)));
}

/** Whether the server declared task-augmented tools/call (`tasks.requests.tools.call`). */
export function declaresTaskToolCalls(capabilities: Record<string, unknown>): boolean {
  const tasks = capabilities.tasks;
  const requests = isJsonObject(tasks) ? tasks.requests : undefined;
  const tools = isJsonObject(requests) ? requests.tools : undefined;
  return isJsonObject(tools) && tools.call !== undefined;
}

/** The task of a CreateTaskResult, when the reply is one with a task id. */
export function createdTask(reply: Reply): JsonObject | undefined {
  const task = reply.kind === 'result' && isJsonObject(reply.result) ? reply.result.task : undefined;
  return isJsonObject(task) && typeof task.taskId === 'string' ? task : undefined;
}

export function isTerminal(status: unknown): boolean {
  return (TERMINAL_STATUSES as readonly unknown[]).includes(status);
}

const NEXT: Readonly<Record<string, readonly string[]>> = {
  working: ['input_required', 'completed', 'failed', 'cancelled'],
  input_required: ['working', 'completed', 'failed', 'cancelled'],
};

/**
 * The moves in a task's observed statuses (in the order the server reported them) that the state
 * machine forbids, as "from -> to". A status seen twice in a row is no move.
 */
export function illegalTransitions(statuses: readonly unknown[]): string[] {
  const bad: string[] = [];
  for (let i = 1; i < statuses.length; i++) {
    const from = String(statuses[i - 1]);
    const to = String(statuses[i]);
    if (from !== to && !(NEXT[from] ?? []).includes(to)) bad.push(`${from} -> ${to}`);
  }
  return bad;
}

/** An RFC 3339 date-time (the profile of ISO 8601 the tasks page links to), with a real date in it. */
export function isIso8601(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const match = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.exec(value);
  return match !== null && !Number.isNaN(Date.parse(value)) && Number(match[2]) <= 12 && Number(match[4]) <= 23;
}

/** `taskId: field "value"` for each createdAt/lastUpdatedAt that is not an RFC 3339 timestamp. */
export function badTimestamps(tasks: readonly JsonObject[]): string[] {
  return tasks.flatMap((task) =>
    (['createdAt', 'lastUpdatedAt'] as const).filter((f) => !isIso8601(task[f])).map((f) => `${String(task.taskId)}: ${f} ${JSON.stringify(task[f])}`),
  );
}

/** The task id a message's `_meta` ties it to (related-task), if any. */
export function relatedTaskOf(value: unknown): unknown {
  const meta = isJsonObject(value) ? value._meta : undefined;
  const related = isJsonObject(meta) ? meta[RELATED_TASK] : undefined;
  return isJsonObject(related) ? related.taskId : undefined;
}

/** A task as one frame reported it: for ordering statuses across replies and notifications. */
export interface TaskSighting {
  task: JsonObject;
  seq: number;
}

/** Task status notifications among received frames, as sightings (params are the task). */
export function statusNotifications(received: readonly Received[]): TaskSighting[] {
  return received.flatMap((r) => {
    const message = r.classified?.kind === 'notification' ? r.classified.message : undefined;
    return message?.method === 'notifications/tasks/status' && isJsonObject(message.params) ? [{ task: message.params, seq: r.frame.seq }] : [];
  });
}

/** The statuses of one task, in frame order, from every sighting. */
export function statusesOf(taskId: string, sightings: readonly TaskSighting[]): unknown[] {
  return [...sightings].filter((s) => s.task.taskId === taskId).sort((a, b) => a.seq - b.seq).map((s) => s.task.status);
}

/** What waiting for a task came to: every tasks/get answered, and the last reply. */
export interface TaskWait {
  sightings: TaskSighting[];
  /** The last tasks/get reply (an error when the task vanished, a timeout, ...). */
  last: Reply | undefined;
  /** The task's last status seen, terminal when the wait succeeded. */
  status: unknown;
}

/**
 * Polls tasks/get until the task is terminal, the reply is no task, MAX_TASK_POLLS polls or
 * `budgetMs` have passed. Between polls it waits for a status notification of the task (the
 * server's pollInterval, bounded), so a server that notifies is not polled needlessly.
 */
export async function awaitTerminal(connection: ScenarioConnection, taskId: string, budgetMs: number): Promise<TaskWait> {
  const wait: TaskWait = { sightings: [], last: undefined, status: undefined };
  const deadline = Date.now() + budgetMs;
  for (let poll = 0; poll < MAX_TASK_POLLS && Date.now() < deadline; poll++) {
    const mark = connection.mark();
    const reply = await connection.request('tasks/get', { taskId });
    wait.last = reply;
    if (reply.kind !== 'result' || !isJsonObject(reply.result)) return wait;
    wait.sightings.push({ task: reply.result, seq: reply.seq });
    wait.status = reply.result.status;
    if (isTerminal(wait.status)) return wait;
    const suggested = typeof reply.result.pollInterval === 'number' ? reply.result.pollInterval : MIN_POLL_GAP_MS * 5;
    const gap = Math.min(Math.max(suggested, MIN_POLL_GAP_MS), MAX_POLL_GAP_MS, Math.max(deadline - Date.now(), 0));
    await connection.waitFor((r) => statusNotifications([r]).some((s) => s.task.taskId === taskId), gap, mark);
  }
  return wait;
}

/** A result without its `_meta`, to compare what two calls returned. */
export function withoutMeta(result: JsonObject): JsonObject {
  const { _meta: _ignored, ...rest } = result;
  return rest;
}

/**
 * Watches a task for a while: `polls` tasks/get requests, `gapMs` apart (sooner when a status
 * notification of the task arrives), stopping at a reply that is no task (deleted, an error).
 * Returns what tasks/get and the status notifications reported, in frame order.
 */
export async function watchTask(connection: ScenarioConnection, taskId: string, polls: number, gapMs: number): Promise<TaskSighting[]> {
  const mark = connection.mark();
  const seen: TaskSighting[] = [];
  for (let poll = 0; poll < Math.min(polls, MAX_TASK_POLLS); poll++) {
    if (poll > 0) await connection.waitFor((r) => statusNotifications([r]).some((s) => s.task.taskId === taskId), gapMs, connection.mark());
    const reply = await connection.request('tasks/get', { taskId });
    if (reply.kind !== 'result' || !isJsonObject(reply.result)) break;
    seen.push({ task: reply.result, seq: reply.seq });
  }
  const notified = statusNotifications(await connection.since(mark, 0)).filter((s) => s.task.taskId === taskId);
  return [...seen, ...notified].sort((a, b) => a.seq - b.seq);
}
