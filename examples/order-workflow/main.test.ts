/**
 * The main job (`npm start`) as a user runs it: a child process on a fresh dev directory.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LambdaClient, SendDurableExecutionCallbackSuccessCommand } from '@aws-sdk/client-lambda';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

interface Child {
  output: () => string;
  exit: Promise<number | null>;
  /** Resolves with the first match of `pattern` in stdout. */
  waitFor: (pattern: RegExp) => Promise<RegExpMatchArray>;
}

function startMainJob(args: string[] = []): Child & { devDir: string } {
  const devDir = mkdtempSync(join(tmpdir(), 'main-job-'));
  dirs.push(devDir);
  const child = spawn(process.execPath, ['--import', 'tsx', 'examples/order-workflow/main.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, DURABLE_LAMBDA_DEV_DIR: devDir, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiters: { pattern: RegExp; resolve: (m: RegExpMatchArray) => void }[] = [];
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
    for (const w of [...waiters]) {
      const m = stdout.match(w.pattern);
      if (m) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
  });
  child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString('utf8')));
  const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return {
    devDir,
    output: () => `${stdout}${stderr === '' ? '' : `\n[stderr]\n${stderr}`}`,
    exit,
    waitFor: (pattern) =>
      new Promise((resolve, reject) => {
        const m = stdout.match(pattern);
        if (m) return resolve(m);
        waiters.push({ pattern, resolve });
        void exit.then(() => reject(new Error(`main job exited before printing ${pattern}:\n${stdout}${stderr}`)));
      }),
  };
}

describe('the main job (npm start)', () => {
  it('runs the order workflow to completion, printing progress, the timeline and the result', async () => {
    const job = startMainJob();
    const code = await job.exit;
    const out = job.output();
    expect(code, out).toBe(0);
    // Live progress: one line per completed operation, in order, with virtual elapsed times.
    const progress = ['step validate-order  SUCCEEDED', 'step load-customer  SUCCEEDED', 'context reserve-items (Map)  SUCCEEDED', 'callback manager-approval  STARTED',
      'the manager answers in 2 h (simulated)', 'callback manager-approval  SUCCEEDED', 'step build-report  SUCCEEDED', 'wait cool-off  SUCCEEDED', 'step ship-order  SUCCEEDED'];
    const positions = progress.map((line) => out.indexOf(line));
    expect(positions.every((p) => p >= 0), out).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(out).toMatch(/\+2h 0m\s+callback manager-approval {2}SUCCEEDED/);
    expect(out).toMatch(/\+1d 2h\s+step ship-order/);
    expect(out).toMatch(/step load-customer .*encrypted/);
    expect(out).toMatch(/step build-report .*offloaded/);
    // Timeline, then the result.
    expect(out).toContain('timeline:\nexecution ');
    expect(out).toMatch(/├─ context reserve-items \(Map\) +SUCCEEDED/);
    expect(out).toContain('status: SUCCEEDED');
    expect(out).toContain('"status": "completed"');
    expect(out).toContain('"trackingId": "TRACK-o-1001"');
    // The dev key and the offloaded report went to the dev directory.
    expect(existsSync(join(job.devDir, 'dev.key'))).toBe(true);
    expect(existsSync(join(job.devDir, 'blobs'))).toBe(true);
  });

  it('--serve: waits for the approval, answered through the Lambda API from outside', async () => {
    const job = startMainJob(['--serve', '--port', '0']);
    const [, url] = await job.waitFor(/Lambda API served at (http:\/\/\S+)/);
    const [, consoleLink] = await job.waitFor(/open it in the durable console: (http:\/\/\S+)/);
    expect(consoleLink).toMatch(/\/#\/e\/arn%3Aaws%3Alambda%3A.*order-workflow.*\?token=[A-Za-z0-9_-]{20,}$/);
    const [, callbackId] = await job.waitFor(/callback succeed (\S+) --result/);
    // The console at / shows the execution waiting for its approval.
    const arn = decodeURIComponent(/#\/e\/([^?]+)/.exec(consoleLink ?? '')?.[1] ?? '');
    const view = (await (await fetch(`${url}/api/execution?arn=${encodeURIComponent(arn)}`)).json()) as { pendingCallbacks: { callbackId: string; name?: string }[] };
    expect(view.pendingCallbacks).toEqual([{ callbackId, name: 'manager-approval', operationId: expect.any(String) }]);
    // Nobody answered yet: virtual time stands still instead of running into the 3-day timeout.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(job.output()).not.toContain('TIMED_OUT');
    expect(job.output()).not.toContain('status:');

    const client = new LambdaClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    await client.send(new SendDurableExecutionCallbackSuccessCommand({ CallbackId: callbackId, Result: Buffer.from(JSON.stringify({ approved: true, by: 'second terminal' })) }));
    client.destroy();

    const code = await job.exit;
    const out = job.output();
    expect(code, out).toBe(0);
    expect(out).toContain('"approvedBy": "second terminal"');
    expect(out).toMatch(/callback manager-approval {2}SUCCEEDED/);
    expect(out).toContain('status: SUCCEEDED');
  });
});
