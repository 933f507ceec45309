/**
 * Issue 19 findings 2 and 14: the HTTP front caps bodies per route (early 413, never a throw
 * from a stream listener), validates input as the API documents it (4xx, never 500), and
 * answers 405 for a wrong method. Each test failed on the code before the fix.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpFront, type HttpFront } from '../../../src/service/http/http-front.js';
import { inProcessInvoker } from '../../../src/service/invokers/in-process-invoker.js';
import { DurableExecutionService } from '../../../src/service/service.js';

interface Answer { status: number; type: string | undefined; body: string }

/** One raw request; `body` may be a Buffer, or a number of bytes to stream in 64 KiB chunks without a length. */
const send = (front: HttpFront, method: string, path: string, body?: string | Buffer | { stream: number } | { declare: number }, headers: Record<string, string> = {}): Promise<Answer> =>
  new Promise((resolve, reject) => {
    const declared = typeof body === 'object' && !Buffer.isBuffer(body) && 'declare' in body ? { 'content-length': String(body.declare) } : {};
    const req = request(`${front.url}${path}`, { method, agent: false, headers: { ...headers, ...declared } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: res.headers['x-amzn-errortype'] as string | undefined, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      // The server may close the socket while a refused body is still being written.
      if (error.code === 'EPIPE' || error.code === 'ECONNRESET') return;
      reject(error);
    });
    if (body === undefined) req.end();
    else if (typeof body === 'string' || Buffer.isBuffer(body)) req.end(body);
    else if ('declare' in body) req.write('{"Updates":['); // then hold: the answer must come without the rest
    else {
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      let left = body.stream;
      const pump = (): void => {
        while (left > 0) {
          left -= chunk.length;
          if (!req.write(chunk)) { req.once('drain', pump); return; }
        }
        req.end();
      };
      pump();
    }
  });

let service: DurableExecutionService;
let front: HttpFront;
let arn = '';
let token = '';
let release: () => void = () => undefined;

beforeAll(async () => {
  service = new DurableExecutionService();
  // A function whose first invocation stays open, so that its checkpoint token stays current.
  service.registerFunction({
    name: 'held',
    invoker: inProcessInvoker(async (event: { DurableExecutionArn: string; CheckpointToken: string }) => {
      arn = event.DurableExecutionArn;
      token = event.CheckpointToken;
      await new Promise<void>((resolve) => { release = resolve; });
      return { Status: 'PENDING' };
    }),
  });
  front = await startHttpFront({ service });
  service.startExecution({ functionName: 'held', executionName: 'held-1' });
  for (let i = 0; i < 200 && token === ''; i += 1) await new Promise((r) => setTimeout(r, 10));
});
afterAll(async () => {
  release();
  await front.close();
});

const checkpointPath = (): string => `/2025-12-01/durable-executions/${encodeURIComponent(arn)}/checkpoint`;
const checkpoint = (updates: unknown[]): Promise<Answer> => send(front, 'POST', checkpointPath(), JSON.stringify({ CheckpointToken: token, Updates: updates }));

