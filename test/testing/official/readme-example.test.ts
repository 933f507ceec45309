// The README's "Tests written for the official runner" example, verbatim below the imports.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { withDurableExecution, type DurableContext } from 'durable-lambda';
import { ExecutionStatus, LocalDurableTestRunner, WaitingOperationStatus } from 'durable-lambda/testing';

const handler = withDurableExecution(async (event: { orderId: string }, context: DurableContext) => {
  await context.wait('cool-off', { days: 3 });
  return context.waitForCallback<string>('approval', async () => undefined);
});

beforeAll(() => LocalDurableTestRunner.setupTestEnvironment({ skipTime: true }));
afterAll(() => LocalDurableTestRunner.teardownTestEnvironment());

test('approves the order', async () => {
  const runner = new LocalDurableTestRunner<string>({ handlerFunction: handler });
  const approval = runner.getOperation('approval');
  const running = runner.run({ payload: { orderId: 'o-1' } });
  await approval.waitForData(WaitingOperationStatus.SUBMITTED);
  await approval.sendCallbackSuccess('yes');
  expect((await running).getStatus()).toBe(ExecutionStatus.SUCCEEDED);
});
