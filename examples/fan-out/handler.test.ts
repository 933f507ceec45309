import { describe, expect, it } from 'vitest';
import { assertCrashSafe, assertReplayDeterministic, DurableTestRunner } from 'durable-lambda/testing';
import { createDemoSuppliers, createQuoteCollector, type QuoteResult } from './handler.js';

const request = (suppliers: string[]) => ({ requestId: 'rq-5', part: 'M8 bolt', quantity: 40, suppliers });

describe('fan-out example', () => {
  it('stops once three quotes are in, at most two requests at a time, and orders the cheapest', async () => {
    const suppliers = createDemoSuppliers();
    const handler = createQuoteCollector(suppliers);
    const names = ['acme', 'offline-bolts', 'fastenal', 'wuerth', 'boltco', 'nutsdirect'];
    const execution = new DurableTestRunner({ handler }).start<QuoteResult>(request(names));
    const { status, result, history } = await execution.result();

    expect(status).toBe('SUCCEEDED');
    expect(result).toMatchObject({ status: 'ordered', quotes: 3, unreachable: ['offline-bolts'], reason: 'MIN_SUCCESSFUL_REACHED' });
    expect(suppliers.maxInFlight).toBeLessThanOrEqual(2);
    // Fan-in picked the lowest price among the quotes received.
    const quoted = history
      .filter((e) => e.EventType === 'StepSucceeded' && e.Name === 'quote')
      .map((e) => JSON.parse(e.StepSucceededDetails?.Result?.Payload ?? '') as { supplier: string; unitCents: number });
    expect(quoted).toHaveLength(3);
    const cheapest = quoted.reduce((a, b) => (b.unitCents < a.unitCents ? b : a));
    expect(result).toMatchObject({ supplier: cheapest.supplier, unitCents: cheapest.unitCents, purchaseOrder: `PO-rq-5-${cheapest.supplier}` });
    const crash = await assertCrashSafe(execution, { handlerFactory: () => createQuoteCollector(createDemoSuppliers()) });
    expect(crash).toMatchObject({ runs: crash.boundaries * 3, divergences: [] });
    console.log(`assertCrashSafe fan-out: ${crash.boundaries} boundaries, ${crash.runs} runs, ${crash.reruns} allowed re-runs, ${crash.durationMs} ms`);
    // The batch completed before every supplier was asked; the rest stay unanswered.
    const asked = suppliers.calls.filter((c) => c.startsWith('quote')).map((c) => c.slice('quote '.length));
    expect(asked.length).toBeLessThan(names.length);
    // Usage hand count: start 1 + map 'collect-quotes' 1 + per supplier asked (5: two at a time
    // until the third quote is in, the fifth still in flight) its item context 1 and 'quote' step 1
    // (no retries) + 'place-order' 1 = 1 + 1 + 5 × 2 + 1 = 13.
    expect(asked).toHaveLength(5);
    expect((await execution.result()).usage.operations).toBe(13);
    const unanswered = result?.status === 'ordered' ? result.unanswered : [];
    expect([...quoted.map((q) => q.supplier), 'offline-bolts', ...unanswered].sort()).toEqual([...names].sort());
    const map = history.find((e) => e.EventType === 'ContextSucceeded' && e.Name === 'collect-quotes');
    expect(map?.SubType).toBe('Map');
    expect(history.filter((e) => e.EventType === 'StepFailed').map((e) => e.Name)).toEqual(['quote']);

    const calls = suppliers.calls.length;
    const replay = await assertReplayDeterministic(execution);
    expect(replay).toMatchObject({ status: 'SUCCEEDED', result: JSON.stringify(result), newUpdates: [] });
    expect(suppliers.calls).toHaveLength(calls);
  });

  it('gives up when more suppliers than tolerated are unreachable', async () => {
    const suppliers = createDemoSuppliers();
    const handler = createQuoteCollector(suppliers);
    const execution = new DurableTestRunner({ handler }).start<QuoteResult>(request(['offline-a', 'acme', 'offline-b', 'offline-c', 'wuerth']));
    const { status, result } = await execution.result();

    expect(status).toBe('SUCCEEDED');
    expect(result).toMatchObject({ status: 'insufficient-quotes', reason: 'FAILURE_TOLERANCE_EXCEEDED' });
    expect(result?.unreachable).toEqual(['offline-a', 'offline-b', 'offline-c']);
    expect(suppliers.calls.some((c) => c.startsWith('placeOrder'))).toBe(false);
    // Usage hand count: start 1 + map 1 + all 5 suppliers asked (the third failure comes last)
    // × (item context 1 + 'quote' step 1), no 'place-order' = 1 + 1 + 5 × 2 = 12.
    expect(suppliers.calls.filter((c) => c.startsWith('quote'))).toHaveLength(5);
    expect((await execution.result()).usage.operations).toBe(12);

    const replay = await assertReplayDeterministic(execution);
    expect(replay).toMatchObject({ status: 'SUCCEEDED', result: JSON.stringify(result), newUpdates: [] });
  });
});
