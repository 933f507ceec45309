import { describe, expect, it } from 'vitest';
import { assertCrashSafe, assertReplayDeterministic, DurableTestRunner } from 'durable-lambda/testing';
import { createCheckout, type CheckoutRequest, type CheckoutResult } from './handler.js';
import { createDemoCardProcessor, createPaymentFunction } from './payment.js';

const order = (card: string): CheckoutRequest => ({
  orderId: 'o-42',
  card,
  items: [
    { sku: 'mug', quantity: 2, unitCents: 1250 },
    { sku: 'tea', quantity: 1, unitCents: 899 },
  ],
});

function setup() {
  const receipts: string[] = [];
  const processor = createDemoCardProcessor();
  const checkout = createCheckout({ sendReceipt: async (_id, text) => void receipts.push(text) });
  // Both functions run on one local service: the invoke starts a child execution of `payment`.
  const runner = new DurableTestRunner({ handler: checkout, functionName: 'checkout', functions: { payment: createPaymentFunction(processor) } });
  return { receipts, processor, checkout, runner };
}

describe('chained-invoke example', () => {
  it('invokes the payment function as a child execution and resumes with its receipt', async () => {
    const { receipts, processor, runner } = setup();
    const execution = runner.start<CheckoutResult>(order('tok_visa'));
    const { status, result, history } = await execution.result();

    expect(status).toBe('SUCCEEDED');
    const receipt = 'Order o-42: 33.99 paid (pay-auth-o-42)';
    expect(result).toEqual({ status: 'paid', orderId: 'o-42', totalCents: 3399, paymentId: 'pay-auth-o-42', receipt });
    expect(receipts).toEqual([receipt]);
    expect(processor.calls).toEqual(['authorize o-42 3399', 'capture auth-o-42 3399']);
    // Usage hand count of the checkout: start 1 + price-cart 1 + invoke 1 + send-receipt 1 = 4
    // (the payment execution is metered on its own: start 1 + authorize 1 + capture 1 = 3).
    expect((await execution.result()).usage.operations).toBe(4);
    const payment = runner.service.listExecutionsByFunction({ FunctionName: 'payment' }).DurableExecutions[0]!;
    expect(runner.service.usage(payment.DurableExecutionArn).operations).toBe(3);
    const crash = await assertCrashSafe(execution, {
      functionName: 'checkout',
      handlerFactory: () => setup().checkout,
      functions: { payment: createPaymentFunction(createDemoCardProcessor()) },
    });
    expect(crash).toMatchObject({ runs: crash.boundaries * 3, divergences: [] });
    console.log(`assertCrashSafe chained-invoke: ${crash.boundaries} boundaries, ${crash.runs} runs, ${crash.reruns} allowed re-runs, ${crash.durationMs} ms`);

    const started = history.find((e) => e.EventType === 'ChainedInvokeStarted');
    expect(started?.Name).toBe('charge');
    expect(started?.ChainedInvokeStartedDetails?.FunctionName).toBe('payment');
    expect(JSON.parse(started?.ChainedInvokeStartedDetails?.Input?.Payload ?? '')).toEqual({ orderId: 'o-42', amountCents: 3399, card: 'tok_visa' });
    const succeeded = history.find((e) => e.EventType === 'ChainedInvokeSucceeded');
    expect(JSON.parse(succeeded?.ChainedInvokeSucceededDetails?.Result?.Payload ?? '')).toEqual({ paymentId: 'pay-auth-o-42', capturedCents: 3399 });

    // The child is an execution of its own, listed under the payment function.
    const children = runner.service.listExecutionsByFunction({ FunctionName: 'payment' }).DurableExecutions ?? [];
    expect(children.map((c) => c.Status)).toEqual(['SUCCEEDED']);
    const childArn = started?.ChainedInvokeStartedDetails?.DurableExecutionArn ?? '';
    expect(runner.service.history(childArn).filter((e) => e.EventType === 'StepSucceeded').map((e) => e.Name)).toEqual(['authorize', 'capture']);

    const replay = await assertReplayDeterministic(execution);
    expect(replay).toMatchObject({ status: 'SUCCEEDED', result: JSON.stringify(result), newUpdates: [] });
    expect(receipts).toHaveLength(1);
    expect(processor.calls).toHaveLength(2);
  });

  it('a failed payment execution surfaces as InvokeError in the caller', async () => {
    const { receipts, processor, runner } = setup();
    const execution = runner.start<CheckoutResult>(order('tok_declined'));
    const { status, result, history } = await execution.result();

    expect(status).toBe('SUCCEEDED');
    expect(result).toMatchObject({ status: 'payment-failed', orderId: 'o-42', totalCents: 3399 });
    expect(result?.status === 'payment-failed' ? result.reason : '').toContain('Card declined for order o-42');
    expect(history.map((e) => e.EventType)).toContain('ChainedInvokeFailed');
    expect(receipts).toEqual([]);
    expect(processor.calls).toEqual(['authorize o-42 3399']);

    const replay = await assertReplayDeterministic(execution);
    expect(replay).toMatchObject({ status: 'SUCCEEDED', result: JSON.stringify(result), newUpdates: [] });
  });
});
