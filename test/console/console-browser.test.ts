// The durable console in a real browser (Debian's chromium through playwright-core): serve runs
// the order workflow; the page finds the execution, opens its timeline, reveals the encrypted
// customer record, answers the approval callback and sees the order succeed; stops another;
// passes axe-core; writes screenshots of the list and of an execution under .tmp/.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, launchBrowser, startServe, type Started } from './browser-support.js';

const devDir = mkdtempSync(join(tmpdir(), 'console-browser-'));
const order = readFileSync('examples/order-workflow/event.json', 'utf8');
mkdirSync('.tmp', { recursive: true });

let serve: Started;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  // 20,000× real time: the 3-day approval window is 13 s, the 1-day cool-off 4.3 s, and an
  // execution may run 14 days, 60 s.
  [serve, browser] = await Promise.all([
    startServe(['--time-scale', '20000', '--execution-timeout', '1209600', '--function', 'order-workflow=examples/order-workflow/handler.ts'], { DURABLE_LAMBDA_DEV_DIR: devDir }),
    launchBrowser(),
  ]);
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await serve?.stop();
  rmSync(devDir, { recursive: true, force: true });
});

const startFromPage = async (name: string): Promise<void> => {
  const form = page.getByRole('form', { name: 'Start an execution' });
  await form.getByLabel('Input (JSON)').fill(order);
  await form.getByLabel('Execution name (optional)').fill(name);
  await form.getByRole('button', { name: 'Start execution' }).click();
  await page.getByRole('heading', { level: 1, name: new RegExp(name) }).waitFor();
};

describe('durable console in chromium', () => {
  it('finds the execution, opens its timeline, reveals a decrypted payload, answers its callback and sees it succeed', async () => {
    await page.goto(serve.consoleUrl ?? '');
    await expect.poll(() => page.url()).not.toContain('token=');
    await page.getByRole('heading', { name: 'Executions of order-workflow' }).waitFor();
    await startFromPage('order-o-1001');

    // Back to the list; the execution is there (live), and opens from its row.
    await page.getByRole('link', { name: '← Executions of order-workflow' }).click();
    const row = page.getByRole('table', { name: 'Executions of order-workflow' }).getByRole('link', { name: 'order-o-1001' });
    await row.waitFor();
    await row.focus();
    await page.keyboard.press('Enter');

    // Timeline with the operations, the invocations and the pending approval.
    const timeline = page.getByRole('table', { name: /^Timeline/ });
    await timeline.getByRole('row', { name: /reserve-items/ }).waitFor();
    await page.getByRole('form', { name: /Answer callback manager-approval/ }).waitFor({ timeout: 30_000 });
    expect(await timeline.getByRole('img', { name: /^invocation 1/ }).count()).toBe(1);

    // The customer record is encrypted: hidden until revealed, decoded in the console's Node process.
    const tree = page.getByRole('tree', { name: 'Operations' });
    await tree.getByRole('treeitem', { name: /load-customer/ }).click();
    await page.getByText('Encoded; use "Reveal payloads"').first().waitFor();
    expect(await page.content()).not.toContain('Lovelace');
    await page.getByRole('button', { name: 'Reveal payloads' }).click();
    await page.getByRole('status').filter({ hasText: /Revealed \d+ of \d+ payloads/ }).waitFor();
    const revealed = page.getByLabel('Result (decoded)');
    await expect.poll(() => revealed.textContent()).toContain('Ada Lovelace');

    // Keyboard: the tree moves with arrow keys.
    await tree.getByRole('treeitem', { name: /validate-order/ }).focus();
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate('document.activeElement?.textContent ?? ""')).toContain('load-customer');

    const callback = page.getByRole('form', { name: /Answer callback manager-approval/ });
    await callback.getByRole('textbox').fill('{"approved":true,"by":"browser"}');
    await callback.getByRole('button', { name: 'Send success' }).click();
    await page.getByTestId('execution-status').filter({ hasText: 'SUCCEEDED' }).waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Reveal payloads' }).click();
    await expect.poll(() => page.getByLabel('Execution result', { exact: true }).textContent()).toContain('"approvedBy":"browser"');
    await tree.getByRole('treeitem', { name: /load-customer/ }).click();
    await expect.poll(() => revealed.textContent()).toContain('Ada Lovelace');
    await page.setViewportSize({ width: 1280, height: 1500 });
    await page.evaluate('scrollTo(0, 0)');
    await page.screenshot({ path: '.tmp/console-execution.png' });
    await page.setViewportSize({ width: 1280, height: 900 });
  }, 90_000);

  it('stops a running execution from the page', async () => {
    await page.goto('about:blank');
    await page.goto(serve.url + '/#/');
    await page.getByRole('heading', { name: 'Executions of order-workflow' }).waitFor();
    await startFromPage('order-to-stop');
    await page.getByRole('form', { name: /Answer callback manager-approval/ }).waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Stop execution' }).click();
    await page.getByTestId('execution-status').filter({ hasText: 'STOPPED' }).waitFor();
    await page.getByRole('link', { name: '← Executions of order-workflow' }).click();
    await page.getByRole('combobox', { name: 'Status' }).selectOption('STOPPED');
    const list = page.getByRole('table', { name: 'Executions of order-workflow' });
    await list.getByRole('link', { name: 'order-to-stop' }).waitFor();
    await expect.poll(() => list.getByRole('link').count()).toBe(1);
  }, 60_000);

  it('passes axe-core on the list and on an execution', async () => {
    await page.goto('about:blank');
    await page.goto(serve.url + '/#/');
    await expect.poll(() => page.getByRole('table', { name: 'Executions of order-workflow' }).getByRole('link').count()).toBe(2);
    await page.screenshot({ path: '.tmp/console-list.png' });
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('table', { name: 'Executions of order-workflow' }).getByRole('link', { name: 'order-o-1001' }).click();
    await page.getByRole('table', { name: /^Timeline/ }).waitFor();
    await page.getByRole('tree', { name: 'Operations' }).getByRole('treeitem').first().click();
    expect(await axeViolations(page)).toEqual([]);
  }, 60_000);

  it('refuses what a page of another origin sends: nothing starts', async () => {
    const response = await page.goto(serve.url + '/');
    expect(response?.headers()['content-security-policy']).toContain("default-src 'none'");
    const before = ((await (await fetch(`${serve.url}/api/executions?function=order-workflow`)).json()) as { executions: unknown[] }).executions.length;
    // Another loopback origin (another port): its page posts text/plain, which needs no preflight.
    const foreign = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><title>foreign</title>');
    });
    await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', resolve));
    const other = await browser.newPage();
    try {
      await other.goto(`http://127.0.0.1:${(foreign.address() as AddressInfo).port}/`);
      const outcomes = await other.evaluate(async (url) => {
        const send = async (path: string): Promise<string> => {
          try {
            return (await fetch(`${url}${path}`, { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: '{"function":"order-workflow","input":"{}"}' })).type;
          } catch (error) {
            return String(error);
          }
        };
        return [await send('/2015-03-31/functions/order-workflow/invocations'), await send('/api/start')];
      }, serve.url);
      expect(outcomes).toEqual(['opaque', 'opaque']);
    } finally {
      await other.close();
      foreign.close();
    }
    const after = ((await (await fetch(`${serve.url}/api/executions?function=order-workflow`)).json()) as { executions: unknown[] }).executions.length;
    expect(after).toBe(before);
  }, 30_000);
});
