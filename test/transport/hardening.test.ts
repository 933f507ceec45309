/**
 * Issue 19 findings 3 and 12: the SDK-free transport checks the ARN before building a URL, and
 * refuses oversized responses cleanly. Each test failed on the code before the fix.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DurableExecutionApiClient } from '../../src/transport/lambda-api-client.js';
import { DurableExecutionHttpClient } from '../../src/transport/durable-execution-http-client.js';
import { regionFromArn } from '../../src/transport/region.js';

const errorOf = (promise: Promise<unknown>): Promise<unknown> => promise.then(() => undefined, (e: unknown) => e);
const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret', sessionToken: 'session-token' };
const GOOD = 'arn:aws:lambda:us-east-1:123456789012:function:fn:$LATEST/durable-execution/run/abc';

const saved = { ...process.env };
afterEach(() => {
  for (const key of ['AWS_ENDPOINT_URL_LAMBDA', 'AWS_ENDPOINT_URL', 'AWS_REGION']) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
});

describe('finding 3: the execution ARN is validated before any URL is built', () => {
  it.each([
    ['a region that is a URL authority', 'arn:aws:lambda:x@127.0.0.1#:123456789012:function:fn:$LATEST/durable-execution/run/abc'],
    ['a region with a slash', 'arn:aws:lambda:evil.example/x:123456789012:function:fn:$LATEST/durable-execution/run/abc'],
    ['a region with a dot', 'arn:aws:lambda:attacker.example:123456789012:function:fn:$LATEST/durable-execution/run/abc'],
    ['a bad partition', 'arn:evil:lambda:us-east-1:123456789012:function:fn:$LATEST/durable-execution/run/abc'],
    ['a bad account', 'arn:aws:lambda:us-east-1:12345:function:fn:$LATEST/durable-execution/run/abc'],
    ['another service', 'arn:aws:s3:us-east-1:123456789012:function:fn:$LATEST/durable-execution/run/abc'],
    ['a bad function name', 'arn:aws:lambda:us-east-1:123456789012:function:f n:$LATEST/durable-execution/run/abc'],
    ['a bad qualifier', 'arn:aws:lambda:us-east-1:123456789012:function:fn:@x/durable-execution/run/abc'],
  ])('sends no request for %s', async (_label, arn) => {
    delete process.env.AWS_ENDPOINT_URL_LAMBDA;
    delete process.env.AWS_ENDPOINT_URL;
    const client = new DurableExecutionHttpClient({ credentials, maxAttempts: 1, connectionTimeoutMs: 500, requestTimeoutMs: 1_000 });
    const error = await errorOf(client.checkpoint({ DurableExecutionArn: arn, CheckpointToken: 't', Updates: [] }));
    expect(error).toMatchObject({ name: 'DurableExecutionClientError', scope: 'EXECUTION' });
    expect((error as Error).message).toMatch(/no request was sent/);
    expect(() => regionFromArn(arn)).toThrow(/no request was sent/);
    // The AWS SDK transport refuses it too, before the SDK is asked.
    expect(await errorOf(new DurableExecutionApiClient().checkpoint({ DurableExecutionArn: arn, CheckpointToken: 't', Updates: [] })))
      .toMatchObject({ name: 'DurableExecutionClientError' });
  });

  it('checks a region from AWS_REGION or the option too, and keeps good ARNs working', async () => {
    expect(regionFromArn(GOOD)).toBe('us-east-1');
    expect(regionFromArn('not-an-arn')).toBeUndefined();
    process.env.AWS_REGION = 'a@b';
    const fromEnv = new DurableExecutionHttpClient({ credentials, maxAttempts: 1 });
    expect(await errorOf(fromEnv.checkpoint({ DurableExecutionArn: 'not-an-arn', CheckpointToken: 't' }))).toMatchObject({ name: 'DurableExecutionClientError' });
    const fromOption = new DurableExecutionHttpClient({ credentials, region: 'x/y', maxAttempts: 1 });
    expect(await errorOf(fromOption.checkpoint({ DurableExecutionArn: GOOD, CheckpointToken: 't' }))).toMatchObject({ name: 'DurableExecutionClientError' });
  });
});

describe('finding 12: oversized responses are refused, never crash the process', () => {
  let server: Server;
  let endpoint: string;
  let mode: 'declared' | 'streamed' = 'declared';
  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      if (mode === 'declared') {
        // Says 10 GiB, sends a little, then holds the connection.
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(10 * 1024 ** 3) });
        res.write('{"Operations":[');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(`{"Operations":[],"Pad":"${'x'.repeat(2 * 1024 * 1024)}"}`);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('refuses a declared size over the cap at once, without retrying', async () => {
    mode = 'declared';
    const client = new DurableExecutionHttpClient({ credentials, endpoint, requestTimeoutMs: 3_000 });
    const started = Date.now();
    const error = await errorOf(client.getExecutionState({ DurableExecutionArn: GOOD, CheckpointToken: 't' }));
    expect(error).toMatchObject({ name: 'ResponseTooLargeError', $metadata: { attempts: 1 } });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('refuses a streamed body once it passes maxResponseBytes', async () => {
    mode = 'streamed';
    const client = new DurableExecutionHttpClient({ credentials, endpoint, maxResponseBytes: 1024 * 1024 });
    const error = await errorOf(client.getExecutionState({ DurableExecutionArn: GOOD, CheckpointToken: 't' }));
    expect(error).toMatchObject({ name: 'ResponseTooLargeError' });
    expect((error as Error).message).toMatch(/1048576-byte limit/);
    const roomy = new DurableExecutionHttpClient({ credentials, endpoint });
    expect(await roomy.getExecutionState({ DurableExecutionArn: GOOD, CheckpointToken: 't' })).toMatchObject({ Operations: [] });
  });
});
