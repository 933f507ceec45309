/**
 * Every example under OpenTelemetry, with the real SDK (sdk-trace-base, in-memory exporter):
 * one operation span per operation that ran (never for replays), across all invocations; span
 * parents follow the operation tree; a chained invoke's target execution joins the caller's trace.
 * The examples are unchanged: the plugin is loaded through DURABLE_EXECUTION_PLUGINS.
 */
import { SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DurableTestRunner, inProcessInvoker } from 'durable-lambda/testing';
import type { HistoryEvent } from 'durable-lambda';
import { createCheckout } from '../../examples/chained-invoke/handler.js';
import { createDemoCardProcessor, createPaymentFunction } from '../../examples/chained-invoke/payment.js';
import { createDemoSuppliers, createQuoteCollector } from '../../examples/fan-out/handler.js';
import { createApprovalWorkflow, createDemoNotifier } from '../../examples/human-approval/handler.js';
import { createDemoOrderServices, createOrderWorkflow } from '../../examples/order-workflow/handler.js';
import { createLocalOrderPayloads } from '../../examples/order-workflow/payloads.js';
import { createDemoJobService, createExportPoller } from '../../examples/polling/handler.js';
import { createDemoTravelServices, createTripSaga } from '../../examples/saga/handler.js';
import type { Tracing } from './support/tracing.js';
import { createTracing, isAttempt, isCheckpoint, isInvocation, isOperation, parentSpanId, spansOf, useForEveryHandler } from './support/tracing.js';

let tracing: Tracing;
let restore: () => void;
const dirs: string[] = [];

