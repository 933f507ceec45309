/**
 * Our handler with its default transport (no AWS SDK: SigV4 over node:http) against the
 * emulator's HTTP front, found only through AWS_ENDPOINT_URL_LAMBDA and dummy env credentials,
 * as under `sam local`.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withDurableExecution } from '../../../src/index.js';
import { startHttpFront, type HttpFront } from '../../../src/service/http/http-front.js';
import { inProcessInvoker } from '../../../src/service/invokers/in-process-invoker.js';
import type { FunctionInvoker } from '../../../src/service/invokers/invoker.js';
import { DurableExecutionService } from '../../../src/service/service.js';
import { startFaultProxy } from '../../support/fault-proxy.js';

const ENV_KEYS = ['AWS_ENDPOINT_URL_LAMBDA', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_REGION'] as const;
const saved = Object.fromEntries(ENV_KEYS.map((key) => [key, process.env[key]]));

let front: HttpFront | undefined;
beforeEach(() => {
  process.env.AWS_ACCESS_KEY_ID = 'local';
  process.env.AWS_SECRET_ACCESS_KEY = 'local';
  process.env.AWS_SESSION_TOKEN = 'local-session';
  process.env.AWS_REGION = 'us-east-1';
});
afterEach(async () => {
  await front?.close();
  front = undefined;
  for (const key of ENV_KEYS) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
});

/** The handler finds the service only through the Lambda API, like a deployed function. */
const overHttp = (handler: Parameters<typeof inProcessInvoker>[0]): FunctionInvoker => {
  const inner = inProcessInvoker(handler);
  return (request) => inner({ ...request, client: undefined });
};

describe('our default transport against the HTTP front', () => {
  it('runs steps, a wait and a child context to completion, across invocations', async () => {
    const service = new DurableExecutionService();
    front = await startHttpFront({ service });
    // A pass-through proxy in between shows the traffic really goes over HTTP.
    const proxy = await startFaultProxy({ target: front.url, decide: () => undefined });
    process.env.AWS_ENDPOINT_URL_LAMBDA = proxy.url;
    let invocations = 0;
    const handler = withDurableExecution(async (event: { n: number }, ctx) => {
      invocations += 1;
      const a = await ctx.step('a', async () => event.n + 1);
      await ctx.wait('pause', { seconds: 2 });
      const b = await ctx.runInChildContext('child', async (child) => child.step('b', async () => a * 10));
      return { a, b };
    });
    service.registerFunction({ name: 'fn', invoker: overHttp(handler) });
    const arn = service.startExecution({ functionName: 'fn', payload: '{"n":4}' });
    const done = await service.waitForCompletion(arn).finally(() => proxy.close());
    expect(proxy.checkpoints.length).toBeGreaterThanOrEqual(3);
    expect(proxy.checkpoints.every((c) => /^[0-9a-f-]{36}$/.test(c.clientToken ?? ''))).toBe(true);
    expect(done.Status).toBe('SUCCEEDED');
    expect(done.Result).toBe('{"a":5,"b":50}');
    expect(invocations).toBe(2);
    const types = service.history(arn).map((e) => e.EventType);
    expect(types).toEqual([
      'ExecutionStarted', 'StepStarted', 'StepSucceeded', 'WaitStarted', 'InvocationCompleted',
      'WaitSucceeded', 'ContextStarted', 'StepStarted', 'StepSucceeded', 'ContextSucceeded', 'InvocationCompleted', 'ExecutionSucceeded',
    ]);
  }, 30_000);

  it('a stale checkpoint token from the front fails the invocation (INVOCATION scope) and the next one recovers', async () => {
    const service = new DurableExecutionService();
    front = await startHttpFront({ service });
    process.env.AWS_ENDPOINT_URL_LAMBDA = front.url;
    let first = true;
    const handler = withDurableExecution(async (_event, ctx) => ctx.step('only', async () => 'ok'));
    const inner = overHttp(handler);
    service.registerFunction({
      name: 'fn',
      invoker: (request) => {
        if (!first) return inner(request);
        first = false;
        // The first invocation carries a token the service never issued.
        return inner({ ...request, event: { ...(request.event as object), CheckpointToken: 'never-issued' } });
      },
    });
    const arn = service.startExecution({ functionName: 'fn', payload: '{}' });
    const done = await service.waitForCompletion(arn);
    expect(done.Status).toBe('SUCCEEDED');
    expect(done.Result).toBe('"ok"');
    const failedInvocation = service.history(arn).find((e) => e.EventType === 'InvocationCompleted')?.InvocationCompletedDetails?.Error?.Payload;
    expect(failedInvocation?.ErrorMessage).toMatch(/^\[Unrecoverable Invocation\] Checkpoint failed: Invalid Checkpoint Token/);
  }, 30_000);
});
