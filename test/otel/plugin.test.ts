/**
 * The OpenTelemetry plugin's behaviour in detail, with the real SDK: retries across invocations,
 * spans users start inside a step, the carrier for callback senders, invocations in different
 * processes joining one trace, and a missing @opentelemetry/api.
 */
import { SpanStatusCode, trace } from '@opentelemetry/api';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { withDurableExecution } from '../../src/handler.js';
import { importPeer, MissingPeerError } from '../../src/peers/optional-peer.js';
import { OpenTelemetryPlugin } from '../../src/otel/plugin.js';
import { executionParent, parseTraceparent } from '../../src/otel/carrier.js';
import type { DurableContext } from '../../src/types.js';
import { driveToCompletion, invokeOnce } from '../support/drive.js';
import { FakeCheckpointClient, TEST_ARN } from '../support/fake-checkpoint-client.js';
import { createTracing, isAttempt, isInvocation, isOperation, parentSpanId } from './support/tracing.js';

afterEach(() => vi.restoreAllMocks());

describe('OpenTelemetry plugin', () => {
  it('a step retried across invocations: one operation span, an attempt span per try with its error and next delay', async () => {
    const { exporter, plugin } = createTracing();
    const handler = withDurableExecution(
      async (_e: unknown, ctx: DurableContext) =>
        ctx.step(
          'flaky',
          async ({ attempt }) => {
            if (attempt < 3) throw new TypeError(`boom ${attempt}`);
            return attempt;
          },
          { retryStrategy: (_error: Error, attempt: number) => ({ shouldRetry: attempt < 5, delay: { seconds: 7 } }) },
        ),
      { plugins: [plugin] },
    );
    const outputs = await driveToCompletion({ handler, service: new FakeCheckpointClient() });
    expect(outputs.map((o) => o.Status)).toEqual(['PENDING', 'PENDING', 'SUCCEEDED']);
    const spans = exporter.getFinishedSpans();
    const operations = spans.filter(isOperation);
    expect(operations.map((s) => s.name)).toEqual(['Step flaky']);
    const [step] = operations;
    expect(step?.attributes).toMatchObject({ 'durable.operation.status': 'SUCCEEDED', 'durable.operation.attempts': 3, 'durable.operation.result.bytes': 1 });
    expect(step?.links.map((l) => l.context.spanId)).toEqual(spans.filter(isInvocation).map((s) => s.spanContext().spanId));
    const attempts = spans.filter(isAttempt);
    expect(attempts.map((s) => [s.name, s.attributes['durable.attempt.outcome'], s.attributes['durable.attempt.next_delay_seconds'], s.attributes['error.type'], s.status.code])).toEqual([
      ['attempt 1', 'FAILED', 7, 'TypeError', SpanStatusCode.ERROR],
      ['attempt 2', 'FAILED', 7, 'TypeError', SpanStatusCode.ERROR],
      ['attempt 3', 'SUCCEEDED', undefined, undefined, SpanStatusCode.UNSET],
    ]);
    for (const attempt of attempts) expect(parentSpanId(attempt)).toBe(step?.spanContext().spanId);
    expect(spans.filter(isInvocation).map((s) => s.attributes['durable.invocation.status'])).toEqual(['PENDING', 'PENDING', 'SUCCEEDED']);
  });

  it('spans started inside a step are children of its attempt; traceCarrier() names the running span', async () => {
    const { exporter, plugin, provider } = createTracing();
    let carrier: Record<string, string> = {};
    const handler = withDurableExecution(
      async (_e: unknown, ctx: DurableContext) =>
        ctx.step('send', async () => {
          provider.getTracer('app').startSpan('http.request').end();
          carrier = plugin.traceCarrier();
          return 'sent';
        }),
      { plugins: [plugin] },
    );
    expect(await invokeOnce(handler, new FakeCheckpointClient())).toEqual({ Status: 'SUCCEEDED', Result: '"sent"' });
    const spans = exporter.getFinishedSpans();
    const attempt = spans.find(isAttempt);
    const own = spans.find((s) => s.name === 'http.request');
    expect(parentSpanId(own!)).toBe(attempt?.spanContext().spanId);
    expect(parseTraceparent(carrier.traceparent)).toMatchObject({ traceId: attempt?.spanContext().traceId, spanId: attempt?.spanContext().spanId });
  });

  it('invocations handled by different processes (plugin instances) share the trace derived from the ARN', async () => {
    // As the service does, the next invocation lists the operations completed in between.
    const service = new FakeCheckpointClient({ updatedOperationIds: true });
    const body = async (_e: unknown, ctx: DurableContext) => {
      await ctx.step('before', async () => 1);
      await ctx.wait('pause', { seconds: 60 });
      return 'done';
    };
    const first = createTracing();
    const second = createTracing();
    expect((await invokeOnce(withDurableExecution(body, { plugins: [first.plugin] }), service)).Status).toBe('PENDING');
    service.fireTimers();
    expect((await invokeOnce(withDurableExecution(body, { plugins: [second.plugin] }), service)).Status).toBe('SUCCEEDED');
    const all = [...first.exporter.getFinishedSpans(), ...second.exporter.getFinishedSpans()];
    const derived = executionParent(TEST_ARN);
    expect(new Set(all.map((s) => s.spanContext().traceId))).toEqual(new Set([derived.traceId]));
    for (const invocation of all.filter(isInvocation)) expect(parentSpanId(invocation)).toBe(derived.spanId);
    // The wait began in the first process, whose span never ended there (the process "froze");
    // the second process reports it once, from its recorded start.
    expect(first.exporter.getFinishedSpans().filter(isOperation).map((s) => s.name)).toEqual(['Step before']);
    expect(second.exporter.getFinishedSpans().filter(isOperation).map((s) => s.name)).toEqual(['Wait pause']);
  });

  it('without @opentelemetry/api: ready() rejects naming it, hooks print one line once, the execution runs', async () => {
    const errors: unknown[] = [];
    vi.spyOn(console, 'error').mockImplementation((line: unknown) => void errors.push(line));
    const missing: string = '@opentelemetry/not-installed-api';
    const plugin = new OpenTelemetryPlugin({
      loadApi: () => importPeer(() => import(/* @vite-ignore */ missing) as Promise<never>, missing, 'durable-lambda/otel'),
      tracerName: 'x',
      onLoadError: (error) => console.error((error as Error).message),
    });
    await expect(plugin.ready()).rejects.toBeInstanceOf(MissingPeerError);
    const handler = withDurableExecution(async (_e: unknown, ctx: DurableContext) => {
      await ctx.wait('w', { seconds: 1 });
      return ctx.step('s', async () => 'ok');
    }, { plugins: [plugin] });
    const outputs = await driveToCompletion({ handler, service: new FakeCheckpointClient() });
    expect(outputs.at(-1)).toEqual({ Status: 'SUCCEEDED', Result: '"ok"' });
    expect(errors).toEqual([
      'durable-lambda/otel needs @opentelemetry/not-installed-api, which is not installed: npm install @opentelemetry/not-installed-api',
    ]);
  });

  it('a context.invoke payload that is not a plain object is sent unchanged', async () => {
    const { plugin } = createTracing();
    const service = new FakeCheckpointClient();
    const handler = withDurableExecution(async (_e: unknown, ctx: DurableContext) => {
      await ctx.invoke('a', 'target-fn', ['list']);
      return 'x';
    }, { plugins: [plugin] });
    expect((await invokeOnce(handler, service)).Status).toBe('PENDING');
    const start = [...service.operations.values()].find((op) => op.Type === 'CHAINED_INVOKE');
    expect(start).toBeDefined();
    expect(service.requests.flatMap((r) => r.Updates ?? []).find((u) => u.Type === 'CHAINED_INVOKE')?.Payload).toBe('["list"]');
    expect(trace.getActiveSpan()).toBeUndefined();
  });
});
