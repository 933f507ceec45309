import { GetDurableExecutionCommand, InvokeCommand, LambdaClient, type GetDurableExecutionCommandOutput } from '@aws-sdk/client-lambda';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliProcess, startCli, waitForOutput } from './spawn-cli.js';

// One real `serve` on loopback; `history` and `callback` run as separate processes against it.
let serve: ReturnType<typeof startCli>;
let url = '';
let lambda: LambdaClient;

beforeAll(async () => {
  serve = startCli(['serve', '--port', '0', '--in-memory', '--function', 'greeter=test/testing/fixtures/http-handler.ts']);
  const [, found] = await waitForOutput(serve, /listening on (http:\/\/127\.0\.0\.1:\d+)/);
  url = found ?? '';
  lambda = new LambdaClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' } });
}, 60_000);

afterAll(async () => {
  lambda.destroy();
  serve.kill('SIGTERM');
  await once(serve, 'exit');
});

const startGreeter = async (name: string): Promise<string> => {
  const invoked = await lambda.send(new InvokeCommand({ FunctionName: 'greeter', InvocationType: 'Event', Payload: Buffer.from(JSON.stringify({ name })) }));
  return invoked.DurableExecutionArn ?? '';
};

/** Polls `history --json` (the CLI itself) until the callback is open; returns its id. */
const openCallbackId = async (arn: string): Promise<string> => {
  for (let i = 0; i < 100; i += 1) {
    const run = await runCliProcess(['history', arn, '--url', url, '--json']);
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout) as { Events: { EventType: string; CallbackStartedDetails?: { CallbackId?: string } }[] };
    const id = doc.Events.find((e) => e.EventType === 'CallbackStarted')?.CallbackStartedDetails?.CallbackId;
    if (id !== undefined && doc.Events.at(-1)?.EventType === 'InvocationCompleted') return id;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the callback never opened');
};

const finished = async (arn: string): Promise<GetDurableExecutionCommandOutput> => {
  for (let i = 0; i < 500; i += 1) {
    const got = await lambda.send(new GetDurableExecutionCommand({ DurableExecutionArn: arn }));
    if (got.Status !== 'RUNNING') return got;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('the execution never finished');
};

describe('durable-lambda history and callback against a real serve', () => {
  it('prints the timeline, heartbeats and succeeds a callback, then shows the finished timeline', async () => {
    const arn = await startGreeter('Bo');
    const callbackId = await openCallbackId(arn);
    const open = await runCliProcess(['history', arn, '--url', url]);
    expect(open.code).toBe(0);
    const openLines = open.stdout.trim().split('\n');
    expect(openLines[0]).toMatch(/^execution \S+ {2}RUNNING {2}\S+ {2}input 13 B {2}\(2 invocations\)$/);
    expect(openLines[1]).toMatch(/^├─ step greet +SUCCEEDED {2}\d+ms {2}result 12 B$/);
    expect(openLines[2]).toMatch(/^├─ wait pause +SUCCEEDED {2}2\.\d\ds$/);
    expect(openLines[3]).toBe(`└─ callback approval  STARTED  ${openLines[3]?.split('  ')[2]}  callback id ${callbackId}`);

    const heartbeat = await runCliProcess(['callback', 'heartbeat', callbackId, '--url', url]);
    expect([heartbeat.code, heartbeat.stdout.trim()]).toEqual([0, `callback ${callbackId.slice(0, 24)}…: heartbeat sent`]);
    const succeed = await runCliProcess(['callback', 'succeed', callbackId, '--result', '{"approved":true}', '--url', url]);
    expect([succeed.code, succeed.stderr]).toEqual([0, '']);
    const done = await finished(arn);
    expect(done.Status).toBe('SUCCEEDED');
    expect(JSON.parse(done.Result ?? '{}')).toMatchObject({ greeting: 'Hello, Bo!', answer: '{"approved":true}' });

    const closed = await runCliProcess(['history', arn, '--url', url]);
    const lines = closed.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^execution \S+ {2}SUCCEEDED {2}\S+ {2}input 13 B {2}result \d+ B {2}\(3 invocations\)$/);
    expect(lines[3]).toMatch(/^└─ callback approval +SUCCEEDED {2}\S+ {2}result 17 B$/);
    expect(lines[4]).toMatch(/^result: \{"greeting":"Hello, Bo!","answer":"\{\\"approved\\":true\}","pid":\d+\}$/);
    // Hand count: start 1 + greet step 1 + pause wait 1 + approval callback 1 = 4.
    expect(lines[5]).toMatch(/^usage: 4 operations, \d+ B written, 3 invocations; estimated cost \$\S+ at \$8 per million operations and \$0\.25 per GB written$/);

    // decode reads the same history through the API and decodes each payload (plain ones here).
    const decoded = await runCliProcess(['decode', '--history', arn, '--url', url, '--json']);
    expect([decoded.code, decoded.stderr]).toEqual([0, '']);
    const rows = decoded.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows.map((r) => [r.eventType, r.rawId, r.value])).toEqual([
      ['ExecutionStarted', '', { name: 'Bo' }],
      ['StepSucceeded', '1', 'Hello, Bo!'],
      ['CallbackSucceeded', '3', { approved: true }],
      ['ExecutionSucceeded', '', expect.objectContaining({ greeting: 'Hello, Bo!' })],
    ]);

    // The callback is closed now: the service's refusal comes back as one line.
    const again = await runCliProcess(['callback', 'succeed', callbackId, '--url', url]);
    expect(again.code).toBe(1);
    expect(again.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^durable-lambda callback: CallbackTimeoutException: .+/)]);
  }, 60_000);

  it('fails a callback with an error type and message', async () => {
    const arn = await startGreeter('Al');
    const callbackId = await openCallbackId(arn);
    const fail = await runCliProcess(['callback', 'fail', callbackId, '--error-type', 'Rejected', '--error-message', 'not today', '--url', url]);
    expect([fail.code, fail.stdout.trim()]).toEqual([0, `callback ${callbackId.slice(0, 24)}…: failed`]);
    const done = await finished(arn);
    expect(done.Status).toBe('FAILED');
    expect(done.Error).toMatchObject({ ErrorMessage: 'not today' });
    const history = await runCliProcess(['history', arn, '--url', url]);
    expect(history.stdout).toMatch(/└─ callback approval +FAILED {2}\S+ {2}Rejected: not today/);
  }, 60_000);

  it('reports an unknown execution and an unreachable service as one line, non-zero', async () => {
    const unknown = await runCliProcess(['history', 'arn:aws:lambda:us-east-1:123456789012:function:greeter:$LATEST/durable-execution/x/y', '--url', url]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^durable-lambda history: ResourceNotFoundException: Durable execution not found/)]);
    const unreachable = await runCliProcess(['callback', 'succeed', 'abc', '--url', 'http://127.0.0.1:9']);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr.trim().split('\n')).toEqual([
      'durable-lambda callback: cannot reach the durable-execution service at http://127.0.0.1:9 (ECONNREFUSED); start it with "durable-lambda serve" or pass --url',
    ]);
  }, 60_000);
});
