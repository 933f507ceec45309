/**
 * The SDK-free default transport against a loopback server answering the two REST routes: the
 * server recomputes every signature with @smithy/signature-v4 and refuses bad ones, so what is
 * checked is a real signature, not the shape of a header.
 */
import fc from 'fast-check';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { classifyTransportFailure } from '../../src/engine/failure-classification.js';
import { withDurableExecution } from '../../src/handler.js';
import { DurableExecutionHttpClient, endpointFor } from '../../src/transport/durable-execution-http-client.js';
import { CREDENTIALS_ERROR, defaultCredentialsProvider } from '../../src/transport/credentials.js';
import { MALFORMED_RESPONSE } from '../../src/transport/api-response.js';
import { SDK_VERSION } from '../../src/version.js';
import { FakeCheckpointClient, fakeLambdaContext, TEST_ARN } from '../support/fake-checkpoint-client.js';
import { answerDurableExecutionRoute, readBody, serviceJson } from '../support/loopback-http.js';
import { verifySignature } from '../support/sigv4-verifier.js';

interface Seen {
  method: string;
  rawPath: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  headers: IncomingMessage['headers'];
  remotePort: number | undefined;
  signatureValid: boolean;
}

type Answer = { status: number; body: string; headers?: Record<string, string> } | 'hold';

const SECRETS: Record<string, string> = { AKIDLOCAL: 'local/secret+key', ASIACONTAINER: 'container-secret' };
const ENV_KEYS = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_ENDPOINT_URL_LAMBDA',
  'AWS_ENDPOINT_URL',
  'AWS_REGION',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE',
] as const;
const savedEnv = Object.fromEntries(ENV_KEYS.map((key) => [key, process.env[key]]));

let server: Server;
let endpoint: string;
const seen: Seen[] = [];
let service = new FakeCheckpointClient();
/** Answers given before the service is asked, one per request. */
let scripted: Answer[] = [];
let closedEarly = 0;

function reply(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-requestid': `req-${seen.length}`, ...headers });
  res.end(serviceJson(body));
}

async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const raw = await readBody(req);
  const check = await verifySignature(req, raw, (id) => SECRETS[id]);
  let body: unknown;
  try {
    body = raw ? JSON.parse(raw) : undefined;
  } catch {
    body = raw;
  }
  seen.push({
    method: req.method ?? '',
    rawPath: url.pathname,
    path: decodeURIComponent(url.pathname),
    query: Object.fromEntries(url.searchParams),
    body,
    headers: req.headers,
    remotePort: req.socket.remotePort,
    signatureValid: check.valid,
  });
  if (!check.valid) return reply(res, 403, { message: check.reason }, { 'x-amzn-errortype': 'InvalidSignatureException' });
  const answer = scripted.shift();
  if (answer === 'hold') {
    res.on('close', () => (closedEarly += res.writableEnded ? 0 : 1));
    return;
  }
  if (answer) {
    res.writeHead(answer.status, { 'x-amzn-requestid': `req-${seen.length}`, ...answer.headers });
    res.end(answer.body);
    return;
  }
  const routed = await answerDurableExecutionRoute(service, { method: req.method ?? '', url, body });
  reply(res, routed.status, routed.body, routed.headers);
}

