/** The official `TestResult` of a finished run, over the run's operation index. */
import type { ErrorObject, ExecutionStatus, OperationStatus } from '../../protocol.js';
import { parseResult, toDate, toTestError } from './details.js';
import { OperationView } from './operation-view.js';
import type { RunSession } from './run-session.js';
import type { DurableOperation, Invocation, PrintColumns, TestResult, TestResultError } from './types.js';

/** How the execution ended. */
export interface ExecutionOutcome {
  status: ExecutionStatus | undefined;
  result?: string;
  error?: ErrorObject;
}

/**
 * Builds the result object `run` resolves with.
 *
 * @example
 * ```ts
 * const result = buildTestResult<Order>(session, { status: 'SUCCEEDED', result: '{"id":1}' });
 * result.getResult(); // { id: 1 }
 * ```
 */
export const buildTestResult = <TResult>(session: RunSession, outcome: ExecutionOutcome): TestResult<TResult> => {
  const index = session.fresh();
  const events = index.history();
  const operations = (): DurableOperation[] => index.all().map((r) => new OperationView(session, { id: r.operation.Id }));
  const invocations: Invocation[] = events
    .filter((e) => e.EventType === 'InvocationCompleted')
    .map((e) => ({
      startTimestamp: toDate(e.InvocationCompletedDetails?.StartTimestamp),
      endTimestamp: toDate(e.InvocationCompletedDetails?.EndTimestamp),
      requestId: e.InvocationCompletedDetails?.RequestId,
      error: toTestError(e.InvocationCompletedDetails?.Error?.Payload),
    }));
  const errorOf = (): TestResultError =>
    toTestError(outcome.error) ?? {
      errorMessage: `Execution failed with status "${outcome.status}"`,
      errorType: undefined,
      errorData: undefined,
      stackTrace: undefined,
    };
  return {
    getStatus: () => outcome.status,
    getOperations: (params?: { status: OperationStatus }) =>
      params ? operations().filter((op) => op.getStatus() === params.status) : operations(),
    getInvocations: () => invocations,
    getHistoryEvents: () => events,
    getResult: () => {
      if (outcome.status !== 'SUCCEEDED') {
        const error = errorOf();
        const thrown = new Error(error.errorMessage?.trim());
        if (error.stackTrace) thrown.stack = error.stackTrace.join('\n');
        throw thrown;
      }
      return parseResult<TResult>(outcome.result);
    },
    getError: () => {
      if (outcome.status === 'SUCCEEDED') throw new Error('Cannot get error for succeeded execution');
      return errorOf();
    },
    print: (config?: PrintColumns) => printOperations(operations(), config),
  };
};

const printOperations = (operations: DurableOperation[], config: PrintColumns = {}): void => {
  if (operations.length === 0) {
    console.log('No operations found.');
    return;
  }
  const show = { parentId: true, name: true, type: true, subType: true, status: true, startTime: true, endTime: true, duration: true, ...config };
  const rows = operations.map((op) => {
    const start = op.getStartTimestamp();
    const end = op.getEndTimestamp();
    const row: Record<string, string> = {};
    if (show.parentId) row.parentId = op.getParentId() ?? '-';
    if (show.name) row.name = op.getName() ?? '-';
    if (show.type) row.type = op.getType() ?? '-';
    if (show.subType) row.subType = op.getSubType() ?? '-';
    if (show.status) row.status = op.getStatus() ?? '-';
    if (show.startTime) row.startTime = start ? start.toISOString() : '-';
    if (show.endTime) row.endTime = end ? end.toISOString() : '-';
    if (show.duration) row.duration = start && end ? `${end.getTime() - start.getTime()}ms` : '-';
    return row;
  });
  console.table(rows);
};
