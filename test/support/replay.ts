/**
 * Replay check for the examples: invokes a handler once more with every operation the finished
 * execution recorded. A deterministic handler walks the same operations in the same order, takes
 * every result from the record, re-runs no side effect and sends no checkpoint.
 */
import type { CheckpointDurableExecutionRequest, DurableExecutionInvocationOutput, Operation } from 'durable-lambda';
import { DurableExecutionInvocationInputWithClient, type DurableTestExecution } from 'durable-lambda/testing';

type Handler = (event: any, context: any) => unknown;

/** What the replay invocation did. */
export interface ReplayOutcome {
  output: DurableExecutionInvocationOutput;
  /** Checkpoints the replay sent (a deterministic replay of a finished execution sends none). */
  checkpoints: CheckpointDurableExecutionRequest[];
}

/** Runs `handler` against the full recorded state of a finished `execution`. */
export async function replayRecorded(handler: Handler, execution: DurableTestExecution): Promise<ReplayOutcome> {
  const operations: Operation<Date>[] = execution.operations().map((op) =>
    // The invocation that returns the result still sees its own execution as running.
    op.Type === 'EXECUTION' ? { ...op, Status: 'STARTED' as const, EndTimestamp: undefined } : op,
  );
  const checkpoints: CheckpointDurableExecutionRequest[] = [];
  const event = new DurableExecutionInvocationInputWithClient(
    { DurableExecutionArn: execution.arn, CheckpointToken: 'replay-0', InitialExecutionState: { Operations: operations } },
    {
      checkpoint: async (request) => {
        checkpoints.push(request);
        return { CheckpointToken: `replay-${checkpoints.length}`, NewExecutionState: { Operations: [] } };
      },
      getExecutionState: async () => ({ Operations: [] }),
    },
  );
  const context = {
    awsRequestId: 'replay',
    functionName: 'replay',
    functionVersion: '$LATEST',
    invokedFunctionArn: execution.arn.split('/durable-execution/')[0],
    memoryLimitInMB: '128',
    getRemainingTimeInMillis: () => 900_000,
  };
  const output = (await handler(event, context)) as DurableExecutionInvocationOutput;
  return { output, checkpoints };
}
