// The console's Node side over a real local service front: its JSON API, the token, the
// security headers, reveals through the user's pipeline, actions, and the export that
// `durable-lambda decode --history` reads.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { mountConsole, startConsoleServer, type RunningConsole } from '../../src/console/console-server.js';
import type { ExecutionView, RevealedPayload } from '../../src/console/view-types.js';
import { withDurableExecution } from '../../src/handler.js';
import { createFileBlobStore } from '../../src/serdes/blob-store.js';
import { createLocalKeyProvider } from '../../src/serdes/local-key-provider.js';
import { createPayloadSerdes } from '../../src/serdes/payload-serdes.js';
import { startHttpFront, type HttpFront } from '../../src/service/http/http-front.js';
import { inProcessInvoker } from '../../src/service/invokers/in-process-invoker.js';
import { DurableExecutionService } from '../../src/service/service.js';

const dir = mkdtempSync(join(tmpdir(), 'console-api-'));
const keyFile = join(dir, 'dev.key');
const storeDir = join(dir, 'blobs');

let service: DurableExecutionService;
let front: HttpFront;
let mounted: RunningConsole;
let base: string;

const until = async <T>(probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> => {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 20));
  }
};

const get = async (path: string, headers: Record<string, string> = {}): Promise<Response> => fetch(`${base}${path}`, { headers });
const post = async (path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> =>
  fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-console-token': mounted.token, ...headers }, body: JSON.stringify(body) });

beforeAll(async () => {
  const payloads = createPayloadSerdes({
    encryption: { keyProvider: createLocalKeyProvider({ keyFile }) },
    offload: { store: createFileBlobStore({ directory: storeDir }), thresholdBytes: 1024 },
  });
  service = new DurableExecutionService({ clock: 'real' });
  service.registerFunction({
    name: 'approvals',
    invoker: inProcessInvoker(withDurableExecution(async (event: { id: number }, ctx) => {
      const secret = await ctx.step('load-secret', async () => ({ card: '4111-1111', id: event.id }), { serdes: payloads });
      await ctx.step('big', async () => 'x'.repeat(4000), { serdes: payloads });
      // Callback results arrive as text (the SDK's default callback serdes passes them through).
      const answer = await ctx.waitForCallback<string>('approval', async () => undefined);
      return { id: (secret as { id: number }).id, ok: (JSON.parse(answer) as { ok: boolean }).ok };
    })),
  });
  const console = mountConsole({ payloads: { keyFiles: [keyFile], storeDir } });
  front = await startHttpFront({ service, fallback: console.fallback });
  mounted = await console.attach(front.url);
  base = front.url;
});

afterAll(async () => {
  await mounted.close();
  await front.close();
  rmSync(dir, { recursive: true, force: true });
});

const pendingView = async (arn: string): Promise<ExecutionView> =>
  until(async () => {
    const view = (await (await get(`/api/execution?arn=${encodeURIComponent(arn)}`)).json()) as ExecutionView;
    return view.pendingCallbacks.length > 0 ? view : undefined;
  });

describe('durable console API', () => {
  it('serves the page with a CSP and the bundled script, and lists functions and executions', async () => {
    const page = await get('/');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(await page.text()).toContain('/assets/console.js');
    const script = await get('/assets/console.js');
    expect(script.headers.get('content-type')).toContain('javascript');
    expect((await script.text()).length).toBeGreaterThan(10_000);
    const info = await (await get('/api/info')).json();
    expect(info).toMatchObject({ actions: true, canReveal: true, functions: [{ name: 'approvals' }] });
    expect(JSON.stringify(info)).not.toContain(mounted.token);
  });

  it('needs the token for state-changing requests and refuses other origins', async () => {
    const noToken = await fetch(`${base}/api/start`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ function: 'approvals', input: '{}' }) });
    expect(noToken.status).toBe(403);
    expect(await noToken.json()).toEqual({ error: expect.stringContaining('console token') });
    const foreign = await post('/api/start', { function: 'approvals', input: '{}' }, { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    const textPlain = await fetch(`${base}/api/start`, { method: 'POST', headers: { 'content-type': 'text/plain', 'x-console-token': mounted.token }, body: '{}' });
    expect(textPlain.status).toBe(415);
    expect(service.listExecutionsByFunction({ FunctionName: 'approvals' }).DurableExecutions).toHaveLength(0);
  });

  it('starts, reveals decoded payloads, answers the callback, exports what decode --history reads', async () => {
    const started = await post('/api/start', { function: 'approvals', input: '{"id":42}', name: 'order-42' });
    expect(started.status).toBe(200);
    const { arn } = (await started.json()) as { arn: string };
    expect(arn).toContain('/durable-execution/order-42/');
    const view = await pendingView(arn);
    const loadSecret = view.operations.find((o) => o.name === 'load-secret');
    expect(loadSecret?.result?.encoding).toContain('encrypted');
    expect(loadSecret?.result?.text).toBeUndefined();
    expect(JSON.stringify(view)).not.toContain('4111-1111');

    const revealed = (await (await post('/api/reveal', { arn })).json()) as RevealedPayload[];
    const secret = revealed.find((r) => r.eventId === loadSecret?.result?.eventId && r.field === 'Result');
    expect(JSON.parse(secret?.value ?? 'null')).toEqual({ card: '4111-1111', id: 42 });
    const big = view.operations.find((o) => o.name === 'big');
    expect(big?.result?.encoding).toContain('offloaded');
    expect(revealed.find((r) => r.eventId === big?.result?.eventId)?.value).toBe(JSON.stringify('x'.repeat(4000), null, 2));

    const callback = view.pendingCallbacks[0]!;
    expect((await post('/api/callback', { callbackId: callback.callbackId, outcome: 'heartbeat' })).status).toBe(200);
    expect((await post('/api/callback', { callbackId: callback.callbackId, outcome: 'success', result: 'not json' })).status).toBe(400);
    expect((await post('/api/callback', { callbackId: callback.callbackId, outcome: 'success', result: '{"ok":true}' })).status).toBe(200);
    const done = await service.waitForCompletion(arn);
    expect(done.Status).toBe('SUCCEEDED');
    expect(JSON.parse(done.Result ?? 'null')).toEqual({ id: 42, ok: true });

    const exported = await get(`/api/export?arn=${encodeURIComponent(arn)}`);
    expect(exported.headers.get('content-disposition')).toContain('order-42.history.json');
    const file = join(dir, 'export.json');
    writeFileSync(file, await exported.text());
    const lines: string[] = [];
    const code = await runCli(['decode', '--history', `@${file}`, '--key-file', keyFile, '--store-dir', storeDir, '--json'], { out: (l) => lines.push(l), err: (l) => lines.push(l) });
    expect(code).toBe(0);
    expect(lines.map((l) => JSON.parse(l) as { name?: string; value?: unknown }).find((l) => l.name === 'load-secret')?.value).toEqual({ card: '4111-1111', id: 42 });

    const again = (await (await post('/api/start-again', { arn })).json()) as { arn: string };
    expect(again.arn).not.toBe(arn);
    const againView = await pendingView(again.arn);
    expect(againView.input?.text).toBe('{"id":42}');
    expect((await post('/api/stop', { arn: again.arn })).status).toBe(200);
    expect((await service.waitForCompletion(again.arn)).Status).toBe('STOPPED');
  });

  it('says why a payload cannot be decoded, and is read-only against AWS-like targets without --allow-actions', async () => {
    const arn = service.startExecution({ functionName: 'approvals', payload: '{"id":7}' });
    await pendingView(arn);
    const other = await startConsoleServer({ target: { endpoint: front.url.replace('127.0.0.1', 'localhost') }, allowActions: false, payloads: { keyFiles: [join(dir, 'missing.key')] } });
    try {
      const otherBase = other.url.replace(/\/#token=.*$/, '');
      const revealed = (await (await fetch(`${otherBase}/api/reveal`, {
        method: 'POST', headers: { 'content-type': 'application/json', 'x-console-token': other.token }, body: JSON.stringify({ arn }),
      })).json()) as RevealedPayload[];
      const reasons = revealed.map((r) => r.error ?? 'ok');
      expect(reasons.some((r) => /missing\.key/.test(r))).toBe(true);
      expect(reasons.some((r) => /no blob store/.test(r))).toBe(true);
      const stop = await fetch(`${otherBase}/api/stop`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-console-token': other.token }, body: JSON.stringify({ arn }) });
      expect(stop.status).toBe(403);
      expect(await stop.json()).toEqual({ error: expect.stringContaining('--allow-actions') });
    } finally {
      await other.close();
    }
    service.stopExecution(arn);
  });

  it('pages and filters the list as the API does', async () => {
    for (let i = 0; i < 3; i += 1) service.startExecution({ functionName: 'approvals', payload: `{"id":${100 + i}}`, executionName: `page-${i}` });
    const first = (await (await get('/api/executions?function=approvals&max=2')).json()) as { executions: { name: string }[]; nextMarker?: string };
    expect(first.executions).toHaveLength(2);
    expect(first.nextMarker).toBeDefined();
    const second = (await (await get(`/api/executions?function=approvals&max=2&marker=${encodeURIComponent(first.nextMarker!)}`)).json()) as { executions: { name: string }[] };
    expect(second.executions.length).toBeGreaterThan(0);
    expect(second.executions.map((e) => e.name)).not.toContain(first.executions[0]!.name);
    const byName = (await (await get('/api/executions?function=approvals&name=page-1')).json()) as { executions: { name: string }[] };
    expect(byName.executions.map((e) => e.name)).toEqual(['page-1']);
    const stopped = (await (await get('/api/executions?function=approvals&status=STOPPED')).json()) as { executions: { status: string }[] };
    expect(stopped.executions.length).toBeGreaterThanOrEqual(2);
    expect(new Set(stopped.executions.map((e) => e.status))).toEqual(new Set(['STOPPED']));
    const bad = await get('/api/executions?function=approvals&after=yesterday');
    expect(bad.status).toBe(400);
    for (const e of service.listExecutionsByFunction({ FunctionName: 'approvals', Statuses: ['RUNNING'] }).DurableExecutions ?? []) service.stopExecution(e.DurableExecutionArn);
  });
});
