/**
 * A plugin that records every hook call as a comparable line (timestamps reduced to "set or
 * not", errors to name and message), usable with either SDK.
 */
import type { DurableInstrumentationPlugin, OperationInfo } from '../../src/plugins/types.js';

/** One recorded hook call. */
/** Every hook of the plugin API (§7.2), in the order the official types list them. */
export const PLUGIN_HOOKS = [
  'onInvocationStart',
  'wrapInvocation',
  'onInvocationEnd',
  'onOperationStart',
  'onOperationEnd',
  'onOperationAttemptStart',
  'onOperationAttemptEnd',
  'wrapOperationAttemptFn',
  'wrapChildContextFn',
  'onOperationChange',
  'enrichLogContext',
] as const;

export type HookRecord = Record<string, unknown> & { hook: string };

function errorText(error: unknown): string | undefined {
  return error instanceof Error ? `${error.name}: ${error.message}` : error === undefined ? undefined : JSON.stringify(error);
}

/** An OperationInfo with comparable values. */
export function describeOperation(info: OperationInfo & { outcome?: string }): Record<string, unknown> {
  return {
    id: info.id,
    name: info.name,
    type: info.type,
    subType: info.subType,
    parentId: info.parentId,
    status: info.status,
    start: info.startTimestamp instanceof Date,
    end: info.endTimestamp instanceof Date,
    result: info.result,
    error: errorText(info.error),
    attempt: info.attempt,
    outcome: info.outcome,
    isReplay: info.isReplay,
  };
}

function describeMap(map: Record<string, OperationInfo>): Record<string, string> {
  return Object.fromEntries(Object.entries(map).map(([id, op]) => [id, `${op.type}:${op.status}`]));
}

/** Creates a recording plugin writing into `records`. */
export function recordingPlugin(records: HookRecord[]): DurableInstrumentationPlugin {
  const op = (hook: string) => async (info: OperationInfo) => void records.push({ hook, ...describeOperation(info) });
  // Attempt ends: durable-lambda always sets endTimestamp (beyond 2.4, which leaves it unset on a
  // retried attempt); plugin-fields.test.ts checks it, so the shared recording leaves it out.
  const attemptEnd = async (info: OperationInfo) => {
    const { end: _end, ...rest } = describeOperation(info);
    void records.push({ hook: 'onOperationAttemptEnd', ...rest });
  };
  return {
    onInvocationStart: async (info) =>
      void records.push({
        hook: 'onInvocationStart',
        requestId: info.requestId,
        executionArn: info.executionArn,
        executionInput: info.executionInput,
        isFirstInvocation: info.isFirstInvocation,
        executionStart: info.executionStartTimestamp instanceof Date,
        operations: describeMap(info.operations),
        updatedOperations: describeMap(info.updatedOperations),
      }),
    wrapInvocation: async (info, fn) => {
      records.push({ hook: 'wrapInvocation', isFirstInvocation: info.isFirstInvocation });
      const output = await fn();
      records.push({ hook: 'wrapInvocation:after', status: output.Status });
      return output;
    },
    onInvocationEnd: async (info) =>
      void records.push({
        hook: 'onInvocationEnd',
        status: info.status,
        executionResult: info.executionResult,
        executionError: errorText(info.executionError),
        operations: describeMap(info.operations),
      }),
    onOperationStart: op('onOperationStart'),
    onOperationEnd: op('onOperationEnd'),
    onOperationAttemptStart: op('onOperationAttemptStart'),
    onOperationAttemptEnd: attemptEnd,
    wrapOperationAttemptFn: (info, fn) => {
      records.push({ hook: 'wrapOperationAttemptFn', ...describeOperation(info) });
      return fn();
    },
    wrapChildContextFn: (info, fn) => {
      records.push({ hook: 'wrapChildContextFn', ...describeOperation(info) });
      return fn();
    },
    onOperationChange: async (info) =>
      void records.push({
        hook: 'onOperationChange',
        executionArn: info.executionArn,
        updatedOperations: describeMap(info.updatedOperations),
        operationCount: Object.keys(info.operations).length,
      }),
  };
}
