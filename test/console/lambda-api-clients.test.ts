// The console's two Lambda-API clients (the AWS SDK one, and the plain-HTTP one used when
// @aws-sdk/client-lambda is not installed) make the same calls to a real local service front
// and read the same answers: functions, pages of executions, an execution, its history, a
// callback answered, a start and a stop.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleLambdaApi } from '../../src/console/console-api-types.js';
import { createEndpointApi } from '../../src/console/endpoint-api.js';
import { createLambdaApi } from '../../src/console/lambda-api.js';
import { withDurableExecution } from '../../src/handler.js';
import { startHttpFront, type HttpFront } from '../../src/service/http/http-front.js';
import { inProcessInvoker } from '../../src/service/invokers/in-process-invoker.js';
import { DurableExecutionService } from '../../src/service/service.js';

let service: DurableExecutionService;
let front: HttpFront;

const until = async <T>(probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> => {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 20));
  }
};

beforeAll(async () => {
  service = new DurableExecutionService({ clock: 'real' });
  service.registerFunction({
    name: 'approvals',
    invoker: inProcessInvoker(withDurableExecution(async (event: { id: number }, ctx) => {
      const loaded = await ctx.step('load', async () => ({ id: event.id }));
      const answer = await ctx.waitForCallback<string>('approval', async () => undefined);
      return { id: loaded.id, answer };
    })),
  });
  front = await startHttpFront({ service });
});

afterAll(async () => {
  await front.close();
});

const clients: [string, () => Promise<ConsoleLambdaApi>][] = [
  ['AWS SDK client', () => createLambdaApi({ endpoint: front.url })],
  ['plain-HTTP client', () => Promise.resolve(createEndpointApi({ endpoint: front.url }))],
];

describe.each(clients)('the console over the %s', (label, create) => {
  it('lists, reads, answers, starts and stops through the public API', async () => {
    const api = await create();
    expect(api.description).toContain(front.url);
    expect(await api.listFunctions()).toEqual([expect.objectContaining({ name: 'approvals', arn: expect.stringContaining(':function:approvals') })]);

    const name = `order-${label.startsWith('AWS') ? 'sdk' : 'http'}`;
    const arn = await api.start('approvals', '{"id":7}', name);
    expect(arn).toContain(`/durable-execution/${name}/`);
    const pending = await until(async () => {
      const events = await api.history(arn ?? '');
      const started = events.find((e) => e.EventType === 'CallbackStarted');
      return started === undefined ? undefined : { events, started };
    });
    expect(pending.events[0]).toMatchObject({ EventType: 'ExecutionStarted', EventTimestamp: expect.any(Date) });
    const callbackId = pending.started.CallbackStartedDetails?.CallbackId ?? '';
    expect(callbackId).not.toBe('');

    const running = await api.listExecutions({ functionName: 'approvals', statuses: ['RUNNING'], name });
    expect(running.executions).toEqual([expect.objectContaining({ arn, name, status: 'RUNNING', startMs: expect.any(Number) })]);
    expect(await api.getExecution(arn ?? '')).toMatchObject({ status: 'RUNNING', name, input: '{"id":7}' });

    await api.callbackHeartbeat(callbackId);
    await api.callbackSuccess(callbackId, '"yes"');
    const done = await until(async () => {
      const execution = await api.getExecution(arn ?? '');
      return execution.status === 'RUNNING' ? undefined : execution;
    });
    expect(done.status).toBe('SUCCEEDED');
    const finished = await api.listExecutions({ functionName: 'approvals', statuses: ['SUCCEEDED'], name });
    expect(finished.executions[0]).toMatchObject({ status: 'SUCCEEDED', endMs: expect.any(Number) });
    // An answer to a callback that is no longer pending is the service's error, named as AWS names it.
    await expect(api.callbackSuccess(callbackId, '"again"')).rejects.toMatchObject({ name: expect.stringMatching(/Exception$/) });

    const stopped = await api.start('approvals', '{"id":8}', `${name}-stop`);
    await until(async () => ((await api.history(stopped ?? '')).some((e) => e.EventType === 'CallbackStarted') ? true : undefined));
    await api.stop(stopped ?? '', { ErrorType: 'Cancelled', ErrorMessage: 'by the console' });
    expect(await api.getExecution(stopped ?? '')).toMatchObject({ status: 'STOPPED' });
    api.close();
  });
});
