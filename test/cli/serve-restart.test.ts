// `durable-lambda serve` keeps its data: killed with SIGKILL while one execution waits on a
// callback and another is inside a step, or stopped with Ctrl-C (SIGINT), then started again on
// the same data directory, it finishes both with the results of a run that was never stopped.
// `--in-memory` writes nothing. Real processes, the real AWS SDK client, real SQLite files.
import {
  GetDurableExecutionCommand,
  GetDurableExecutionHistoryCommand,
  InvokeCommand,
  LambdaClient,
  SendDurableExecutionCallbackSuccessCommand,
  type Event,
} from '@aws-sdk/client-lambda';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { waitForOutput } from './spawn-cli.js';

const BIN = resolve('bin/durable-lambda.mjs');
const HANDLERS = resolve('test/cli/fixtures/restart-handlers.ts');
const root = mkdtempSync(join(tmpdir(), 'dl-serve-restart-'));
const running = new Set<ChildProcessWithoutNullStreams>();

afterAll(async () => {
  for (const child of running) {
    child.kill('SIGKILL');
    await once(child, 'exit');
  }
  rmSync(root, { recursive: true, force: true });
});

interface Serve {
  child: ChildProcessWithoutNullStreams;
  lambda: LambdaClient;
  /** The "data: ..." line serve printed at start. */
  data: string;
}

