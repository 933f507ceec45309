import {
  GetDurableExecutionCommand,
  GetDurableExecutionHistoryCommand,
  InvokeCommand,
  LambdaClient,
  SendDurableExecutionCallbackSuccessCommand,
  type GetDurableExecutionCommandOutput,
} from '@aws-sdk/client-lambda';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';

describe('durable-lambda serve', () => {
  it('serves Invoke and the durable-execution API for a --function module until SIGTERM', async () => {
    const child = spawn(process.execPath, [
      'bin/durable-lambda.mjs', 'serve', '--port', '0', '--in-memory', '--sdk', 'official',
      '--function', 'greeter=test/testing/fixtures/http-handler.ts',
    ], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
      });
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`serve did not start: ${output}`)), 30_000);
        child.stdout.on('data', () => {
          const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
          if (m?.[1]) {
            clearTimeout(timer);
            resolve(m[1]);
          }
        });
      });
      expect(output).toMatch(/functions: greeter/);
      const lambda = new LambdaClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' } });
      const invoked = await lambda.send(new InvokeCommand({ FunctionName: 'greeter', InvocationType: 'Event', Payload: Buffer.from('{"name":"Bo"}') }));
      expect(invoked.StatusCode).toBe(202);
      const arn = invoked.DurableExecutionArn!;
      let callbackId: string | undefined;
      for (let i = 0; i < 500 && callbackId === undefined; i += 1) {
        const { Events } = await lambda.send(new GetDurableExecutionHistoryCommand({ DurableExecutionArn: arn }));
        if (Events?.at(-1)?.EventType === 'InvocationCompleted') {
          callbackId = Events.find((e) => e.EventType === 'CallbackStarted')?.CallbackStartedDetails?.CallbackId;
        }
        if (callbackId === undefined) await new Promise((r) => setTimeout(r, 20));
      }
      await lambda.send(new SendDurableExecutionCallbackSuccessCommand({ CallbackId: callbackId!, Result: Buffer.from('ok') }));
      let done: GetDurableExecutionCommandOutput | undefined;
      for (let i = 0; i < 500 && done === undefined; i += 1) {
        const got = await lambda.send(new GetDurableExecutionCommand({ DurableExecutionArn: arn }));
        if (got.Status !== 'RUNNING') done = got;
        else await new Promise((r) => setTimeout(r, 20));
      }
      expect(done?.Status).toBe('SUCCEEDED');
      expect(JSON.parse(done?.Result ?? '{}')).toMatchObject({ greeting: 'Hello, Bo!', answer: 'ok' });
    } finally {
      child.kill('SIGTERM');
      const [code] = (await once(child, 'exit')) as [number | null];
      expect(code).toBe(0);
    }
  }, 60_000);

  it('in virtual mode holds time while a callback awaits an answer: answered 1.5 s later, its 1 s timeout has not fired', async () => {
    const child = spawn(process.execPath, [
      'bin/durable-lambda.mjs', 'serve', '--port', '0', '--in-memory', '--function', 'short=test/cli/fixtures/short-callback-handler.ts',
    ], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let output = '';
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`serve did not start: ${output}`)), 30_000);
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
          if (m?.[1]) {
            clearTimeout(timer);
            resolve(m[1]);
          }
        });
      });
      const lambda = new LambdaClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' } });
      const invoked = await lambda.send(new InvokeCommand({ FunctionName: 'short', InvocationType: 'Event', Payload: Buffer.from('{}') }));
      const arn = invoked.DurableExecutionArn!;
      let callbackId: string | undefined;
      for (let i = 0; i < 500 && callbackId === undefined; i += 1) {
        const { Events } = await lambda.send(new GetDurableExecutionHistoryCommand({ DurableExecutionArn: arn }));
        callbackId = Events?.find((e) => e.EventType === 'CallbackStarted')?.CallbackStartedDetails?.CallbackId;
        if (callbackId === undefined) await new Promise((r) => setTimeout(r, 20));
      }
      await new Promise((r) => setTimeout(r, 1_500));
      await lambda.send(new SendDurableExecutionCallbackSuccessCommand({ CallbackId: callbackId!, Result: Buffer.from('"late"') }));
      let done: GetDurableExecutionCommandOutput | undefined;
      for (let i = 0; i < 500 && done === undefined; i += 1) {
        const got = await lambda.send(new GetDurableExecutionCommand({ DurableExecutionArn: arn }));
        if (got.Status !== 'RUNNING') done = got;
        else await new Promise((r) => setTimeout(r, 20));
      }
      expect(done?.Status).toBe('SUCCEEDED');
      expect(JSON.parse(done?.Result ?? '{}')).toEqual({ answer: '"late"' });
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  }, 60_000);
});
