/** The tasks-extension helpers of runner/api (2026-07-28), on plain data, and how a task handle is validated. */
import { describe, expect, it } from 'vitest';
import { isEmptyAck, offersTasks, taskHandleOf, taskShapeProblems, TASKS_EXTENSION, withoutTasks, withTasks, type Reply, type ScenarioConnection } from '../runner/api/index.js';
import { getValidator } from '../runner/validation/validator.js';

const result = (value: Record<string, unknown>): Reply => ({ kind: 'result', result: value, message: {} as never, seq: 1 });
const handle = { resultType: 'task', taskId: 't-1', status: 'working', createdAt: '2026-07-28T10:30:00Z', lastUpdatedAt: '2026-07-28T10:30:00Z', ttlMs: 60000, pollIntervalMs: 100 };

describe('tasks extension helpers', () => {
  it('tell whether a server offers the extension', () => {
    expect(offersTasks({ extensions: { [TASKS_EXTENSION]: {} } })).toBe(true);
    expect(offersTasks({ tasks: {} })).toBe(false);
  });

  it('declare the extension besides other capabilities, and take it away from one request', () => {
    expect(withTasks({ elicitation: {} })).toEqual({ elicitation: {}, extensions: { [TASKS_EXTENSION]: {} } });
    const connection = { clientCapabilities: withTasks({ elicitation: {}, extensions: { 'example.com/other': {} } }) } as unknown as ScenarioConnection;
    expect(withoutTasks(connection, { taskId: 'x' })).toEqual({ taskId: 'x', _meta: { 'io.modelcontextprotocol/clientCapabilities': { elicitation: {}, extensions: { 'example.com/other': {} } } } });
  });

  it('read task handles whatever their resultType, and judge the Task fields', () => {
    expect(taskHandleOf(result(handle))?.taskId).toBe('t-1');
    expect(taskHandleOf(result({ ...handle, resultType: 'complete' }))?.taskId).toBe('t-1');
    expect(taskHandleOf(result({ content: [] }))).toBeUndefined();
    expect(taskShapeProblems(handle)).toEqual([]);
    expect(taskShapeProblems({ taskId: 't', status: 'done', ttlMs: 1.5 })).toEqual([
      'status "done" is none of working, input_required, completed, failed, cancelled',
      'createdAt is not a string',
      'lastUpdatedAt is not a string',
      'ttlMs is neither an integer nor null',
    ]);
  });

  it('know an empty acknowledgement', () => {
    expect(isEmptyAck(result({ resultType: 'complete', _meta: {} }))).toBe(true);
    expect(isEmptyAck(result({ resultType: 'complete', taskId: 't' }))).toBe(false);
    expect(isEmptyAck(result({}))).toBe(false);
  });

  it('hold a handle to Result at 2026-07-28 (the core schema does not define it), and a broken CallToolResult still to CallToolResult', () => {
    const validator = getValidator('2026-07-28');
    expect(validator.result('tools/call', handle, { name: 'slow_compute' })).toEqual([]);
    expect(validator.result('tools/call', { ...handle, resultType: 'complete' }, { name: 'slow_compute' })).not.toEqual([]);
  });
});
