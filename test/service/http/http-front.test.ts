import {
  CheckpointDurableExecutionCommand,
  GetDurableExecutionCommand,
  GetDurableExecutionHistoryCommand,
  GetDurableExecutionStateCommand,
  InvokeCommand,
  LambdaClient,
  ListDurableExecutionsByFunctionCommand,
  SendDurableExecutionCallbackFailureCommand,
  SendDurableExecutionCallbackHeartbeatCommand,
  SendDurableExecutionCallbackSuccessCommand,
  StopDurableExecutionCommand,
} from '@aws-sdk/client-lambda';
import { withDurableExecution } from '@aws/durable-execution-sdk-js';
import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bundleHandlers } from '../../../src/conformance/harness-bundle.js';
import { startHttpFront, type HttpFront } from '../../../src/service/http/http-front.js';
import { inProcessInvoker } from '../../../src/service/invokers/in-process-invoker.js';
import { processInvoker } from '../../../src/service/invokers/process-invoker.js';
import { DurableExecutionService } from '../../../src/service/service.js';

const clientFor = (front: HttpFront): LambdaClient =>
  new LambdaClient({ endpoint: front.url, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });

const until = async <T>(probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> => {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 20));
  }
};

/** The CallbackId once the invocation that created the callback has suspended, as a human would see it. */
const callbackIdOf = async (lambda: LambdaClient, arn: string): Promise<string> =>
  until(async () => {
    const { Events } = await lambda.send(new GetDurableExecutionHistoryCommand({ DurableExecutionArn: arn, IncludeExecutionData: true }));
    if (Events?.at(-1)?.EventType !== 'InvocationCompleted') return undefined;
    return Events.find((e) => e.EventType === 'CallbackStarted')?.CallbackStartedDetails?.CallbackId;
  });

let fronts: HttpFront[] = [];
afterEach(async () => {
  await Promise.all(fronts.map((f) => f.close()));
  fronts = [];
});

