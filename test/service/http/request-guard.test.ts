// Issue 19 finding 1: the local service trusted any web page. A text/plain cross-origin POST
// (no preflight) started executions, and a DNS-rebinding page (a foreign Host) read histories.
import { GetDurableExecutionHistoryCommand, InvokeCommand, LambdaClient, ListDurableExecutionsByFunctionCommand } from '@aws-sdk/client-lambda';
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { withDurableExecution } from '../../../src/handler.js';
import { startHttpFront, type HttpFront } from '../../../src/service/http/http-front.js';
import { hostNameOf } from '../../../src/service/http/request-guard.js';
import { inProcessInvoker } from '../../../src/service/invokers/in-process-invoker.js';
import { DurableExecutionService } from '../../../src/service/service.js';

interface RawAnswer {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

/** A raw HTTP request with exactly the headers given (a browser's, or a rebinding page's). */
const raw = (front: HttpFront, options: { method: string; path: string; headers: Record<string, string>; body?: string | Buffer }): Promise<RawAnswer> =>
  new Promise((resolve, reject) => {
    const { host, ...others } = options.headers;
    // No Host header at all when the test gives an empty one (HTTP/1.0 style).
    const headers = host === '' ? others : options.headers;
    const req = request({ host: '127.0.0.1', port: front.port, method: options.method, path: options.path, headers, setHost: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
    });
    req.on('error', reject);
    req.end(options.body);
  });

let fronts: HttpFront[] = [];
afterEach(async () => {
  await Promise.all(fronts.map((f) => f.close()));
  fronts = [];
});

const serviceWithOneFunction = (): DurableExecutionService => {
  const service = new DurableExecutionService();
  service.registerFunction({
    name: 'orders',
    invoker: inProcessInvoker(withDurableExecution(async (event: { id: number }, ctx) => ctx.step('echo', async () => event.id))),
  });
  return service;
};

describe('request guard of the HTTP front', () => {
  it('refuses a text/plain cross-origin POST that would start an execution, and starts none', async () => {
    const service = serviceWithOneFunction();
    const front = await startHttpFront({ service });
    fronts.push(front);
    const answer = await raw(front, {
      method: 'POST',
      path: '/2015-03-31/functions/orders/invocations',
      headers: { host: `127.0.0.1:${front.port}`, origin: 'https://evil.example', 'content-type': 'text/plain', 'x-amz-invocation-type': 'Event' },
      body: '{"id":1}',
    });
    expect(answer.status).toBe(403);
    expect(answer.headers['x-amzn-errortype']).toBe('ForbiddenException');
    expect(answer.body).toContain('Cross-origin request refused');
    expect(service.listExecutionsByFunction({ FunctionName: 'orders' }).DurableExecutions).toHaveLength(0);
  });

  it('refuses a rebinding Host on reads of histories, and on every other route', async () => {
    const service = serviceWithOneFunction();
    const front = await startHttpFront({ service });
    fronts.push(front);
    const arn = service.startExecution({ functionName: 'orders', payload: '{"id":2}' });
    await service.waitForCompletion(arn);
    const history = await raw(front, {
      method: 'GET',
      path: `/2025-12-01/durable-executions/${encodeURIComponent(arn)}/history?IncludeExecutionData=true`,
      headers: { host: `attacker.example:${front.port}` },
    });
    expect(history.status).toBe(403);
    expect(history.body).not.toContain('ExecutionStarted');
    const list = await raw(front, { method: 'GET', path: '/2025-12-01/functions/orders/durable-executions', headers: { host: 'rebind.attacker.example' } });
    expect(list.status).toBe(403);
    const unknown = await raw(front, { method: 'GET', path: '/anything', headers: { host: 'rebind.attacker.example' } });
    expect(unknown.status).toBe(403);
    const missingHost = await raw(front, { method: 'GET', path: '/2025-12-01/functions/orders/durable-executions', headers: { host: '' } });
    // Node's server itself answers 400 to an HTTP/1.1 request without Host.
    expect(missingHost.status).toBe(400);
  });

  it('serves loopback names, the bound address, same-origin browsers and names added by option', async () => {
    const service = serviceWithOneFunction();
    const front = await startHttpFront({ service, allowedHosts: ['devbox.internal'] });
    fronts.push(front);
    for (const host of [`127.0.0.1:${front.port}`, `localhost:${front.port}`, `LOCALHOST:${front.port}`, `[::1]:${front.port}`, `devbox.internal:${front.port}`]) {
      const answer = await raw(front, { method: 'GET', path: '/2025-12-01/functions/orders/durable-executions', headers: { host } });
      expect(answer.status, host).toBe(200);
    }
    const sameOrigin = await raw(front, {
      method: 'POST',
      path: '/2015-03-31/functions/orders/invocations',
      headers: { host: `localhost:${front.port}`, origin: `http://localhost:${front.port}`, 'x-amz-invocation-type': 'Event' },
      body: '{"id":3}',
    });
    expect(sameOrigin.status).toBe(202);
  });

  it('keeps the AWS SDK (no Origin) working unchanged', async () => {
    const service = serviceWithOneFunction();
    const front = await startHttpFront({ service });
    fronts.push(front);
    const lambda = new LambdaClient({ endpoint: front.url, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });
    const invoked = await lambda.send(new InvokeCommand({ FunctionName: 'orders', Payload: Buffer.from('{"id":4}') }));
    expect(Buffer.from(invoked.Payload ?? new Uint8Array()).toString()).toBe('4');
    const list = await lambda.send(new ListDurableExecutionsByFunctionCommand({ FunctionName: 'orders' }));
    expect(list.DurableExecutions).toHaveLength(1);
    const history = await lambda.send(new GetDurableExecutionHistoryCommand({ DurableExecutionArn: list.DurableExecutions![0]!.DurableExecutionArn }));
    expect(history.Events?.[0]?.EventType).toBe('ExecutionStarted');
    lambda.destroy();
  });

  it('answers 413 for a declared or streamed body over the route\'s cap, before reading it whole', async () => {
    const service = serviceWithOneFunction();
    const front = await startHttpFront({ service });
    fronts.push(front);
    const declared = await raw(front, {
      method: 'POST',
      path: '/2015-03-31/functions/orders/invocations',
      headers: { host: `127.0.0.1:${front.port}`, 'content-length': String(10 * 1024 * 1024) },
    });
    expect(declared.status).toBe(413);
    const streamed = await raw(front, {
      method: 'POST',
      path: '/2015-03-31/functions/orders/invocations',
      headers: { host: `127.0.0.1:${front.port}`, 'transfer-encoding': 'chunked' },
      body: Buffer.alloc(7 * 1024 * 1024, 0x20), // over Invoke's 6 MiB cap
    });
    expect(streamed.status).toBe(413);
    expect(service.listExecutionsByFunction({ FunctionName: 'orders' }).DurableExecutions).toHaveLength(0);
  });

  it('parses Host header names', () => {
    expect(hostNameOf('127.0.0.1:9014')).toBe('127.0.0.1');
    expect(hostNameOf('[::1]:80')).toBe('::1');
    expect(hostNameOf('Example.COM')).toBe('example.com');
    expect(hostNameOf('a b')).toBeUndefined();
    expect(hostNameOf('evil.example@127.0.0.1')).toBeUndefined();
  });
});
