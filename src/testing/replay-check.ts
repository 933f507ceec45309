/**
 * Replay check: runs a finished execution's handler once more against its recorded operations
 * (every one completed), as Lambda would on a late re-invocation, and reports whether the code
 * took the same path and reached the same result.
 */
import type { ErrorObject, OperationUpdate } from '../protocol.js';
import { visibleOperations } from '../service/execution-state.js';
import { inProcessInvoker, type LambdaHandler } from '../service/invokers/in-process-invoker.js';
import type { DurableTestExecution } from './test-runner.js';

/** Options of {@link replayExecution} and {@link assertReplayDeterministic}. */
export interface ReplayCheckOptions {
  /** Handler to replay (default: the one the runner that started the execution runs). */
  handler?: LambdaHandler;
}

/** What the replay did. */
export interface ReplayReport {
  /** Status the replay invocation returned (`PENDING` when it stopped at a new operation). */
  status: 'SUCCEEDED' | 'FAILED' | 'PENDING' | 'ERROR';
  result?: string;
  error?: ErrorObject;
  /** Checkpoint updates the replay sent for operations of its own (none when deterministic). */
  newUpdates: OperationUpdate[];
  /** Output lines the replay wrote (mode-aware logging keeps replayed lines out). */
  logs: string[];
}

/**
 * Raised by {@link assertReplayDeterministic}; `report` holds what the replay did.
 *
 * @example
 * ```ts
 * try { await assertReplayDeterministic(execution); }
 * catch (e) { if (e instanceof ReplayMismatchError) console.log(e.report.newUpdates); }
 * ```
 */
export class ReplayMismatchError extends Error {
  override name = 'ReplayMismatchError';
  constructor(
    message: string,
    readonly report: ReplayReport,
  ) {
    super(message);
  }
}

/**
 * Replays a finished (SUCCEEDED or FAILED) execution from its history in one invocation.
 *
 * @example
 * const execution = runner.start({ orderId: 1 });
 * await execution.result();
 * const report = await replayExecution(execution);
 * // report.status === 'SUCCEEDED', report.newUpdates.length === 0
 */
export const replayExecution = async (execution: DurableTestExecution, options: ReplayCheckOptions = {}): Promise<ReplayReport> => {
  const exec = execution.service.execution(execution.arn);
  if (exec.status !== 'SUCCEEDED' && exec.status !== 'FAILED') {
    throw new Error(`Only a SUCCEEDED or FAILED execution can be replayed; ${execution.arn} is ${exec.status}`);
  }
  const handler = options.handler ?? execution.handler;
  if (handler === undefined) throw new Error('No handler to replay: pass { handler } or start the execution with a DurableTestRunner');
  // The log as the service would send it to one more invocation: EXECUTION still open.
  const operations = visibleOperations(exec).map((op) => {
    if (op.Type !== 'EXECUTION') return op;
    const open = { ...op, Status: 'STARTED' as const };
    delete open.EndTimestamp;
    return open;
  });
  const known = new Set(operations.map((op) => op.Id));
  const updates: OperationUpdate[] = [];
  let seq = 0;
  const outcome = await inProcessInvoker(handler)({
    event: JSON.parse(JSON.stringify({
      DurableExecutionArn: exec.arn,
      CheckpointToken: 'replay-0',
      InitialExecutionState: { Operations: operations },
      UpdatedOperationIds: [],
    })),
    client: {
      checkpoint: async (request) => {
        updates.push(...(request.Updates ?? []));
        seq += 1;
        return { CheckpointToken: `replay-${seq}`, NewExecutionState: { Operations: [] } };
      },
      getExecutionState: async () => ({ Operations: [] }),
    },
    requestId: `replay-${exec.id}`,
    functionName: exec.functionName,
    executionArn: exec.arn,
    deadline: Date.now() + 900_000,
  });
  const logs = (outcome.logs ?? []).map((l) => l.text);
  const newUpdates = updates.filter((u) => u.Type !== 'EXECUTION' || !known.has(u.Id));
  if (outcome.kind !== 'returned') return { status: 'ERROR', error: outcome.error, newUpdates, logs };
  const output = outcome.value as { Status?: string; Result?: string; Error?: ErrorObject };
  // A result too large for the response comes through an EXECUTION checkpoint.
  const completion = updates.find((u) => u.Type === 'EXECUTION' && known.has(u.Id));
  if (output.Status === 'SUCCEEDED') {
    const result = output.Result === undefined || output.Result === '' ? completion?.Payload ?? output.Result : output.Result;
    return { status: 'SUCCEEDED', ...(result !== undefined ? { result } : {}), newUpdates, logs };
  }
  if (output.Status === 'FAILED') return { status: 'FAILED', error: output.Error ?? completion?.Error ?? {}, newUpdates, logs };
  return { status: 'PENDING', newUpdates, logs };
};

const describeUpdate = (u: OperationUpdate): string => `${u.Action} ${u.Type}${u.Name !== undefined ? ` "${u.Name}"` : ''} (id ${u.Id})`;
const errorText = (e: ErrorObject | undefined): string => `${e?.ErrorType ?? 'Error'}: ${e?.ErrorMessage ?? ''}`;

/**
 * Replays a finished execution from its recorded history and throws a
 * {@link ReplayMismatchError} when the handler is not deterministic: a
 * NonDeterministicExecutionError, new operations on replay, or a different result or error.
 *
 * @example
 * const execution = runner.start({ orderId: 1 });
 * expect((await execution.result()).status).toBe('SUCCEEDED');
 * await assertReplayDeterministic(execution);
 */
export const assertReplayDeterministic = async (execution: DurableTestExecution, options: ReplayCheckOptions = {}): Promise<ReplayReport> => {
  const original = execution.service.getExecution(execution.arn);
  const report = await replayExecution(execution, options);
  const fail = (why: string): never => {
    throw new ReplayMismatchError(`Replay of ${execution.arn} is not deterministic: ${why}`, report);
  };
  const errorType = report.error?.ErrorType ?? '';
  if (/NonDeterministic/.test(errorType) || /Non-deterministic/i.test(report.error?.ErrorMessage ?? '')) {
    fail(`${errorText(report.error)}`);
  }
  if (report.newUpdates.length > 0) fail(`the replay ran operations the history does not have: ${report.newUpdates.map(describeUpdate).join(', ')}`);
  if (report.status !== original.Status) {
    fail(`the execution ${original.Status === 'SUCCEEDED' ? `succeeded with ${original.Result ?? '(no result)'}` : `failed with ${errorText(original.Error)}`} but the replay ${report.status === 'SUCCEEDED' ? `succeeded with ${report.result ?? '(no result)'}` : report.status === 'PENDING' ? 'suspended' : `failed with ${errorText(report.error)}`}`);
  }
  if (report.status === 'SUCCEEDED' && (report.result ?? '') !== (original.Result ?? '')) {
    fail(`the result differs: recorded ${original.Result ?? '(none)'}, replayed ${report.result ?? '(none)'}`);
  }
  if (report.status === 'FAILED' && (report.error?.ErrorType !== original.Error?.ErrorType || report.error?.ErrorMessage !== original.Error?.ErrorMessage)) {
    fail(`the error differs: recorded ${errorText(original.Error)}, replayed ${errorText(report.error)}`);
  }
  return report;
};
