import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFileBlobStore, createLocalKeyProvider, createPayloadSerdes, describePayload } from '../../src/index.js';
import { runCliProcess, startCli, waitForOutput } from './spawn-cli.js';
import { once } from 'node:events';

describe('durable-lambda run', () => {
  it('runs to completion with auto-answered callbacks: progress lines, timeline, result, exit 0', async () => {
    const run = await runCliProcess(['run', 'test/testing/fixtures/http-handler.ts', '--input', '{"name":"Bo"}', '--callback-result', '"ok"', '--callback-delay', '30', '--hide-logs']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^running http-handler\.ts as execution arn:aws:lambda:.+:function:http-handler:\$LATEST\/durable-execution\//);
    expect(lines[1]).toMatch(/^service: http:\/\/127\.0\.0\.1:\d+$/);
    expect(lines.slice(2, 8)).toEqual([
      expect.stringMatching(/^ +\+\S+ {2}step greet {2}SUCCEEDED {2}\d+ms {2}result 12 B$/),
      expect.stringMatching(/^ +\+\S+ {2}wait pause {2}SUCCEEDED {2}2\.\d\ds$/),
      expect.stringMatching(/^ +\+\S+ {2}callback approval {2}STARTED {2}callback id \S+$/),
      'callback approval: answering with "ok" in 30s (simulated)',
      expect.stringMatching(/^ +\+3\d\.\ds {2}callback approval {2}SUCCEEDED {2}30\.\ds {2}result 4 B$/),
      expect.stringMatching(/^ +\+3\d\.\ds {2}execution \S+ {2}SUCCEEDED/),
    ]);
    expect(lines).toContainEqual(expect.stringMatching(/^└─ callback approval {2}SUCCEEDED {2}30\.\ds {2}result 4 B$/));
    expect(lines.at(-1)).toMatch(/^result: \{"greeting":"Hello, Bo!","answer":"\\"ok\\"","pid":\d+\}$/);
  }, 60_000);

  it('prints how to answer an open callback and finishes when another process answers it', async () => {
    const child = startCli(['run', 'test/testing/fixtures/http-handler.ts', '--input', '{"name":"Cy"}']);
    const exited = once(child, 'exit');
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    const [, callbackId, url] = await waitForOutput(child, /durable-lambda callback succeed (\S+) --result '<json>' --url (http:\/\/\S+)/);
    const answer = await runCliProcess(['callback', 'succeed', callbackId ?? '', '--result', '"later"', '--url', url ?? '']);
    expect(answer.code).toBe(0);
    const [code] = (await exited) as [number];
    expect(code).toBe(0);
    expect(stdout).toMatch(/ {2}\| \{"requestId":"[^"]+".*"message":"waiting for \S+"\}/); // handler logs are shown
    expect(stdout.trim().split('\n').at(-1)).toMatch(/^result: \{"greeting":"Hello, Cy!","answer":"\\"later\\""/);
  }, 60_000);

  it('holds virtual time while the callback it asked for waits: answered 1.5 s later, its 1 s timeout has not fired', async () => {
    const child = startCli(['run', 'test/cli/fixtures/short-callback-handler.ts', '--price-per-million-operations', '10']);
    const exited = once(child, 'exit');
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    const [, callbackId, url] = await waitForOutput(child, /durable-lambda callback succeed (\S+) --result '<json>' --url (http:\/\/\S+)/);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const answer = await runCliProcess(['callback', 'succeed', callbackId ?? '', '--result', '"patient"', '--url', url ?? '']);
    expect(answer.code).toBe(0);
    const [code] = (await exited) as [number];
    expect(code).toBe(0);
    // Hand count: start 1 + wait 1 + callback 1 = 3.
    expect(stdout).toMatch(/^usage: 3 operations, \d+ B written, 3 invocations; estimated cost \$0\.\d+ at \$10 per million operations and \$0\.25 per GB written$/m);
    expect(stdout.trim().split('\n').at(-1)).toBe('result: {"answer":"\\"patient\\""}');
  }, 60_000);

  it('exits 1 with the failed timeline when the execution fails', async () => {
    const run = await runCliProcess(['run', 'test/cli/fixtures/failing-handler.ts']);
    expect(run.code).toBe(1);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toContainEqual(expect.stringMatching(/^└─ step charge {3}FAILED {2}\d+ms {2}RangeError: card declined$/));
    expect(lines.at(-1)).toBe('error: StepError: card declined');
  }, 60_000);

  it('times the execution out after --execution-timeout seconds, exit 1; rejects a bad value', async () => {
    const run = await runCliProcess(['run', 'test/cli/fixtures/day-wait-handler.ts', '--execution-timeout', '3600', '--json']);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as { Status: string; Events: { EventType: string }[] };
    expect(report.Status).toBe('TIMED_OUT');
    expect(report.Events.at(-1)?.EventType).toBe('ExecutionTimedOut');
    expect((report as unknown as { Error: { ErrorMessage: string } }).Error.ErrorMessage).toBe('Execution timed out: it ran longer than its execution timeout of 1 hour, set by --execution-timeout');
    const bad = await runCliProcess(['run', 'test/cli/fixtures/day-wait-handler.ts', '--execution-timeout', '0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe('durable-lambda run: --execution-timeout must be 1 to 31622400 seconds (DurableConfig.ExecutionTimeout), got 0');
  }, 60_000);
});

describe('durable-lambda run --function-timeout', () => {
  it('stops a step at the invocation deadline of a 1 s function timeout, retries it, and fails; rejects a bad value', async () => {
    const run = await runCliProcess(['run', 'test/cli/fixtures/stuck-step-handler.ts', '--function-timeout', '1', '--json']);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as { Status: string; Events: { EventType: string; StepFailedDetails?: { Error?: { Payload?: { ErrorType?: string } } } }[] };
    expect(report.Status).toBe('FAILED');
    const failures = report.Events.filter((e) => e.EventType === 'StepFailed').map((e) => e.StepFailedDetails?.Error?.Payload?.ErrorType);
    expect(failures).toEqual(['StepTimeoutError', 'StepTimeoutError']);
    const bad = await runCliProcess(['run', 'test/cli/fixtures/stuck-step-handler.ts', '--function-timeout', '0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe("durable-lambda run: --function-timeout must be 1 to 900 seconds (Lambda's function timeout), got 0");
  }, 60_000);
});

describe('durable-lambda decode', () => {
  it('decodes one encrypted and offloaded payload written by createPayloadSerdes with a key file and a file store', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dl-decode-'));
    const keyFile = join(dir, 'dev.key');
    const storeDir = join(dir, 'store');
    const serdes = createPayloadSerdes({
      encryption: { keyProvider: createLocalKeyProvider({ keyFile, env: {} }) },
      offload: { store: createFileBlobStore({ directory: storeDir }), thresholdBytes: 64 },
    });
    const arn = 'arn:aws:lambda:us-east-1:123456789012:function:orders:$LATEST/durable-execution/e/1';
    const payload = await serdes.serialize({ order: 7, lines: 'y'.repeat(200) }, { durableExecutionArn: arn, entityId: '3-1' });
    expect(describePayload(payload ?? '')).toMatchObject({ encryption: {}, offload: {} });
    await writeFile(join(dir, 'payload.txt'), payload ?? '');
    const args = ['decode', `@${join(dir, 'payload.txt')}`, '--arn', arn, '--operation-id', '3-1', '--key-file', keyFile, '--store-dir', storeDir];
    const run = await runCliProcess([...args, '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ encoding: expect.stringMatching(/^ejson, encrypted with local:[0-9a-f]{16}, offloaded \d+ B$/), value: { order: 7, lines: 'y'.repeat(200) } });
    // Bound to its operation: another operation id does not decrypt, and says so in one line.
    const moved = await runCliProcess(args.map((a) => (a === '3-1' ? '3-2' : a)));
    expect(moved.code).toBe(1);
    expect(moved.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^durable-lambda decode: Cannot decrypt the payload of operation "3-2" .*authentication failed/)]);
    // Without the key the error names what is missing.
    const keyless = await runCliProcess(['decode', payload ?? '', '--arn', arn, '--operation-id', '3-1', '--store-dir', storeDir]);
    expect([keyless.code, keyless.stderr.trim()]).toEqual([1, expect.stringMatching(/^durable-lambda decode: the payload is encrypted with local:\w+: pass --key-file or --kms-key$/)]);
  }, 60_000);

  it('decodes every payload of a whole history written by `run --json` (raw ids recovered from the hashes)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dl-decode-'));
    const env = { DL_TEST_KEY_FILE: join(dir, 'dev.key'), DL_TEST_STORE_DIR: join(dir, 'store') };
    const run = await runCliProcess(['run', 'test/cli/fixtures/payload-handler.ts', '--input', '{"count":300}', '--json'], env);
    expect(run.code).toBe(0);
    await writeFile(join(dir, 'history.json'), run.stdout);
    const doc = JSON.parse(await readFile(join(dir, 'history.json'), 'utf8')) as { Status: string; Events: unknown[] };
    expect(doc.Status).toBe('SUCCEEDED');
    const decoded = await runCliProcess(['decode', '--history', `@${join(dir, 'history.json')}`, '--key-file', env.DL_TEST_KEY_FILE, '--store-dir', env.DL_TEST_STORE_DIR, '--json']);
    expect(decoded.stderr).toBe('');
    expect(decoded.code).toBe(0);
    const rows = decoded.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows.map((r) => [r.eventType, r.rawId ?? '', r.name])).toEqual([
      ['ExecutionStarted', '', expect.any(String)],
      ['StepSucceeded', '1', 'small'],
      ['StepSucceeded', '2-1', 'big'],
      ['ContextSucceeded', '2', 'batch'],
      ['ExecutionSucceeded', '', expect.any(String)],
    ]);
    expect(rows[1]).toMatchObject({ encoding: expect.stringMatching(/^ejson, encrypted/), inspected: "{ at: 1970-01-01T00:00:00.000Z, tags: Set(1) { 'a' } }" });
    expect(rows[2]).toMatchObject({ encoding: expect.stringMatching(/offloaded/), value: 'x'.repeat(300) });
    expect(rows[4]).toMatchObject({ value: { small: 1, big: 300 } });
    const keyless = await runCliProcess(['decode', '--history', `@${join(dir, 'history.json')}`, '--store-dir', env.DL_TEST_STORE_DIR]);
    expect(keyless.code).toBe(1);
    expect(keyless.stdout).toMatch(/#3 StepSucceeded small \[1\] Result: cannot decode: the payload is encrypted/);
    expect(keyless.stderr.trim()).toBe('durable-lambda decode: 3 of 5 payloads could not be decoded');
  }, 60_000);
});