beforeAll(() => {
  tracing = createTracing();
  restore = useForEveryHandler(tracing.plugin);
});
afterAll(() => {
  restore();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Operation ids of the history (each ran exactly once, in some invocation) with their parents. */
function operationTree(history: readonly HistoryEvent[]): Map<string, string | undefined> {
  const tree = new Map<string, string | undefined>();
  for (const event of history) {
    if (!event.Id || event.EventType.startsWith('Execution')) continue;
    if (!tree.has(event.Id)) tree.set(event.Id, event.ParentId);
  }
  return tree;
}

/** Checks the spans of one finished execution against its history; returns its spans. */
function checkExecution(arn: string, history: readonly HistoryEvent[], invocations: number): ReadableSpan[] {
  const spans = spansOf(tracing.exporter, arn);
  const tree = operationTree(history);
  const operations = spans.filter(isOperation);
  const byId = new Map(operations.map((span) => [span.attributes['durable.operation.id'] as string, span]));
  const invocationSpans = spans.filter(isInvocation);

  // One span per operation that ran, none twice, none for a replay.
  expect(operations.length).toBe(tree.size);
  expect(new Set(byId.keys())).toEqual(new Set(tree.keys()));
  expect(invocationSpans).toHaveLength(invocations);
  expect(invocationSpans.map((span) => span.attributes['durable.invocation.first'])).toEqual([true, ...Array<boolean>(invocations - 1).fill(false)]);
  expect(invocationSpans.at(-1)?.attributes['durable.invocation.status']).toBe('SUCCEEDED');
  // Parents follow the operation tree; top-level operations hang under an invocation span.
  const invocationIds = new Set(invocationSpans.map((span) => span.spanContext().spanId));
  for (const [id, parentId] of tree) {
    const span = byId.get(id);
    const expected = parentId === undefined ? undefined : byId.get(parentId)?.spanContext().spanId;
    if (expected === undefined) expect(invocationIds, `${span?.name} under an invocation`).toContain(parentSpanId(span!));
    else expect(parentSpanId(span!), `${span?.name} under its parent context`).toBe(expected);
    // Named operations carry their name; unnamed parts of composite operations their plugin label.
    const named = history.find((e) => e.Id === id && e.Name)?.Name;
    if (named !== undefined) expect(span?.attributes['durable.operation.name']).toBe(named);
    else expect(typeof span?.attributes['durable.operation.name']).toBe('string');
  }
  // Attempts are children of their operation span; checkpoints of an invocation span.
  const operationSpanIds = new Set(operations.map((span) => span.spanContext().spanId));
  for (const attempt of spans.filter(isAttempt)) expect(operationSpanIds).toContain(parentSpanId(attempt));
  const checkpoints = spans.filter(isCheckpoint);
  expect(checkpoints.length).toBeGreaterThan(0);
  for (const checkpoint of checkpoints) expect(invocationIds).toContain(parentSpanId(checkpoint));
  // One trace for the whole execution.
  expect(new Set(spans.map((span) => span.spanContext().traceId)).size).toBe(1);
  return spans;
}

describe('OpenTelemetry over the examples', () => {
  it('order-workflow: steps, map, a callback and a day-long wait across invocations', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'otel-order-'));
    dirs.push(dir);
    const services = createDemoOrderServices();
    const handler = createOrderWorkflow({ services, payloads: createLocalOrderPayloads(dir) });
    const runner = new DurableTestRunner({ handler, functionName: 'order-workflow' });
    runner.service.registerFunction({ name: 'order-workflow', invoker: inProcessInvoker(handler), executionTimeoutSeconds: 7 * 86_400 });
    const execution = runner.start({
      orderId: 'o-1',
      customerId: 'c-ada',
      items: [
        { sku: 'kettle', quantity: 2, unitCents: 3_900 },
        { sku: 'cups', quantity: 6, unitCents: 800 },
      ],
    });
    const startedAt = runner.service.clock.now();
    runner.service.scheduleAction(execution.arn, startedAt + 2 * 3_600_000, () => {
      const request = services.approvals.at(-1);
      if (!request) throw new Error('no approval was requested');
      execution.sendCallbackSuccess(request.callbackId, JSON.stringify({ approved: true, by: 'maria' }));
    });
    const { status, history, usage } = await execution.result();
    expect(status).toBe('SUCCEEDED');
    expect(usage.invocations).toBeGreaterThan(1);
    const spans = checkExecution(execution.arn, history, usage.invocations);
    // The wait spans invocations: one span, linked to each invocation it was open in.
    const wait = spans.find((span) => span.attributes['durable.operation.type'] === 'WAIT');
    expect(wait?.links.length).toBeGreaterThanOrEqual(2);
    const linked = new Set(wait?.links.map((link) => link.context.spanId));
    const invocationIds = spans.filter(isInvocation).map((span) => span.spanContext().spanId);
    for (const id of linked) expect(invocationIds).toContain(id);
  });

  it('fan-out: map items under the map context', async () => {
    const execution = new DurableTestRunner({ handler: createQuoteCollector(createDemoSuppliers()) }).start({
      requestId: 'rq-1',
      part: 'M8 bolt',
      quantity: 40,
      suppliers: ['acme', 'offline-bolts', 'fastenal', 'wuerth'],
    });
    const { status, history, usage } = await execution.result();
    expect(status).toBe('SUCCEEDED');
    checkExecution(execution.arn, history, usage.invocations);
  });

  it('human-approval: waitForCallback with escalation after a timeout', async () => {
    const notifier = createDemoNotifier();
    const handler = createApprovalWorkflow(notifier);
    const runner = new DurableTestRunner({ handler });
    runner.service.registerFunction({ name: 'handler', invoker: inProcessInvoker(handler), executionTimeoutSeconds: 7 * 86_400 });
    const execution = runner.start({ requestId: 'exp-1', amountCents: 48_000, manager: 'maria', director: 'dev' });
    runner.service.scheduleAction(execution.arn, runner.service.clock.now() + 30 * 3_600_000, () => {
      const sent = notifier.sent.filter((s) => s.approver === 'dev').at(-1);
      if (!sent) throw new Error('no request was sent to dev');
      execution.sendCallbackSuccess(sent.callbackId, JSON.stringify({ approved: true, comment: 'ok' }));
    });
    const { status, history, usage } = await execution.result();
    expect(status).toBe('SUCCEEDED');
    const spans = checkExecution(execution.arn, history, usage.invocations);
    // The manager's callback timed out: its span says so.
    const failed = spans.filter(isOperation).filter((span) => span.attributes['durable.operation.status'] === 'TIMED_OUT');
    expect(failed.length).toBeGreaterThan(0);
  });

  it('polling: waitForCondition attempts with their next delay', async () => {
    const execution = new DurableTestRunner({ handler: createExportPoller(createDemoJobService()) }).start({ reportId: 'r-1', checksUntilDone: 3 });
    const { status, history, usage } = await execution.result();
    expect(status).toBe('SUCCEEDED');
    const spans = checkExecution(execution.arn, history, usage.invocations);
    const delays = spans.filter(isAttempt).map((span) => span.attributes['durable.attempt.next_delay_seconds']);
    expect(delays.filter((delay) => typeof delay === 'number').length).toBeGreaterThan(0);
  });

  it('saga: a failed step marks its span and attempt as errors', async () => {
    const execution = new DurableTestRunner({ handler: createTripSaga(createDemoTravelServices()) }).start({
      tripId: 't-1',
      flight: 'LH-400',
      hotel: 'harbour-view',
      card: 'tok_declined',
      amountCents: 120_000,
    });
    const { status, history, usage } = await execution.result();
    expect(status).toBe('SUCCEEDED');
    const spans = checkExecution(execution.arn, history, usage.invocations);
    const erroredAttempts = spans.filter(isAttempt).filter((span) => span.status.code === SpanStatusCode.ERROR);
    expect(erroredAttempts.length).toBeGreaterThan(0);
    expect(erroredAttempts.every((span) => span.attributes['error.type'] !== undefined && span.events.some((e) => e.name === 'exception'))).toBe(true);
  });

  it('chained-invoke: the payment execution joins the checkout trace, under the invoke span', async () => {
    const checkout = createCheckout({ sendReceipt: async () => undefined });
    const runner = new DurableTestRunner({ handler: checkout, functionName: 'checkout', functions: { payment: createPaymentFunction(createDemoCardProcessor()) } });
    const execution = runner.start({ orderId: 'o-42', card: 'tok_visa', items: [{ sku: 'mug', quantity: 2, unitCents: 1250 }] });
    const { status, history, usage } = await execution.result();
    expect(status).toBe('SUCCEEDED');
    const callerSpans = checkExecution(execution.arn, history, usage.invocations);
    const payment = runner.service.listExecutionsByFunction({ FunctionName: 'payment' }).DurableExecutions?.[0];
    const paymentArn = payment?.DurableExecutionArn ?? '';
    const paymentRun = runner.service.history(paymentArn);
    const paymentSpans = checkExecution(paymentArn, paymentRun, runner.service.usage(paymentArn).invocations);

    const invokeSpan = callerSpans.find((span) => span.attributes['durable.operation.type'] === 'CHAINED_INVOKE');
    expect(invokeSpan?.name).toBe('ChainedInvoke charge');
    const traceId = invokeSpan?.spanContext().traceId;
    expect(paymentSpans.every((span) => span.spanContext().traceId === traceId)).toBe(true);
    for (const invocation of paymentSpans.filter(isInvocation)) expect(parentSpanId(invocation)).toBe(invokeSpan?.spanContext().spanId);
    // The carrier rode in the invoke's payload.
    const started = history.find((e) => e.EventType === 'ChainedInvokeStarted');
    const payload = JSON.parse(started?.ChainedInvokeStartedDetails?.Input?.Payload ?? '{}') as { _traceContext?: { traceparent?: string } };
    expect(payload._traceContext?.traceparent).toBe(`00-${traceId}-${invokeSpan?.spanContext().spanId}-01`);
  });
});
