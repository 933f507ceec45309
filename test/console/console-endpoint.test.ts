// The console pointed with --endpoint at another running serve (the path AWS takes): a separate
// `durable-lambda console` process, reaching a serve that serves no console itself, shows its
// executions and acts on them through the public Lambda API only.
import { GetDurableExecutionCommand, InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCli, waitForOutput } from '../cli/spawn-cli.js';
import { launchBrowser, startConsoleCli, type Started } from './browser-support.js';

let serve: Started;
let consoleProcess: Started;
let browser: Browser;
let page: Page;
let lambda: LambdaClient;

const startServeWithoutConsole = async (): Promise<Started> => {
  const child = startCli(['serve', '--port', '0', '--in-memory', '--no-console', '--real-time', '--function', 'expenses=examples/human-approval/handler.ts']);
  const [, url] = await waitForOutput(child, /listening on (http:\/\/\S+)[\s\S]*answer callbacks with/, 60_000);
  return {
    child,
    url: url ?? '',
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
};

beforeAll(async () => {
  [serve, browser] = await Promise.all([startServeWithoutConsole(), launchBrowser()]);
  consoleProcess = await startConsoleCli(['--endpoint', serve.url]);
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  lambda = new LambdaClient({ endpoint: serve.url, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });
}, 90_000);

afterAll(async () => {
  lambda?.destroy();
  await browser?.close();
  await consoleProcess?.stop();
  await serve?.stop();
});

const expense = (requestId: string): Uint8Array =>
  Buffer.from(JSON.stringify({ requestId, amountCents: 12_000, manager: 'maria', director: 'dora' }));

describe('console against a second endpoint', () => {
  it('the other serve answers no console of its own', async () => {
    const res = await fetch(`${serve.url}/`);
    expect(res.status).toBe(404);
  });

  it('shows the other serve\'s executions, answers a callback and stops another from the page', async () => {
    const approve = await lambda.send(new InvokeCommand({ FunctionName: 'expenses', InvocationType: 'Event', Payload: expense('exp-1'), DurableExecutionName: 'exp-1' }));
    const stop = await lambda.send(new InvokeCommand({ FunctionName: 'expenses', InvocationType: 'Event', Payload: expense('exp-2'), DurableExecutionName: 'exp-2' }));

    await page.goto(consoleProcess.url);
    await page.getByRole('heading', { name: 'Executions of expenses' }).waitFor();
    const list = page.getByRole('table', { name: 'Executions of expenses' });
    await list.getByRole('link', { name: 'exp-1' }).click();
    const callback = page.getByRole('form', { name: /Answer callback manager-approval/ });
    await callback.waitFor();
    await callback.getByRole('textbox').fill('{"approved":true,"comment":"from the second console"}');
    await callback.getByRole('button', { name: 'Send success' }).click();
    await page.getByTestId('execution-status').filter({ hasText: 'SUCCEEDED' }).waitFor();
    const done = await lambda.send(new GetDurableExecutionCommand({ DurableExecutionArn: approve.DurableExecutionArn }));
    expect(done.Status).toBe('SUCCEEDED');
    expect(JSON.parse(done.Result ?? 'null')).toEqual({ decision: 'approved', by: 'maria', escalated: false, comment: 'from the second console' });

    await page.getByRole('link', { name: '← Executions of expenses' }).click();
    await list.getByRole('link', { name: 'exp-2' }).click();
    await page.getByRole('button', { name: 'Stop execution' }).click();
    await page.getByTestId('execution-status').filter({ hasText: 'STOPPED' }).waitFor();
    const stopped = await lambda.send(new GetDurableExecutionCommand({ DurableExecutionArn: stop.DurableExecutionArn }));
    expect(stopped.Status).toBe('STOPPED');
  }, 60_000);
});
