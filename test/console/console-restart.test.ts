// Restarting serve on the same --data-dir: the console finds every execution again, and a
// callback that was pending before the restart can be answered from the page after it.
// Needs `serve --data-dir` (issue 15 item 2, the persistence work).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetDurableExecutionCommand, InvokeCommand, LambdaClient, SendDurableExecutionCallbackSuccessCommand, GetDurableExecutionHistoryCommand } from '@aws-sdk/client-lambda';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, startServe, type Started } from './browser-support.js';

const dataDir = mkdtempSync(join(tmpdir(), 'console-restart-'));
const args = ['--real-time', '--data-dir', dataDir, '--function', 'expenses=examples/human-approval/handler.ts'];
let serve: Started | undefined;
let browser: Browser;

const clientFor = (url: string): LambdaClient =>
  new LambdaClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });

const callbackIdOf = async (lambda: LambdaClient, arn: string): Promise<string> => {
  for (const end = Date.now() + 20_000; Date.now() < end; await new Promise((r) => setTimeout(r, 50))) {
    const { Events } = await lambda.send(new GetDurableExecutionHistoryCommand({ DurableExecutionArn: arn }));
    const id = Events?.find((e) => e.EventType === 'CallbackStarted')?.CallbackStartedDetails?.CallbackId;
    if (id !== undefined && Events?.at(-1)?.EventType === 'InvocationCompleted') return id;
  }
  throw new Error('no callback in time');
};

const expense = (requestId: string): Uint8Array => Buffer.from(JSON.stringify({ requestId, amountCents: 500, manager: 'maria', director: 'dora' }));

beforeAll(async () => {
  [serve, browser] = await Promise.all([startServe(args), launchBrowser()]);
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await serve?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('console after a serve restart', () => {
  it('finds every execution again and answers a callback that was pending before the restart', async () => {
    let lambda = clientFor(serve!.url);
    const done = await lambda.send(new InvokeCommand({ FunctionName: 'expenses', InvocationType: 'Event', Payload: expense('before-1'), DurableExecutionName: 'before-1' }));
    const pending = await lambda.send(new InvokeCommand({ FunctionName: 'expenses', InvocationType: 'Event', Payload: expense('before-2'), DurableExecutionName: 'before-2' }));
    await lambda.send(new SendDurableExecutionCallbackSuccessCommand({ CallbackId: await callbackIdOf(lambda, done.DurableExecutionArn!), Result: Buffer.from('{"approved":true}') }));
    await callbackIdOf(lambda, pending.DurableExecutionArn!);
    lambda.destroy();

    await serve!.stop();
    serve = await startServe(args);
    lambda = clientFor(serve.url);

    const page = await browser.newPage();
    await page.goto(serve.consoleUrl ?? '');
    const list = page.getByRole('table', { name: 'Executions of expenses' });
    await list.getByRole('link', { name: 'before-1' }).waitFor();
    await list.getByRole('link', { name: 'before-2' }).click();
    const callback = page.getByRole('form', { name: /Answer callback manager-approval/ });
    await callback.getByRole('textbox').fill('{"approved":true,"comment":"after the restart"}');
    await callback.getByRole('button', { name: 'Send success' }).click();
    await page.getByTestId('execution-status').filter({ hasText: 'SUCCEEDED' }).waitFor();
    const after = await lambda.send(new GetDurableExecutionCommand({ DurableExecutionArn: pending.DurableExecutionArn }));
    expect(JSON.parse(after.Result ?? 'null')).toEqual({ decision: 'approved', by: 'maria', escalated: false, comment: 'after the restart' });
    const first = await lambda.send(new GetDurableExecutionCommand({ DurableExecutionArn: done.DurableExecutionArn }));
    expect(first.Status).toBe('SUCCEEDED');
    lambda.destroy();
  }, 90_000);
});
