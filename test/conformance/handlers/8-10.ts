// 8-10 Parallel "tolerated-exceeded" (tolerated failure count 1): two failures stop it early.
import { withDurableExecution } from 'durable-lambda';

const fail = (index: number) => async (): Promise<string> => {
  throw new Error(`branch ${index} failed`);
};

export const handler = withDurableExecution(async (_event: unknown, context) => {
  const result = await context.parallel<string>('tolerated-exceeded', [fail(0), fail(1), async () => 'b2'], {
    maxConcurrency: 1,
    completionConfig: { toleratedFailureCount: 1 },
  });
  return {
    completionReason: result.completionReason,
    successCount: result.successCount,
    failureCount: result.failureCount,
    totalCount: result.totalCount,
  };
});
