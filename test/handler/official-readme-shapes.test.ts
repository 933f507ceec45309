/**
 * The call shapes of the official README compile against durable-lambda (import changed only)
 * and run on the fake service, map/parallel included. waitForCallback, context.promise.* and
 * withRetry (README and TSDoc examples) also run under our emulator on both SDKs, with the same
 * results.
 */
import {
  createRetryStrategy as officialCreateRetryStrategy,
  withDurableExecution as officialWithDurableExecution,
  withRetry as officialWithRetry,
} from '@aws/durable-execution-sdk-js';
import { createRetryStrategy, type DurableContext, withDurableExecution, withRetry } from 'durable-lambda';
import { describe, expect, it } from 'vitest';
import { DurableTestRunner, type LambdaHandler } from '../../src/testing/index.js';
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

/** The official README shapes of map and parallel (type-checked here, run below). */
async function mapAndParallelShapes(context: DurableContext, users: { id: string }[]) {
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
  return { mapped, parallel };
}

// Type-checked: the official README shapes of map, parallel, waitForCallback and promise.* (each also runs below).
export async function laterShapes(context: DurableContext, users: { id: string }[]) {
  const { mapped, parallel } = await mapAndParallelShapes(context, users);
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
      const { mapped, parallel } = await mapAndParallelShapes(context, users);
      return { mapped: mapped.successCount, reason: mapped.completionReason, parallel: parallel.getResults() };
    });
    const outputs = await driveToCompletion({ handler, service: new FakeCheckpointClient() });
    expect(JSON.parse((outputs.at(-1) as { Result: string }).Result)).toEqual({ mapped: 8, reason: 'MIN_SUCCESSFUL_REACHED', parallel: [1, 2] });
  });
});

/** What a README flow needs from its SDK besides the context. */
interface Sdk {
  wrap: (handler: (event: any, context: DurableContext) => Promise<unknown>) => LambdaHandler;
  withRetry: typeof withRetry;
  createRetryStrategy: typeof createRetryStrategy;
}
const SDKS: Record<'official' | 'ours', Sdk> = {
  official: {
    wrap: (handler) => officialWithDurableExecution(handler as never),
    withRetry: officialWithRetry as unknown as typeof withRetry,
    createRetryStrategy: officialCreateRetryStrategy,
  },
  ours: { wrap: (handler) => withDurableExecution(handler), withRetry, createRetryStrategy },
};

/** README "External Callbacks": waitForCallback with a submitter. */
const webhookFlow = (submitted: string[]) => async (_event: unknown, context: DurableContext) => {
  const submitToExternalAPI = async (callbackId: string) => void submitted.push(callbackId);
  const result = await context.waitForCallback(
    'wait-for-webhook',
    async (callbackId, ctx) => {
      ctx.logger.info('submitting');
      await submitToExternalAPI(callbackId);
    },
    { timeout: { minutes: 5 } },
  );
  return { result };
};

/** README "Promise Combinators", with steps as the already-running operations. */
const combinatorFlow = async (event: { userId: string }, context: DurableContext) => {
  const fetchUser = (id: string) => context.step(`user-${id}`, async () => ({ id }));
  const fetchPosts = (id: string) => context.step(`posts-${id}`, async () => [`post of ${id}`]);
  const fetchComments = (id: string) => context.step(`comments-${id}`, async () => 2);
  const [user, posts, comments] = await context.promise.all<unknown>([fetchUser(event.userId), fetchPosts(event.userId), fetchComments(event.userId)]);
  const fastest = await context.promise.race([context.step('primary', async () => 'primary'), context.step('secondary', async () => 'secondary')]);
  const failing = (name: string) => context.step(name, async (): Promise<string> => Promise.reject(new Error(`${name} down`)), { retryStrategy: () => ({ shouldRetry: false }) });
  const result = await context.promise.any([failing('source1'), context.step('source2', async () => 'source2'), failing('source3')]);
  await context.wait({ seconds: 10 });
  const results = await context.promise.allSettled([context.step('operation1', async () => 'one'), failing('operation2')]);
  return { user, posts, comments, fastest, result, settled: results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message)) };
};