describe('finding 2: request bodies are capped per route', () => {
  it('answers 413 at once for a declared size over the cap, without waiting for the body', async () => {
    const started = Date.now();
    const answer = await send(front, 'POST', checkpointPath(), { declare: 10 * 1024 ** 3 });
    expect(answer.status).toBe(413);
    expect(answer.type).toBe('RequestEntityTooLargeException');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('answers 413 for a streamed body past the route cap, and keeps serving', async () => {
    const callback = await send(front, 'POST', '/2025-12-01/durable-execution-callbacks/abc/succeed', { stream: 3 * 1024 * 1024 });
    expect(callback.status, callback.body).toBe(413);
    // A GET body goes with a Content-Length (Node frames GET bodies no other way).
    const get = await send(front, 'GET', `/2025-12-01/durable-executions/${encodeURIComponent(arn)}`, Buffer.alloc(256 * 1024, 0x20), { 'content-length': String(256 * 1024) });
    expect(get.status, get.body).toBe(413);
    const after = await send(front, 'GET', `/2025-12-01/durable-executions/${encodeURIComponent(arn)}`);
    expect(after.status).toBe(200);
  });
});

describe('finding 14: input is validated as the API documents it', () => {
  it('answers 400 for a malformed percent sequence in the path', async () => {
    const answer = await send(front, 'GET', '/2025-12-01/durable-executions/%E0%A4%A');
    expect(answer.status).toBe(400);
    expect(answer.type).toBe('InvalidParameterValueException');
  });

  it.each([
    ['a null update', [null], /must be an object/],
    ['a non-object update', ['x'], /must be an object/],
    ['WaitSeconds 1e308', [{ Id: 'w1', Type: 'WAIT', Action: 'START', WaitOptions: { WaitSeconds: 1e308 } }], /WaitOptions/],
    ['a retry delay past a year', [{ Id: 's1', Type: 'STEP', Action: 'RETRY', StepOptions: { NextAttemptDelaySeconds: 40_000_000 } }], /StepOptions/],
    ['a callback timeout past a year', [{ Id: 'c1', Type: 'CALLBACK', Action: 'START', CallbackOptions: { TimeoutSeconds: 1e12 } }], /CallbackOptions/],
    ['a 100 KB operation id', [{ Id: 'x'.repeat(100_000), Type: 'STEP', Action: 'START' }], /1 to 64 characters/],
    ['an id with a slash', [{ Id: 'a/b', Type: 'STEP', Action: 'START' }], /1 to 64 characters/],
    ['a 10 KB name', [{ Id: 's2', Type: 'STEP', Action: 'START', Name: 'n'.repeat(10_000) }], /Name must be 1 to 256/],
    ['a name with a control character', [{ Id: 's3', Type: 'STEP', Action: 'START', Name: 'a\u001b[2Jb' }], /Name must be 1 to 256/],
  ])('answers 400 for %s', async (_label, updates, message) => {
    const answer = await checkpoint(updates);
    expect(answer.status).toBe(400);
    expect(answer.type).toBe('InvalidParameterValueException');
    expect(answer.body).toMatch(message);
  });

  it('answers 400 for a checkpoint body that is not an object, and for malformed error bodies', async () => {
    expect((await send(front, 'POST', checkpointPath(), '[1,2]')).status).toBe(400);
    expect((await send(front, 'POST', checkpointPath(), 'null')).status).toBe(400);
    expect((await send(front, 'POST', '/2025-12-01/durable-execution-callbacks/abc/fail', '"text"')).status).toBe(400);
    expect((await send(front, 'POST', '/2025-12-01/durable-execution-callbacks/abc/fail', '{"ErrorMessage":{"nested":1}}')).status).toBe(400);
    expect((await send(front, 'POST', `/2025-12-01/durable-executions/${encodeURIComponent(arn)}/stop`, '{"StackTrace":"x"}')).status).toBe(400);
  });

  it('answers 400 for execution names of 10 KB or with a slash, and still starts a good one', async () => {
    for (const name of ['n'.repeat(10_000), 'a/b', 'a b']) {
      const answer = await send(front, 'POST', '/2015-03-31/functions/held/invocations', '{}', { 'x-amz-invocation-type': 'Event', 'x-amz-durable-execution-name': name });
      expect(answer.status, name.slice(0, 20)).toBe(400);
    }
    const good = await send(front, 'POST', '/2015-03-31/functions/held/invocations', '{}', { 'x-amz-invocation-type': 'Event', 'x-amz-durable-execution-name': 'good_name-2' });
    expect(good.status).toBe(202);
  });

  it('answers 405 for a wrong method on a known path, 404 for an unknown path', async () => {
    const wrong = await send(front, 'DELETE', checkpointPath());
    expect(wrong.status).toBe(405);
    expect(wrong.type).toBe('MethodNotAllowedException');
    expect((await send(front, 'GET', '/2025-12-01/durable-execution-callbacks/abc/succeed')).status).toBe(405);
    expect((await send(front, 'GET', '/nothing/here')).status).toBe(404);
  });
});
