/**
 * CloudDurableTestRunner against `durable-lambda serve` (the Lambda API on loopback) with the
 * real @aws-sdk/client-lambda client; the official CloudDurableTestRunner runs the same function
 * for comparison.
 */
import { LambdaClient } from '@aws-sdk/client-lambda';
import { CloudDurableTestRunner as OfficialCloudRunner, InvocationType as OfficialInvocationType } from '@aws/durable-execution-sdk-js-testing';
import { CloudDurableTestRunner, ExecutionStatus, InvocationType, OperationStatus, WaitingOperationStatus } from 'durable-lambda/testing';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCli, waitForOutput } from '../../cli/spawn-cli.js';

let serve: ReturnType<typeof startCli>;
let client: LambdaClient;

beforeAll(async () => {
  serve = startCli([
    'serve', '--port', '0', '--in-memory',
    '--function', 'orders=test/testing/fixtures/cloud-handlers.ts#orders',
    '--function', 'failing=test/testing/fixtures/cloud-handlers.ts#failing',
  ]);
  const [, url] = await waitForOutput(serve, /listening on (http:\/\/127\.0\.0\.1:\d+)/);
  client = new LambdaClient({ endpoint: url ?? '', region: 'us-east-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' } });
}, 60_000);

afterAll(async () => {
  client.destroy();
  serve.kill('SIGTERM');
  await once(serve, 'exit');
});

describe('CloudDurableTestRunner on durable-lambda serve', () => {
  it('waits for a callback, answers it and reads every operation from the history (Event invocation)', async () => {
    const runner = new CloudDurableTestRunner<{ orderId: string; charged: string; answer: string }>({
      functionName: 'orders',
      client,
      config: { pollInterval: 50, invocationType: InvocationType.Event },
    });
    const approval = runner.getOperation('approval');
    const running = runner.run({ payload: { orderId: 'o-1' } });
    await approval.waitForData(WaitingOperationStatus.STARTED);
    expect(approval.isWaitForCallback()).toBe(true);
    await approval.sendCallbackSuccess('approved');
    const execution = await running;

    expect(execution.getStatus()).toBe(ExecutionStatus.SUCCEEDED);
    expect(execution.getResult()).toEqual({ orderId: 'o-1', charged: 'charged 42', answer: 'approved' });
    expect(runner.getOperation('price').getStepDetails()?.result).toBe(42);
    expect(runner.getOperation('cool-off').getWaitDetails()?.waitSeconds).toBe(3600);
    const charge = runner.getOperation('charge');
    expect(charge.getStatus()).toBe(OperationStatus.SUCCEEDED);
    expect(charge.getStepDetails()?.attempt).toBe(2);
    expect(runner.getOperation('billing').getChildOperations()?.map((op) => op.getName())).toEqual(['charge']);
    expect(approval.getCallbackDetails()?.result).toBe('approved');
    expect(execution.getOperations().map((op) => op.getName())).toEqual(['price', 'cool-off', 'billing', 'charge', 'approval', undefined, undefined]);
    expect(execution.getInvocations().length).toBeGreaterThanOrEqual(3);
    expect(execution.getHistoryEvents()[0]?.EventType).toBe('ExecutionStarted');
  });

  it('reports a failed execution, and refuses to wait under RequestResponse', async () => {
    const runner = new CloudDurableTestRunner({ functionName: 'failing', client, config: { pollInterval: 50 } });
    await expect(runner.getOperation('only').waitForData()).rejects.toThrow(
      'InvocationType.RequestResponse cannot wait for operation data. Use InvocationType.Event to wait for operation data.',
    );
    const execution = await runner.run();
    expect(execution.getStatus()).toBe(ExecutionStatus.FAILED);
    expect(execution.getError()).toMatchObject({ errorType: 'TypeError', errorMessage: 'order total is negative' });
    expect(() => execution.getResult()).toThrow('order total is negative');
    expect(runner.getOperation('only').getStepDetails()?.result).toBe('fine');
    runner.reset();
    expect(runner.getOperation('only').getOperationData()).toBeUndefined();
  });

  it('sees the same operations and outcome as the official CloudDurableTestRunner', async () => {
    const ours = new CloudDurableTestRunner({ functionName: 'failing', client, config: { pollInterval: 50 } });
    const official = new OfficialCloudRunner({ functionName: 'failing', client, config: { pollInterval: 50, invocationType: OfficialInvocationType.RequestResponse } });
    const [a, b] = [await ours.run(), await official.run()];
    const shape = (ops: { getName(): string | undefined; getType(): string | undefined; getStatus(): string | undefined }[]): string[] =>
      ops.map((op) => `${op.getType()}:${op.getName()}:${op.getStatus()}`);
    expect(a.getStatus()).toBe(b.getStatus());
    expect(a.getError().errorMessage).toBe(b.getError().errorMessage);
    expect(shape(a.getOperations())).toEqual(shape(b.getOperations()));
  });

  it('names a function that is not durable in its error', async () => {
    const runner = new CloudDurableTestRunner({ functionName: 'no-such-function', client, config: { pollInterval: 50 } });
    await expect(runner.run()).rejects.toThrow(/Function not found: no-such-function/);
  });
});