describe('HTTP front with the real @aws-sdk/client-lambda', () => {
  it('invokes, completes a callback over HTTP, and serves get/history/list/stop', async () => {
    const service = new DurableExecutionService();
    service.registerFunction({
      name: 'approvals',
      invoker: inProcessInvoker(withDurableExecution(async (event: { id: number }, ctx) => {
        const [answer, callbackId] = await ctx.createCallback('approval');
        await ctx.step('announce', async () => callbackId.length);
        return { id: event.id, answer: await answer };
      })),
    });
    const front = await startHttpFront({ service });
    fronts.push(front);
    const lambda = clientFor(front);

    const invoked = await lambda.send(new InvokeCommand({
      FunctionName: 'approvals', InvocationType: 'Event', Payload: Buffer.from('{"id":7}'), DurableExecutionName: 'order-7',
    }));
    expect(invoked.StatusCode).toBe(202);
    const arn = invoked.DurableExecutionArn!;
    expect(arn).toMatch(/function:approvals:\$LATEST\/durable-execution\/order-7\//);
    const callbackId = await callbackIdOf(lambda, arn);
    await lambda.send(new SendDurableExecutionCallbackHeartbeatCommand({ CallbackId: callbackId }));
    await lambda.send(new SendDurableExecutionCallbackSuccessCommand({ CallbackId: callbackId, Result: Buffer.from('{"ok": true}') }));
    await expect(lambda.send(new SendDurableExecutionCallbackFailureCommand({ CallbackId: callbackId, Error: { ErrorMessage: 'late' } })))
      .rejects.toMatchObject({ name: 'CallbackTimeoutException' });

    const done = await until(async () => {
      const got = await lambda.send(new GetDurableExecutionCommand({ DurableExecutionArn: arn }));
      return got.Status === 'RUNNING' ? undefined : got;
    });
    expect(done).toMatchObject({ Status: 'SUCCEEDED', DurableExecutionName: 'order-7', InputPayload: '{"id":7}', Result: '{"id":7,"answer":"{\\"ok\\": true}"}' });
    expect(done.StartTimestamp).toBeInstanceOf(Date);
    expect(done.EndTimestamp!.getTime()).toBeGreaterThanOrEqual(done.StartTimestamp!.getTime());

    const history = await lambda.send(new GetDurableExecutionHistoryCommand({ DurableExecutionArn: arn, IncludeExecutionData: true }));
    expect(history.Events?.map((e) => e.EventType)).toEqual([
      'ExecutionStarted', 'CallbackStarted', 'StepStarted', 'StepSucceeded', 'InvocationCompleted',
      'CallbackSucceeded', 'InvocationCompleted', 'ExecutionSucceeded',
    ]);
    expect(history.Events?.[5]?.CallbackSucceededDetails?.Result?.Payload).toBe('{"ok": true}');
    expect(history.Events?.[0]?.EventTimestamp).toBeInstanceOf(Date);
    const reversed = await lambda.send(new GetDurableExecutionHistoryCommand({ DurableExecutionArn: arn, ReverseOrder: true, MaxItems: 2 }));
    expect(reversed.Events?.map((e) => e.EventId)).toEqual([8, 7]);
    expect(reversed.NextMarker).toBe('2');

    const second = await lambda.send(new InvokeCommand({ FunctionName: 'approvals', InvocationType: 'Event', Payload: Buffer.from('{"id":8}') }));
    await callbackIdOf(lambda, second.DurableExecutionArn!);
    const stopped = await lambda.send(new StopDurableExecutionCommand({ DurableExecutionArn: second.DurableExecutionArn!, Error: { ErrorMessage: 'cancelled' } }));
    expect(stopped.StopTimestamp).toBeInstanceOf(Date);
    const list = await lambda.send(new ListDurableExecutionsByFunctionCommand({ FunctionName: 'approvals', Statuses: ['STOPPED'] }));
    expect(list.DurableExecutions?.map((e) => e.DurableExecutionArn)).toEqual([second.DurableExecutionArn]);
    const all = await lambda.send(new ListDurableExecutionsByFunctionCommand({ FunctionName: 'approvals', ReverseOrder: true }));
    expect(all.DurableExecutions?.map((e) => e.Status)).toEqual(['STOPPED', 'SUCCEEDED']);
  });

  it('answers a synchronous Invoke with the result, or a function error', async () => {
    const service = new DurableExecutionService();
    service.registerFunction({
      name: 'adder',
      invoker: inProcessInvoker(withDurableExecution(async (event: { a: number; b: number }, ctx) => {
        const sum = await ctx.step('add', async () => event.a + event.b);
        await ctx.wait({ minutes: 10 });
        if (sum < 0) throw new RangeError('negative');
        return { sum };
      })),
    });
    const front = await startHttpFront({ service });
    fronts.push(front);
    const lambda = clientFor(front);
    const ok = await lambda.send(new InvokeCommand({ FunctionName: 'adder', Payload: Buffer.from('{"a":2,"b":3}') }));
    expect(ok.StatusCode).toBe(200);
    expect(ok.FunctionError).toBeUndefined();
    expect(JSON.parse(Buffer.from(ok.Payload!).toString())).toEqual({ sum: 5 });
    expect(ok.ExecutedVersion).toBe('$LATEST');
    expect(ok.DurableExecutionArn).toMatch(/function:adder:/);
    const bad = await lambda.send(new InvokeCommand({ FunctionName: 'adder', Payload: Buffer.from('{"a":-2,"b":1}') }));
    expect(bad.FunctionError).toBe('Unhandled');
    expect(JSON.parse(Buffer.from(bad.Payload!).toString())).toEqual({ errorType: 'RangeError', errorMessage: 'negative' });
  });

  it('maps service errors to the client exception classes', async () => {
    const service = new DurableExecutionService();
    service.registerFunction({ name: 'fn', invoker: inProcessInvoker(async () => ({ Status: 'PENDING' })) });
    const front = await startHttpFront({ service });
    fronts.push(front);
    const lambda = clientFor(front);
    const { DurableExecutionArn: arn } = await lambda.send(new InvokeCommand({ FunctionName: 'fn', InvocationType: 'Event' }));
    await expect(lambda.send(new CheckpointDurableExecutionCommand({ DurableExecutionArn: arn!, CheckpointToken: 'stale', Updates: [] })))
      .rejects.toMatchObject({ name: 'InvalidParameterValueException', message: expect.stringMatching(/^Invalid Checkpoint Token/), $metadata: { httpStatusCode: 400 } });
    await expect(lambda.send(new GetDurableExecutionStateCommand({ DurableExecutionArn: arn!, CheckpointToken: 'stale' })))
      .rejects.toMatchObject({ name: 'InvalidParameterValueException' });
    await expect(lambda.send(new GetDurableExecutionCommand({ DurableExecutionArn: `${arn!}x` })))
      .rejects.toMatchObject({ name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 404 } });
    await expect(lambda.send(new InvokeCommand({ FunctionName: 'missing' })))
      .rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    await expect(lambda.send(new InvokeCommand({ FunctionName: 'fn', Payload: Buffer.from('{not json') })))
      .rejects.toMatchObject({ name: 'InvalidParameterValueException' });
  });

  for (const sdk of ['official', 'ours'] as const) {
    it(`drives a ${sdk}-SDK handler in a separate process that only has AWS_ENDPOINT_URL_LAMBDA`, async () => {
      const { outDir, bundles } = await bundleHandlers({ files: { fixture: resolve('test/testing/fixtures/http-handler.ts') }, sdk });
      const service = new DurableExecutionService();
      const front = await startHttpFront({ service });
      fronts.push(front);
      service.registerFunction({
        name: 'greeter',
        invoker: processInvoker({ modulePath: bundles.fixture!, exportPath: ['handler'], endpointUrl: front.url }),
      });
      const lambda = clientFor(front);
      const invoked = await lambda.send(new InvokeCommand({ FunctionName: 'greeter', InvocationType: 'Event', Payload: Buffer.from('{"name":"Ada"}') }));
      const arn = invoked.DurableExecutionArn!;
      const callbackId = await callbackIdOf(lambda, arn);
      await lambda.send(new SendDurableExecutionCallbackSuccessCommand({ CallbackId: callbackId, Result: Buffer.from('approved') }));
      const done = await service.waitForCompletion(arn);
      await rm(outDir, { recursive: true, force: true });
      expect(done.Status).toBe('SUCCEEDED');
      const result = JSON.parse(done.Result!) as { greeting: string; answer: string; pid: number };
      expect(result).toMatchObject({ greeting: 'Hello, Ada!', answer: 'approved' });
      expect(result.pid).not.toBe(process.pid);
      expect(service.history(arn).map((e) => e.EventType)).toEqual([
        'ExecutionStarted', 'StepStarted', 'StepSucceeded', 'WaitStarted', 'InvocationCompleted',
        'WaitSucceeded', 'CallbackStarted', 'InvocationCompleted', 'CallbackSucceeded', 'InvocationCompleted', 'ExecutionSucceeded',
      ]);
      const logged = service.logLines(arn).filter((l) => l.text.includes(`waiting for ${callbackId}`));
      expect(logged.length).toBeGreaterThanOrEqual(1);
    }, 60_000);
  }
});