beforeAll(async () => {
  server = createServer((req, res) => void route(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  for (const key of ENV_KEYS) delete process.env[key];
  process.env.AWS_ACCESS_KEY_ID = 'AKIDLOCAL';
  process.env.AWS_SECRET_ACCESS_KEY = SECRETS.AKIDLOCAL;
  process.env.AWS_SESSION_TOKEN = 'session/token+=';
});

afterEach(() => {
  seen.length = 0;
  scripted = [];
  closedEarly = 0;
  service = new FakeCheckpointClient();
  for (const key of ENV_KEYS) {
    if (savedEnv[key] === undefined) delete process.env[key];
    else process.env[key] = savedEnv[key];
  }
});

const checkpointRequest = (token = service.token) => ({ DurableExecutionArn: TEST_ARN, CheckpointToken: token, Updates: [] });

describe('DurableExecutionHttpClient (the default transport) over HTTP', () => {
  it('drives a handler end to end through AWS_ENDPOINT_URL_LAMBDA, every request validly signed', async () => {
    process.env.AWS_ENDPOINT_URL_LAMBDA = endpoint;
    service = new FakeCheckpointClient({ input: { n: 2 }, pageSize: 1 });
    // A second record so that the event holds one page and the rest comes from the state route.
    service.operations.set('ffffffffffffffff', { Id: 'ffffffffffffffff', Type: 'WAIT', SubType: 'Wait', Status: 'SUCCEEDED' });
    const handler = withDurableExecution(async (event: { n: number }, ctx) => ctx.step('double', async () => event.n * 2));
    const output = await handler(service.event(), fakeLambdaContext());
    expect(output).toEqual({ Status: 'SUCCEEDED', Result: '4' });
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect(seen.map((s) => s.signatureValid)).toEqual(seen.map(() => true));
    const state = seen.find((s) => s.method === 'GET');
    expect(state?.path).toBe(`/2025-12-01/durable-executions/${TEST_ARN}/state`);
    // The ARN is percent-encoded in the path as the AWS SDK does it.
    expect(state?.rawPath).toBe(`/2025-12-01/durable-executions/${TEST_ARN.replace(/:/g, '%3A').replace(/\//g, '%2F')}/state`);
    expect(state?.query).toEqual({ CheckpointToken: 'T1', Marker: '1', MaxItems: '1000' });
    const checkpoint = seen.find((s) => s.method === 'POST');
    expect(checkpoint?.path).toBe(`/2025-12-01/durable-executions/${TEST_ARN}/checkpoint`);
    expect(checkpoint?.body).toMatchObject({
      CheckpointToken: 'T1',
      Updates: [
        { Type: 'STEP', Action: 'START', Name: 'double', SubType: 'Step' },
        { Type: 'STEP', Action: 'SUCCEED', Name: 'double', SubType: 'Step', Payload: '4' },
      ],
    });
    expect((checkpoint?.body as { ClientToken?: string }).ClientToken).toMatch(/^[0-9a-f-]{36}$/);
    expect(checkpoint?.headers['content-type']).toBe('application/json');
    expect(String(checkpoint?.headers['user-agent'])).toContain(`durable-lambda/${SDK_VERSION}`);
    expect(String(checkpoint?.headers.authorization)).toContain('/us-east-1/lambda/aws4_request');
    expect(checkpoint?.headers['x-amz-security-token']).toBe('session/token+=');
  });

  it('a request signed with the wrong secret is refused by the server (the check is real)', async () => {
    const client = new DurableExecutionHttpClient({ endpoint, credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'wrong' } });
    const error = await client.checkpoint(checkpointRequest()).catch((e: unknown) => e);
    expect(seen[0]?.signatureValid).toBe(false);
    expect(error).toMatchObject({ name: 'InvalidSignatureException', $metadata: { httpStatusCode: 403, attempts: 1 } });
    expect(classifyTransportFailure(error)).toBe('EXECUTION');
  });

  it('keeps the ClientToken the caller gives, and turns service timestamps into dates', async () => {
    const client = new DurableExecutionHttpClient({ endpoint, region: 'eu-west-1' });
    const response = await client.checkpoint({
      DurableExecutionArn: TEST_ARN,
      CheckpointToken: 'T0',
      ClientToken: 'mine',
      Updates: [
        { Id: 'abc', Type: 'WAIT', Action: 'START', WaitOptions: { WaitSeconds: 5 } },
        { Id: 'def', Type: 'STEP', Action: 'START' },
        { Id: 'def', Type: 'STEP', Action: 'RETRY', StepOptions: { NextAttemptDelaySeconds: 3 }, Error: { ErrorMessage: 'x' } },
      ],
    });
    expect((seen[0]?.body as { ClientToken?: string }).ClientToken).toBe('mine');
    expect(response.CheckpointToken).toBe('T1');
    const wait = response.NewExecutionState?.Operations?.find((op) => op.Id === 'abc');
    expect(wait?.Status).toBe('STARTED');
    expect(wait?.StartTimestamp).toBeInstanceOf(Date);
    expect(wait?.WaitDetails?.ScheduledEndTimestamp).toBeInstanceOf(Date);
    expect((wait?.WaitDetails?.ScheduledEndTimestamp as Date).getTime() - (wait?.StartTimestamp as Date).getTime()).toBe(5_000);
    const step = response.NewExecutionState?.Operations?.find((op) => op.Id === 'def');
    expect(step?.StepDetails?.NextAttemptTimestamp).toBeInstanceOf(Date);
    expect(String(seen[0]?.headers.authorization)).toContain('/eu-west-1/lambda/aws4_request');
    expect(seen[0]?.signatureValid).toBe(true);
    const state = await client.getExecutionState({ DurableExecutionArn: TEST_ARN, CheckpointToken: 'T1', MaxItems: 1000 });
    expect(state.Operations?.find((op) => op.Id === 'abc')?.WaitDetails?.ScheduledEndTimestamp).toBeInstanceOf(Date);
  });

  it('signs query values that need encoding', async () => {
    scripted = [{ status: 200, body: '{"Operations":[]}' }];
    const client = new DurableExecutionHttpClient({ endpoint });
    await client.getExecutionState({ DurableExecutionArn: TEST_ARN, CheckpointToken: "tok+en/=&x y*!'()~", Marker: 'a:b', MaxItems: 5 });
    expect(seen[0]?.signatureValid).toBe(true);
    expect(seen[0]?.query).toEqual({ CheckpointToken: "tok+en/=&x y*!'()~", Marker: 'a:b', MaxItems: '5' });
  });

  it('reuses its connection between calls (keep-alive)', async () => {
    const client = new DurableExecutionHttpClient({ endpoint });
    await client.checkpoint(checkpointRequest());
    await client.checkpoint(checkpointRequest());
    expect(seen).toHaveLength(2);
    expect(seen[1]?.remotePort).toBe(seen[0]?.remotePort);
  });

  it.each([
    [500, 'ServiceException', 'internal', 'INVOCATION'],
    [429, 'TooManyRequestsException', 'slow down', 'INVOCATION'],
    [400, 'InvalidParameterValueException', 'Invalid Checkpoint Token: stale', 'INVOCATION'],
    [400, 'InvalidParameterValueException', 'Updates are invalid', 'EXECUTION'],
    [404, 'ResourceNotFoundException', 'no such execution', 'EXECUTION'],
    [502, 'KMSAccessDeniedException', 'kms says no', 'EXECUTION'],
  ])('classifies HTTP %i %s (%s)', async (status, type, message, scope) => {
    const client = new DurableExecutionHttpClient({ endpoint, maxAttempts: 1 });
    scripted = [{ status, body: JSON.stringify({ message }), headers: { 'x-amzn-errortype': `${type}:http://internal.amazon.com/coral/` } }];
    const error = await client.checkpoint(checkpointRequest('T0')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe(type);
    expect((error as Error).message).toBe(message);
    expect((error as { $metadata: unknown }).$metadata).toEqual({ httpStatusCode: status, requestId: 'req-1', attempts: 1, totalRetryDelay: 0 });
    expect(classifyTransportFailure(error)).toBe(scope);
  });

  it('reads the error type from the body (__type, code) and Message when there is no header', async () => {
    const client = new DurableExecutionHttpClient({ endpoint, maxAttempts: 1 });
    scripted = [
      { status: 404, body: JSON.stringify({ __type: 'com.amazonaws.lambda#ResourceNotFoundException', Message: 'gone' }) },
      { status: 400, body: JSON.stringify({ code: 'InvalidParameterValueException', message: 'Invalid Checkpoint Token: x' }) },
    ];
    await expect(client.checkpoint(checkpointRequest())).rejects.toMatchObject({ name: 'ResourceNotFoundException', message: 'gone' });
    const stale = await client.checkpoint(checkpointRequest()).catch((e: unknown) => e);
    expect(stale).toMatchObject({ name: 'InvalidParameterValueException' });
    expect(classifyTransportFailure(stale)).toBe('INVOCATION');
  });

  it('retries a 503 and succeeds, with the same ClientToken on both attempts', async () => {
    const client = new DurableExecutionHttpClient({ endpoint });
    scripted = [{ status: 503, body: '{"message":"busy"}', headers: { 'x-amzn-errortype': 'ServiceException' } }];
    const response = await client.checkpoint(checkpointRequest());
    expect(response.CheckpointToken).toBe('T1');
    expect(seen).toHaveLength(2);
    const tokens = seen.map((s) => (s.body as { ClientToken: string }).ClientToken);
    expect(tokens[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(tokens[1]).toBe(tokens[0]);
    expect(seen.every((s) => s.signatureValid)).toBe(true);
  });

  it('gives up after 3 attempts (standard mode) and says how many it made; a 400 is not retried', async () => {
    const client = new DurableExecutionHttpClient({ endpoint });
    scripted = Array.from({ length: 3 }, () => ({ status: 500, body: '{"message":"down"}', headers: { 'x-amzn-errortype': 'ServiceException' } }));
    const error = await client.checkpoint(checkpointRequest()).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ServiceException', $metadata: { httpStatusCode: 500, attempts: 3 } });
    expect(seen).toHaveLength(3);
    seen.length = 0;
    scripted = [{ status: 400, body: '{"message":"Updates are invalid"}', headers: { 'x-amzn-errortype': 'InvalidParameterValueException' } }];
    await expect(client.checkpoint(checkpointRequest())).rejects.toMatchObject({ name: 'InvalidParameterValueException' });
    expect(seen).toHaveLength(1);
  });

  it('aborts a request that gets no answer within the request timeout, then retries it', async () => {
    const client = new DurableExecutionHttpClient({ endpoint, requestTimeoutMs: 200 });
    scripted = ['hold'];
    const started = Date.now();
    const response = await client.checkpoint(checkpointRequest());
    expect(response.CheckpointToken).toBe('T1');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(seen).toHaveLength(2);
    // The held request's connection was closed by the client, not left open.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(closedEarly).toBe(1);
    seen.length = 0;
    scripted = ['hold'];
    const once = new DurableExecutionHttpClient({ endpoint, requestTimeoutMs: 200, maxAttempts: 1 });
    const error = await once.checkpoint(checkpointRequest()).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'TimeoutError', $metadata: { attempts: 1 } });
    expect(classifyTransportFailure(error)).toBe('INVOCATION');
  });

  it('has the AWS SDK default client timeouts: 5 s to connect, 55 s per request', () => {
    const client = new DurableExecutionHttpClient() as unknown as { connectionTimeoutMs: number; requestTimeoutMs: number; maxAttempts: number };
    expect([client.connectionTimeoutMs, client.requestTimeoutMs, client.maxAttempts]).toEqual([5_000, 55_000, 3]);
  });

  it('a malformed response body is a clear error, not a crash', async () => {
    const client = new DurableExecutionHttpClient({ endpoint, maxAttempts: 1 });
    scripted = [
      { status: 200, body: 'this is not json' },
      { status: 200, body: '[1, 2]' },
      { status: 502, body: '<html>Bad Gateway</html>' },
    ];
    const notJson = await client.checkpoint(checkpointRequest()).catch((e: unknown) => e);
    expect(notJson).toMatchObject({ name: MALFORMED_RESPONSE, $metadata: { httpStatusCode: 200 } });
    expect((notJson as Error).message).toContain('this is not json');
    expect(classifyTransportFailure(notJson)).toBe('INVOCATION');
    await expect(client.getExecutionState({ DurableExecutionArn: TEST_ARN, CheckpointToken: 'T0' })).rejects.toMatchObject({ name: MALFORMED_RESPONSE });
    const gateway = await client.checkpoint(checkpointRequest()).catch((e: unknown) => e);
    expect(gateway).toMatchObject({ name: 'UnknownError', $metadata: { httpStatusCode: 502 } });
    expect((gateway as Error).message).toContain('HTTP 502: <html>Bad Gateway</html>');
    expect(classifyTransportFailure(gateway)).toBe('INVOCATION');
  });

  it('a refused connection is retried, then reported with $metadata', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const client = new DurableExecutionHttpClient({ endpoint: `http://127.0.0.1:${port}`, maxAttempts: 2 });
    const error = await client.checkpoint(checkpointRequest()).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ECONNREFUSED', $metadata: { attempts: 2 } });
    expect(classifyTransportFailure(error)).toBe('INVOCATION');
  });

  it('picks the endpoint: option, AWS_ENDPOINT_URL_LAMBDA, AWS_ENDPOINT_URL, else regional (.com.cn for China)', () => {
    expect(endpointFor('eu-west-1')).toBe('https://lambda.eu-west-1.amazonaws.com');
    expect(endpointFor('cn-north-1')).toBe('https://lambda.cn-north-1.amazonaws.com.cn');
    process.env.AWS_ENDPOINT_URL = 'http://general:1';
    expect(endpointFor('eu-west-1')).toBe('http://general:1');
    process.env.AWS_ENDPOINT_URL_LAMBDA = 'http://lambda:2';
    expect(endpointFor('eu-west-1')).toBe('http://lambda:2');
    expect(endpointFor('eu-west-1', 'http://explicit:3')).toBe('http://explicit:3');
  });

  it('takes the region from AWS_REGION when the ARN has none, and says so when neither has one', async () => {
    const client = new DurableExecutionHttpClient({ endpoint });
    scripted = [{ status: 200, body: '{}' }];
    process.env.AWS_REGION = 'ap-south-2';
    await client.checkpoint({ DurableExecutionArn: 'not-an-arn', CheckpointToken: 'T', Updates: [] });
    expect(String(seen[0]?.headers.authorization)).toContain('/ap-south-2/lambda/aws4_request');
    delete process.env.AWS_REGION;
    await expect(client.checkpoint({ DurableExecutionArn: 'not-an-arn', CheckpointToken: 'T' })).rejects.toThrow(/AWS_REGION/);
  });

  it('uses an injected credentials provider (the AWS SDK AwsCredentialIdentityProvider shape)', async () => {
    let calls = 0;
    const client = new DurableExecutionHttpClient({
      endpoint,
      credentials: async () => {
        calls += 1;
        return { accessKeyId: 'ASIACONTAINER', secretAccessKey: SECRETS.ASIACONTAINER!, sessionToken: 'injected', expiration: new Date(Date.now() + 3_600_000) };
      },
    });
    await client.checkpoint(checkpointRequest());
    expect(calls).toBe(1);
    expect(seen[0]?.signatureValid).toBe(true);
    expect(seen[0]?.headers['x-amz-security-token']).toBe('injected');
  });
});

describe('fuzz: any answer of the server', () => {
  const status = fc.oneof(fc.constantFrom(200, 400, 403, 404, 429, 500, 502, 503), fc.integer({ min: 200, max: 599 }));
  const body = fc.oneof(
    fc.constantFrom('', 'null', '[]', '"text"', '42', '{', 'not json', '{"Operations":"x"}', '{"NewExecutionState":5}', '{"message":7,"__type":[]}'),
    fc.json(),
    fc.string({ maxLength: 40 }),
  );
  const errorType = fc.option(fc.oneof(fc.constantFrom('ServiceException', 'A:b:c', ':', '#', 'com.x#Y'), fc.string({ maxLength: 10 })), { nil: undefined });

  it('ends in a response object or a named Error (never a TypeError, never a hang)', async () => {
    const client = new DurableExecutionHttpClient({ endpoint, maxAttempts: 1, requestTimeoutMs: 5_000 });
    await fc.assert(
      fc.asyncProperty(status, body, errorType, fc.boolean(), async (code, text, type, checkpoint) => {
        seen.length = 0;
        scripted = [{ status: code, body: text, headers: type === undefined ? {} : { 'x-amzn-errortype': type } }];
        const call = checkpoint
          ? client.checkpoint(checkpointRequest('T0'))
          : client.getExecutionState({ DurableExecutionArn: TEST_ARN, CheckpointToken: 'T0' });
        const outcome = await call.then((value) => ({ value }), (error: unknown) => ({ error }));
        if ('error' in outcome) {
          expect(outcome.error).toBeInstanceOf(Error);
          const error = outcome.error as Error & { $metadata?: { httpStatusCode?: number } };
          expect(error.name).not.toMatch(/^(TypeError|RangeError|SyntaxError|ReferenceError)$/);
          expect(error.name.length).toBeGreaterThan(0);
          expect(error.message.length).toBeGreaterThan(0);
          expect(error.$metadata?.httpStatusCode).toBe(code);
          expect(['INVOCATION', 'EXECUTION']).toContain(classifyTransportFailure(error));
        } else {
          expect(code).toBeGreaterThanOrEqual(200);
          expect(code).toBeLessThan(300);
          expect(typeof outcome.value).toBe('object');
        }
      }),
      { numRuns: 150, seed: 20261201 },
    );
  }, 60_000);
});

describe('credentials', () => {
  let credentialsServer: Server | undefined;
  let fetched: IncomingMessage['headers'][] = [];
  let expiresInMs = 3_600_000;
  const startCredentialsServer = async (): Promise<string> => {
    credentialsServer = createServer((req, res) => {
      fetched.push(req.headers);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({
        AccessKeyId: 'ASIACONTAINER',
        SecretAccessKey: SECRETS.ASIACONTAINER,
        Token: `container-token-${fetched.length}`,
        Expiration: new Date(Date.now() + expiresInMs).toISOString(),
      }));
    });
    await new Promise<void>((resolve) => credentialsServer!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(credentialsServer.address() as AddressInfo).port}/2021-04-23/credentials`;
  };
  afterEach(async () => {
    fetched = [];
    expiresInMs = 3_600_000;
    if (credentialsServer) await new Promise((resolve) => credentialsServer!.close(resolve));
    credentialsServer = undefined;
  });

  it('comes from the container credentials endpoint (SnapStart) when the env has no keys, cached until near expiry', async () => {
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
    delete process.env.AWS_SESSION_TOKEN;
    process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI = await startCredentialsServer();
    process.env.AWS_CONTAINER_AUTHORIZATION_TOKEN = 'auth-token';
    const client = new DurableExecutionHttpClient({ endpoint });
    await client.checkpoint(checkpointRequest());
    await client.checkpoint(checkpointRequest());
    expect(fetched).toHaveLength(1);
    expect(fetched[0]?.authorization).toBe('auth-token');
    expect(seen.map((s) => s.signatureValid)).toEqual([true, true]);
    expect(seen[0]?.headers['x-amz-security-token']).toBe('container-token-1');
  });

  it('fetches again when the cached credentials are about to expire; reads the token file first', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'durable-creds-'));
    try {
      await writeFile(join(directory, 'token'), 'file-token\n');
      const env = {
        AWS_CONTAINER_CREDENTIALS_FULL_URI: await startCredentialsServer(),
        AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: join(directory, 'token'),
        AWS_CONTAINER_AUTHORIZATION_TOKEN: 'ignored',
      };
      expiresInMs = 60_000; // inside the refresh margin
      const provider = defaultCredentialsProvider(env);
      const first = await provider();
      const second = await provider();
      expect(fetched).toHaveLength(2);
      expect(fetched.map((h) => h.authorization)).toEqual(['file-token', 'file-token']);
      expect([first.sessionToken, second.sessionToken]).toEqual(['container-token-1', 'container-token-2']);
      expect(first.expiration).toBeInstanceOf(Date);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('refuses a plain-http container endpoint that is not loopback or container metadata', async () => {
    const provider = defaultCredentialsProvider({ AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://example.com/creds' });
    await expect(provider()).rejects.toMatchObject({ name: CREDENTIALS_ERROR, message: expect.stringContaining('must use https') });
  });

  it('without any source: a clear error naming the env vars and the AWS SDK way, and no request is sent', async () => {
    for (const key of ENV_KEYS) delete process.env[key];
    const client = new DurableExecutionHttpClient({ endpoint });
    const error = await client.checkpoint(checkpointRequest()).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: CREDENTIALS_ERROR });
    const message = (error as Error).message;
    for (const part of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_CONTAINER_AUTHORIZATION_TOKEN']) {
      expect(message).toContain(part);
    }
    expect(message).toContain('durableExecutionClient: new DurableExecutionApiClient(new LambdaClient(...))');
    expect(seen).toHaveLength(0);
  });
});
