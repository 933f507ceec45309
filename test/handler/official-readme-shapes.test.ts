/**
 * The call shapes of the official README compile against durable-lambda (import changed only)
 * and run on the fake service. waitForCallback/promise shapes are type-checked here and run once
 * those operations land.
 */
import { type DurableContext, withDurableExecution } from 'durable-lambda';
import { describe, expect, it } from 'vitest';
import { driveToCompletion } from '../support/drive.js';
import { FakeCheckpointClient } from '../support/fake-checkpoint-client.js';

const lookUp = async (id: string) => ({ id, name: `user ${id}` });

async function readmeFlow(event: { userId: string }, context: DurableContext) {
  const user = await context.step('fetch-user', async () => lookUp(event.userId));
  await context.wait({ seconds: 5 });
  const retried = await context.step('fetch-data', async (ctx) => `attempt ${ctx.attempt}`, {
    retryStrategy: (error, attempt) => ({ shouldRetry: attempt < 3 && error instanceof Error, delay: { seconds: 2 ** attempt } }),
  });
  const anonymous = await context.step(async () => user.name.length);
  const order = await context.runInChildContext('process-order', async (child) => {
    const validated = await child.step('validate', async () => ({ ok: true }));
    await child.wait({ seconds: 1 });
    return child.step('charge', async () => (validated.ok ? 'charged' : 'skipped'));
  });
  await context.wait('rate-limit-delay', { seconds: 5 });
  const job = await context.waitForCondition(
    'wait-for-job',
    async (state, ctx) => ({ ...state, status: ctx.attempt >= 2 ? 'completed' : 'pending' }),
    {
      initialState: { jobId: 'job-123', status: 'pending' },
      waitStrategy: (state, attempt) =>
        state.status === 'completed' ? { shouldContinue: false } : { shouldContinue: true, delay: { seconds: Math.min(attempt * 2, 60) } },
    },
  );
  const [approval, callbackId] = await context.createCallback('external-approval', { timeout: { minutes: 3 } });
  return { user, retried, anonymous, order, job, callbackId: typeof callbackId, approval: await approval };
}

// Type-checked only: the shapes of map, parallel, waitForCallback and the promise combinators.
export async function laterShapes(context: DurableContext, users: { id: string }[]) {
  const mapped = await context.map('process-users', users, async (ctx, user) => ctx.step(`process-${user.id}`, async () => user.id), {
    maxConcurrency: 5,
    completionConfig: { minSuccessful: 8, toleratedFailureCount: 2 },
    itemNamer: (user) => `User-${user.id}`,
  });
  mapped.throwIfError();
  const parallel = await context.parallel('parallel-tasks', [
    { name: 'task1', func: async (ctx: DurableContext) => ctx.step(async () => 1) },
    async (ctx: DurableContext) => ctx.step(async () => 2),
  ]);
  const webhook = await context.waitForCallback('wait-for-webhook', async (id) => void id, { timeout: { minutes: 5 } });
  const all = await context.promise.all([context.step(async () => 1), context.step(async () => 2)]);
  const payment = await context.invoke('process-payment', 'arn:aws:lambda:us-east-1:123456789012:function:payment-processor', {
    amount: 100,
    currency: 'USD',
  });
  return { mapped: mapped.successCount, parallel: parallel.totalCount, webhook, all, payment };
}

describe('official README call shapes', () => {
  it('run end to end on the fake service', async () => {
    const handler = withDurableExecution(readmeFlow);
    const service = new FakeCheckpointClient({ input: { userId: 'u1' } });
    const outputs = await driveToCompletion({
      handler,
      service,
      between: () => {
        const callback = [...service.operations.values()].find((op) => op.Type === 'CALLBACK' && op.Status === 'STARTED');
        if (callback) service.succeedCallback(callback.CallbackDetails?.CallbackId as string, 'approved');
      },
    });
    expect(JSON.parse((outputs.at(-1) as { Result: string }).Result)).toEqual({
      user: { id: 'u1', name: 'user u1' },
      retried: 'attempt 1',
      anonymous: 7,
      order: 'charged',
      job: { jobId: 'job-123', status: 'completed' },
      callbackId: 'string',
      approval: 'approved',
    });
    expect(typeof laterShapes).toBe('function');
  });

  it('the map and parallel shapes run end to end on the fake service', async () => {
    const handler = withDurableExecution(async (_event: unknown, context: DurableContext) => {
      const users = Array.from({ length: 10 }, (_unused, i) => ({ id: String(i) }));
      const mapped = await context.map('process-users', users, async (ctx, user) => ctx.step(`process-${user.id}`, async () => user.id), {
        maxConcurrency: 5,
        completionConfig: { minSuccessful: 8, toleratedFailureCount: 2 },
        itemNamer: (user) => `User-${user.id}`,
      });
      mapped.throwIfError();
      const parallel = await context.parallel('parallel-tasks', [
        { name: 'task1', func: async (ctx: DurableContext) => ctx.step(async () => 1) },
        async (ctx: DurableContext) => ctx.step(async () => 2),
      ]);
      return { mapped: mapped.successCount, reason: mapped.completionReason, parallel: parallel.getResults() };
    });
    const outputs = await driveToCompletion({ handler, service: new FakeCheckpointClient() });
    expect(JSON.parse((outputs.at(-1) as { Result: string }).Result)).toEqual({ mapped: 8, reason: 'MIN_SUCCESSFUL_REACHED', parallel: [1, 2] });
  });
});
