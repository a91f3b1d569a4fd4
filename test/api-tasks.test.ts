/** The task helpers of runner/api (2025-11-25 tasks), on plain data, and how task results are validated. */
import { describe, expect, it } from 'vitest';
import { getValidator } from '../runner/validation/validator.js';
import {
  badTimestamps,
  createdTask,
  declaresTaskToolCalls,
  illegalTransitions,
  isIso8601,
  isTerminal,
  relatedTaskOf,
  statusesOf,
  taskCallables,
  taskSupportOf,
  withoutMeta,
} from '../runner/api/index.js';
import { DEFAULT_POLICY } from '../runner/engine/scenario.js';

const task = (status: string, extra: Record<string, unknown> = {}) => ({
  taskId: 't-1',
  status,
  createdAt: '2025-11-25T10:30:00Z',
  lastUpdatedAt: '2025-11-25T10:40:00.123+02:00',
  ttl: 60000,
  ...extra,
});

describe('task helpers', () => {
  it('read taskSupport, "forbidden" when absent', () => {
    expect(taskSupportOf({ name: 'a' })).toBe('forbidden');
    expect(taskSupportOf({ name: 'a', execution: { taskSupport: 'optional' } })).toBe('optional');
    expect(taskSupportOf({ name: 'a', execution: { taskSupport: 'sometimes' } })).toBe('invalid');
  });

  it('pick only callable tools with the asked taskSupport', () => {
    const tools = [
      { name: 'ro-optional', inputSchema: { type: 'object' }, annotations: { readOnlyHint: true }, execution: { taskSupport: 'optional' } },
      { name: 'rw-required', inputSchema: { type: 'object' }, execution: { taskSupport: 'required' } },
      { name: 'ro-plain', inputSchema: { type: 'object' }, annotations: { readOnlyHint: true } },
    ];
    expect(taskCallables(tools, DEFAULT_POLICY, ['optional', 'required']).map((c) => c.name)).toEqual(['ro-optional']);
    expect(taskCallables(tools, DEFAULT_POLICY, ['forbidden']).map((c) => c.name)).toEqual(['ro-plain']);
    expect(taskCallables(tools, { ...DEFAULT_POLICY, callTools: true }, ['required']).map((c) => c.name)).toEqual(['rw-required']);
  });

  it('know when tools/call may be task-augmented', () => {
    expect(declaresTaskToolCalls({ tasks: { requests: { tools: { call: {} } } } })).toBe(true);
    expect(declaresTaskToolCalls({ tasks: { list: {} } })).toBe(false);
    expect(declaresTaskToolCalls({})).toBe(false);
  });

  it('find the task of a CreateTaskResult', () => {
    expect(createdTask({ kind: 'result', result: { task: task('working') }, message: {} as never, seq: 1 })?.taskId).toBe('t-1');
    expect(createdTask({ kind: 'result', result: { content: [] }, message: {} as never, seq: 1 })).toBeUndefined();
    expect(createdTask({ kind: 'timeout', afterMs: 10 })).toBeUndefined();
  });

  it('allow only the moves of the state machine', () => {
    expect(isTerminal('cancelled')).toBe(true);
    expect(isTerminal('input_required')).toBe(false);
    expect(illegalTransitions(['working', 'working', 'input_required', 'working', 'completed', 'completed'])).toEqual([]);
    expect(illegalTransitions(['working', 'completed', 'working'])).toEqual(['completed -> working']);
    expect(illegalTransitions(['cancelled', 'completed'])).toEqual(['cancelled -> completed']);
  });

  it('order statuses by frame, per task', () => {
    const sightings = [
      { task: task('completed'), seq: 9 },
      { task: task('working'), seq: -1 },
      { task: { ...task('failed'), taskId: 'other' }, seq: 3 },
    ];
    expect(statusesOf('t-1', sightings)).toEqual(['working', 'completed']);
  });

  it('accept RFC 3339 timestamps only', () => {
    expect(isIso8601('2025-11-25T10:30:00Z')).toBe(true);
    expect(isIso8601('2025-11-25T10:30:00.5-05:00')).toBe(true);
    expect(isIso8601('Tue Nov 25 2025 10:30:00 GMT+0000')).toBe(false);
    expect(isIso8601('2025-13-25T10:30:00Z')).toBe(false);
    expect(isIso8601(1764066600)).toBe(false);
    expect(badTimestamps([task('working'), task('working', { createdAt: 'yesterday' })])).toEqual(['t-1: createdAt "yesterday"']);
  });

  it('read the related-task metadata and drop _meta', () => {
    expect(relatedTaskOf({ _meta: { 'io.modelcontextprotocol/related-task': { taskId: 't-1' } } })).toBe('t-1');
    expect(relatedTaskOf({ _meta: {} })).toBeUndefined();
    expect(withoutMeta({ content: [], _meta: { a: 1 } })).toEqual({ content: [] });
  });
});

describe('the result of a task-augmented request', () => {
  const validator = getValidator('2025-11-25');
  const created = { task: task('working') };

  it('is judged as a CreateTaskResult when it carries a task', () => {
    expect(validator.result('tools/call', created, { name: 'x', task: { ttl: 1000 } })).toEqual([]);
    expect(validator.result('tools/call', { task: { taskId: 't-1' } }, { name: 'x', task: {} }).length).toBeGreaterThan(0);
  });

  it('is judged as the ordinary result otherwise', () => {
    // A server that does not run the call as a task answers with the tool result.
    expect(validator.result('tools/call', { content: [] }, { name: 'x', task: {} })).toEqual([]);
    // Without `task` in the request, a CreateTaskResult is no CallToolResult.
    expect(validator.result('tools/call', created, { name: 'x' }).length).toBeGreaterThan(0);
    // Before 2025-11-25 there are no tasks.
    expect(getValidator('2025-06-18').result('tools/call', created, { name: 'x', task: {} }).length).toBeGreaterThan(0);
  });
});