/** withRetry TSDoc examples: a named retried waitForCallback and an anonymous retried invoke. */
const withRetryFlow = (sdk: Sdk, submitted: string[]) => async (event: { orderId: string }, context: DurableContext) => {
  const submitter = async (callbackId: string) => void submitted.push(callbackId);
  const decision = await sdk.withRetry(
    context,
    'approval',
    (ctx, attempt) => ctx.waitForCallback(`approval-${attempt}`, submitter, { timeout: { hours: 24 } }),
    { retryStrategy: sdk.createRetryStrategy({ maxAttempts: 3, initialDelay: { seconds: 2 }, backoffRate: 2 }) },
  );
  const paymentFnArn = 'payments';
  const charged = await sdk.withRetry(
    context,
    (ctx, attempt) => ctx.invoke(`charge-${attempt}`, paymentFnArn, { orderId: event.orderId }),
    { retryStrategy: (_err, attempt) => ({ shouldRetry: attempt < 3, delay: { seconds: 1 } }) },
  );
  return { decision, charged };
};

describe('official README shapes of waitForCallback, context.promise.* and withRetry under our emulator', () => {
  const bothSdks = async (run: (sdk: Sdk) => Promise<unknown>) => ({ official: await run(SDKS.official), ours: await run(SDKS.ours) });
  const summary = (done: { status: unknown; result?: unknown; error?: { ErrorType?: string }; history: { EventType?: string }[] }) => ({
    status: done.status,
    result: done.result,
    errorType: done.error?.ErrorType,
    events: done.history.map((e) => e.EventType),
  });

  it('waitForCallback with a submitter', async () => {
    const { official, ours } = await bothSdks(async (sdk) => {
      const submitted: string[] = [];
      const execution = new DurableTestRunner({ handler: sdk.wrap(webhookFlow(submitted)) }).start({});
      const callbackId = await execution.waitForCallback({ index: 1 });
      await execution.waitForOperation({ index: 2 }, 'SUCCEEDED'); // the submitter step
      expect(submitted).toEqual([callbackId]);
      execution.sendCallbackSuccess(callbackId, '{"status":"delivered"}');
      return summary(await execution.result());
    });
    expect(official).toMatchObject({ status: 'SUCCEEDED', result: { result: '{"status":"delivered"}' } });
    expect(ours).toEqual(official);
  });

  it('promise.all / race / any / allSettled', async () => {
    const { official, ours } = await bothSdks(async (sdk) => summary(await new DurableTestRunner({ handler: sdk.wrap(combinatorFlow) }).run({ userId: 'u1' })));
    expect(official).toMatchObject({
      status: 'SUCCEEDED',
      result: { user: { id: 'u1' }, posts: ['post of u1'], comments: 2, fastest: 'primary', result: 'source2', settled: ['one', 'operation2 down'] },
    });
    expect(ours).toEqual(official);
  });

  it('withRetry around waitForCallback and around invoke', async () => {
    const { official, ours } = await bothSdks(async (sdk) => {
      const submitted: string[] = [];
      let charges = 0;
      const runner = new DurableTestRunner({
        handler: sdk.wrap(withRetryFlow(sdk, submitted)),
        functions: {
          payments: {
            durable: false,
            handler: async (event: { orderId: string }) => {
              charges += 1;
              if (charges < 2) throw new Error('card declined');
              return { charged: event.orderId, charges };
            },
          },
        },
      });
      const execution = runner.start({ orderId: 'o-1' });
      // First attempt: the approver rejects; the retry (after a durable back-off) approves.
      execution.sendCallbackFailure(await execution.waitForCallback({ index: 2 }), { ErrorType: 'Rejected', ErrorMessage: 'not yet' });
      // Log order: approval (0), approval-1 (1) > CALLBACK (2), submitter (3); approval-backoff-1 (4); approval-2 (5) > CALLBACK (6).
      expect((await execution.waitForOperation({ index: 5 })).Name).toBe('approval-2');
      execution.sendCallbackSuccess(await execution.waitForCallback({ index: 6 }), 'approved');
      const done = await execution.result();
      expect(submitted).toHaveLength(2);
      return summary(done);
    });
    expect(official).toMatchObject({ status: 'SUCCEEDED', result: { decision: 'approved', charged: { charged: 'o-1', charges: 2 } } });
    expect(ours).toEqual(official);
  });
});