const startServe = async (options: { cwd: string; signalDir: string; dataArgs: string[] }): Promise<Serve> => {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', ...options.dataArgs,
    '--function', `approval=${HANDLERS}#approval`, '--function', `blocking=${HANDLERS}#blocking`], {
    cwd: options.cwd,
    env: { ...process.env, RESTART_SIGNAL_DIR: options.signalDir, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  const [, url, data] = await waitForOutput(child, /listening on (http:\/\/127\.0\.0\.1:\d+).*\n(data: .*)\n/, 90_000);
  const lambda = new LambdaClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' } });
  return { child, lambda, data: data ?? '' };
};

const stop = async (serve: Serve, signal: NodeJS.Signals): Promise<number | null> => {
  serve.lambda.destroy();
  const exited = once(serve.child, 'exit') as Promise<[number | null, string | null]>;
  serve.child.kill(signal);
  const [code] = await exited;
  return code;
};

const start = async (serve: Serve, fn: string, input: unknown): Promise<string> => {
  const out = await serve.lambda.send(new InvokeCommand({ FunctionName: fn, InvocationType: 'Event', Payload: Buffer.from(JSON.stringify(input)) }));
  return out.DurableExecutionArn ?? '';
};

const history = async (serve: Serve, arn: string): Promise<Event[]> =>
  (await serve.lambda.send(new GetDurableExecutionHistoryCommand({ DurableExecutionArn: arn }))).Events ?? [];

const poll = async <T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> => {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
};

/** The callback id once the execution has suspended on it. */
const openCallback = (serve: Serve, arn: string): Promise<string> =>
  poll('the open callback', async () => {
    const events = await history(serve, arn);
    const id = events.find((e) => e.EventType === 'CallbackStarted')?.CallbackStartedDetails?.CallbackId;
    return id !== undefined && events.at(-1)?.EventType === 'InvocationCompleted' ? id : undefined;
  });

const answer = (serve: Serve, callbackId: string, result: string): Promise<unknown> =>
  serve.lambda.send(new SendDurableExecutionCallbackSuccessCommand({ CallbackId: callbackId, Result: Buffer.from(result) }));

const finished = (serve: Serve, arn: string): Promise<{ status: string; result: string | undefined }> =>
  poll('the end of the execution', async () => {
    const got = await serve.lambda.send(new GetDurableExecutionCommand({ DurableExecutionArn: arn }));
    return got.Status === 'RUNNING' ? undefined : { status: got.Status ?? '', result: got.Result };
  });

const entered = (signalDir: string, job: string): number => readdirSync(signalDir).filter((f) => f.startsWith(`${job}.entered-`)).length;

const newDir = (name: string): string => {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  return dir;
};

// Results of a run that is never stopped, shared by the tests below.
const reference = { approval: { status: '', result: undefined as string | undefined }, blocking: { status: '', result: undefined as string | undefined } };

describe('durable-lambda serve keeps its data across restarts', () => {
  it('with --in-memory writes nothing and gives the reference results', async () => {
    const cwd = newDir('in-memory');
    const signals = newDir('in-memory-signals');
    writeFileSync(join(signals, 'j1.go'), '');
    const serve = await startServe({ cwd, signalDir: signals, dataArgs: ['--in-memory'] });
    expect(serve.data).toBe('data: in memory (--in-memory): nothing is kept when serve stops');
    const approval = await start(serve, 'approval', { order: 'o-1' });
    const blocking = await start(serve, 'blocking', { job: 'j1' });
    await answer(serve, await openCallback(serve, approval), '"yes"');
    reference.approval = await finished(serve, approval);
    reference.blocking = await finished(serve, blocking);
    expect(reference.approval).toEqual({ status: 'SUCCEEDED', result: '{"priced":{"order":"o-1","total":42},"answer":"\\"yes\\"","shipped":"shipped o-1"}' });
    expect(reference.blocking).toEqual({ status: 'SUCCEEDED', result: '["j1:first","j1:second","j1:third"]' });
    expect(await stop(serve, 'SIGINT')).toBe(0);
    // Only the handler bundles' cache (node_modules/.cache, as before); no data directory.
    expect(readdirSync(cwd)).toEqual(['node_modules']);
    expect(readdirSync(join(cwd, 'node_modules'))).toEqual(['.cache']);
  }, 150_000);

  it('after SIGKILL mid-invocation and mid-callback: restarted on the same --data-dir, both end as in the reference run', async () => {
    const cwd = newDir('kill');
    const signals = newDir('kill-signals');
    const dataDir = join(root, 'kill-data');
    const first = await startServe({ cwd, signalDir: signals, dataArgs: ['--data-dir', dataDir] });
    expect(first.data).toMatch(/^data: .*kill-data\/service\.sqlite \(SQLite via (node:sqlite|node-sqlite3-wasm)\): no executions kept yet$/);
    // The callback first: virtual time does not jump (over the hour-long cool-off) while an
    // invocation runs, and the blocking one runs until the kill.
    const approval = await start(first, 'approval', { order: 'o-1' });
    const callbackId = await openCallback(first, approval);
    const blocking = await start(first, 'blocking', { job: 'j1' });
    await poll('the blocking step', async () => (entered(signals, 'j1') === 1 ? true : undefined));
    expect(await stop(first, 'SIGKILL')).toBe(null);

    writeFileSync(join(signals, 'j1.go'), '');
    const second = await startServe({ cwd, signalDir: signals, dataArgs: ['--data-dir', dataDir] });
    expect(second.data).toMatch(/: 2 executions kept, 0 finished, 1 waiting, 1 interrupted invocation retried$/);
    await answer(second, callbackId, '"yes"');
    expect(await finished(second, approval)).toEqual(reference.approval);
    expect(await finished(second, blocking)).toEqual(reference.blocking);
    // The step that was running ran again (at least once), after an invocation recorded as failed.
    expect(entered(signals, 'j1')).toBe(2);
    const errors = (await history(second, blocking)).flatMap((e) => (e.InvocationCompletedDetails?.Error?.Payload ? [e.InvocationCompletedDetails.Error.Payload] : []));
    expect(errors).toEqual([{ ErrorType: 'Runtime.ExitError', ErrorMessage: 'The local durable-execution service stopped during this invocation' }]);
    expect(await stop(second, 'SIGTERM')).toBe(0);
    expect(readdirSync(dataDir).sort()).toEqual(['service.sqlite']);
  }, 240_000);

  it('after Ctrl-C (SIGINT), by default in .durable-lambda/serve: the callback is answered after the restart', async () => {
    const cwd = newDir('sigint');
    const signals = newDir('sigint-signals');
    const first = await startServe({ cwd, signalDir: signals, dataArgs: [] });
    expect(first.data).toMatch(/^data: \.durable-lambda\/serve\/service\.sqlite \(SQLite via .+\): no executions kept yet$/);
    const approval = await start(first, 'approval', { order: 'o-1' });
    const callbackId = await openCallback(first, approval);
    expect(await stop(first, 'SIGINT')).toBe(0);
    expect(existsSync(join(cwd, '.durable-lambda/serve/service.sqlite'))).toBe(true);
    expect(existsSync(join(cwd, '.durable-lambda/serve/serve.lock'))).toBe(false);

    const second = await startServe({ cwd, signalDir: signals, dataArgs: [] });
    expect(second.data).toMatch(/: 1 execution kept, 0 finished, 1 waiting$/);
    const before = await history(second, approval);
    await answer(second, callbackId, '"yes"');
    expect(await finished(second, approval)).toEqual(reference.approval);
    const after = await history(second, approval);
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.map((e) => e.EventType).slice(before.length)).toEqual(['CallbackSucceeded', 'ContextSucceeded', 'StepStarted', 'StepSucceeded', 'InvocationCompleted', 'ExecutionSucceeded']);
    expect(await stop(second, 'SIGINT')).toBe(0);
  }, 240_000);
});
