// 8-16 Parallel "all-fail" (tolerated failure count 3): every branch fails, all run.
import { withDurableExecution } from 'durable-lambda';

const fail = (index: number) => async (): Promise<string> => {
  throw new Error(`branch ${index} failed`);
};

export const handler = withDurableExecution(async (_event: unknown, context) => {
  const result = await context.parallel<string>('all-fail', [fail(0), fail(1), fail(2)], {
    maxConcurrency: 1,
    completionConfig: { toleratedFailureCount: 3 },
  });
  return {
    completionReason: result.completionReason,
    status: result.status,
    successCount: result.successCount,
    failureCount: result.failureCount,
    totalCount: result.totalCount,
  };
});
