/**
 * The Lambda API transport against a loopback HTTP server answering the two REST routes, with
 * the real @aws-sdk/client-lambda on the wire.
 */
import { LambdaClient } from '@aws-sdk/client-lambda';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { classifyTransportFailure } from '../../src/engine/failure-classification.js';
import { withDurableExecution } from '../../src/handler.js';
import { DurableExecutionApiClient, regionFromArn } from '../../src/transport/lambda-api-client.js';
import { FakeCheckpointClient, fakeLambdaContext, TEST_ARN } from '../support/fake-checkpoint-client.js';
import { answerDurableExecutionRoute, readBody, serviceJson } from '../support/loopback-http.js';

interface Seen {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  headers: IncomingMessage['headers'];
}

let server: Server;
let endpoint: string;
const seen: Seen[] = [];
let service = new FakeCheckpointClient();
let nextError: { status: number; type: string; message: string } | undefined;

function reply(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(serviceJson(body));
}

beforeAll(async () => {
  server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const raw = await readBody(req);
      seen.push({
        method: req.method ?? '',
        path: decodeURIComponent(url.pathname),
        query: Object.fromEntries(url.searchParams),
        body: raw ? JSON.parse(raw) : undefined,
        headers: req.headers,
      });
      if (nextError) {
        const error = nextError;
        nextError = undefined;
        reply(res, error.status, { message: error.message }, { 'x-amzn-errortype': error.type });
        return;
      }
      const answer = await answerDurableExecutionRoute(service, { method: req.method ?? '', url, body: raw ? JSON.parse(raw) : undefined });
      reply(res, answer.status, answer.body, answer.headers);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.env.AWS_ACCESS_KEY_ID = 'test';
  process.env.AWS_SECRET_ACCESS_KEY = 'test';
});

afterAll(async () => {
  delete process.env.AWS_ENDPOINT_URL_LAMBDA;
  await new Promise((resolve) => server.close(resolve));
});

afterEach(() => {
  seen.length = 0;
  service = new FakeCheckpointClient();
  delete process.env.AWS_ENDPOINT_URL_LAMBDA;
});

describe('DurableExecutionApiClient over HTTP', () => {
  it('reads the region from the ARN', () => {
    expect(regionFromArn(TEST_ARN)).toBe('us-east-1');
    expect(regionFromArn('not-an-arn')).toBeUndefined();
  });

  it('drives a handler end to end through AWS_ENDPOINT_URL_LAMBDA: the two routes on the wire', async () => {
    process.env.AWS_ENDPOINT_URL_LAMBDA = endpoint;
    service = new FakeCheckpointClient({ input: { n: 2 }, pageSize: 1 });
    // A second record so that the event holds one page and the rest comes from the state route.
    service.operations.set('ffffffffffffffff', { Id: 'ffffffffffffffff', Type: 'WAIT', SubType: 'Wait', Status: 'SUCCEEDED' });
    // The AWS SDK transport, chosen explicitly: the default is the SDK-free DurableExecutionHttpClient.
    const handler = withDurableExecution(async (event: { n: number }, ctx) => ctx.step('double', async () => event.n * 2), {
      durableExecutionClient: new DurableExecutionApiClient(),
    });
    const output = await handler(service.event(), fakeLambdaContext());
    expect(output).toEqual({ Status: 'SUCCEEDED', Result: '4' });
    const state = seen.find((s) => s.method === 'GET');
    expect(state?.path).toBe(`/2025-12-01/durable-executions/${TEST_ARN}/state`);
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
    expect(typeof (checkpoint?.body as { ClientToken?: unknown }).ClientToken).toBe('string');
    expect(String(checkpoint?.headers['user-agent'])).toContain('durable-lambda');
    expect(String(checkpoint?.headers.authorization)).toContain('us-east-1/lambda/aws4_request');
  });

  it('bounds every call of its own clients: the 55 s request timeout aborts (it only warns by default)', async () => {
    process.env.AWS_ENDPOINT_URL_LAMBDA = endpoint;
    service = new FakeCheckpointClient();
    const api = new DurableExecutionApiClient();
    await api.checkpoint({ DurableExecutionArn: TEST_ARN, CheckpointToken: service.token, Updates: [] });
    const lambda = await (api as unknown as { clientFor(arn: string): Promise<LambdaClient> }).clientFor(TEST_ARN);
    const handler = lambda.config.requestHandler as { httpHandlerConfigs(): Record<string, unknown> };
    // Without throwOnRequestTimeout, @smithy/node-http-handler merely logs a warning at requestTimeout.
    expect(handler.httpHandlerConfigs()).toMatchObject({ requestTimeout: 55_000, throwOnRequestTimeout: true, socketTimeout: 50_000 });
  });

  it('uses an injected LambdaClient and turns service timestamps into dates', async () => {
    const client = new DurableExecutionApiClient(new LambdaClient({ endpoint, region: 'eu-west-1', maxAttempts: 1 }));
    const response = await client.checkpoint({
      DurableExecutionArn: TEST_ARN,
      CheckpointToken: 'T0',
      Updates: [{ Id: 'abc', Type: 'WAIT', Action: 'START', WaitOptions: { WaitSeconds: 5 } }],
    });
    expect(response.CheckpointToken).toBe('T1');
    const wait = response.NewExecutionState?.Operations?.find((op) => op.Id === 'abc');
    expect(wait?.Status).toBe('STARTED');
    expect(wait?.WaitDetails?.ScheduledEndTimestamp).toBeInstanceOf(Date);
    expect(String(seen[0]?.headers.authorization)).toContain('eu-west-1/lambda/aws4_request');
  });

  it.each([
    [500, 'ServiceException', 'internal', 'INVOCATION'],
    [429, 'TooManyRequestsException', 'slow down', 'INVOCATION'],
    [400, 'InvalidParameterValueException', 'Invalid Checkpoint Token: stale', 'INVOCATION'],
    [400, 'InvalidParameterValueException', 'Updates are invalid', 'EXECUTION'],
    [404, 'ResourceNotFoundException', 'no such execution', 'EXECUTION'],
    [502, 'KMSAccessDeniedException', 'kms says no', 'EXECUTION'],
  ])('classifies HTTP %i %s (%s)', async (status, type, message, scope) => {
    const client = new DurableExecutionApiClient(new LambdaClient({ endpoint, region: 'us-east-1', maxAttempts: 1 }));
    nextError = { status, type, message };
    const error = await client.checkpoint({ DurableExecutionArn: TEST_ARN, CheckpointToken: 'T0', Updates: [] }).catch((e: unknown) => e);
    expect((error as Error).name).toBe(type);
    expect((error as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode).toBe(status);
    expect(classifyTransportFailure(error)).toBe(scope);
  });
});
