// GENERATED from suite.source.ts by scripts/gen-official-suite.mjs: edit the source, then run it.
/**
 * A test suite written only against the official testing API's documented examples. It is the
 * one source of three generated variants (scripts/gen-official-suite.mjs) that differ only in
 * their import lines: official SDK + official runner, our SDK + official runner, and both from
 * durable-lambda. Every variant is type-checked (tsc --strict, in `npm run typecheck`) and run.
 */
import { createRetryStrategy, withDurableExecution, type DurableContext } from '@aws/durable-execution-sdk-js';
import { ExecutionStatus, LocalDurableTestRunner, OperationStatus, OperationType, WaitingOperationStatus } from '@aws/durable-execution-sdk-js-testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

beforeAll(() => LocalDurableTestRunner.setupTestEnvironment({ skipTime: true }));
afterAll(() => LocalDurableTestRunner.teardownTestEnvironment());

interface Order {
  orderId: string;
  amount: number;
}

const sent: string[] = [];

const orderWorkflow = withDurableExecution(async (event: Order, context: DurableContext) => {
  const validated = await context.step('validate', async () => ({ ...event, valid: event.amount > 0 }));
  await context.wait('cool-off', { hours: 1 });
  const receipt = await context.step('charge', async () => `receipt-${validated.orderId}`);
  return { receipt, valid: validated.valid };
});

const approvalWorkflow = withDurableExecution(async (event: Order, context: DurableContext) => {
  const [approved, callbackId] = await context.createCallback<string>('approval', { timeout: { days: 3 } });
  await context.step('notify', async () => {
    sent.push(callbackId);
  });
  const answer = await approved;
  return { orderId: event.orderId, answer };
});

const waitForCallbackWorkflow = withDurableExecution(async (event: Order, context: DurableContext) => {
  const answer = await context.waitForCallback<string>('manager-approval', async (callbackId) => {
    sent.push(callbackId);
  });
  return `${event.orderId}:${answer}`;
});

const batchWorkflow = withDurableExecution(async (event: { items: number[] }, context: DurableContext) => {
  const squares = await context.map('square', event.items, async (child, item) => child.step(`square-${item}`, async () => item * item));
  const both = await context.parallel('both', [
    async (child: DurableContext) => child.step('left', async () => 'L'),
    async (child: DurableContext) => child.step('right', async () => 'R'),
  ]);
  const total = await context.runInChildContext('sum', async (child) => child.step('add', async () => squares.getResults().reduce((a, b) => a + b, 0)));
  return { squares: squares.getResults(), both: both.getResults(), total };
});

const callingWorkflow = withDurableExecution(async (event: { x: number }, context: DurableContext) => {
  const doubled = await context.invoke<{ x: number }, number>('double-it', 'doubler', { x: event.x });
  const described = await context.invoke<{ n: number }, string>('describe-it', 'describer', { n: doubled });
  return { doubled, described };
});

const doubler = withDurableExecution(async (event: { x: number }, context: DurableContext) => context.step('double', async () => event.x * 2));

const describer = async (event: { n: number }): Promise<string> => `n=${event.n}`;

const flakyWorkflow = (failuresBeforeSuccess: number) => {
  let calls = 0;
  return withDurableExecution(async (_event: unknown, context: DurableContext) =>
    context.step(
      'flaky',
      async () => {
        calls += 1;
        if (calls <= failuresBeforeSuccess) throw new Error(`attempt ${calls} failed`);
        return calls;
      },
      { retryStrategy: createRetryStrategy({ maxAttempts: 3, initialDelay: { seconds: 30 } }) },
    ),
  );
};

describe('steps and waits', () => {
  it('returns the result and exposes each step by name and by index', async () => {
    const runner = new LocalDurableTestRunner<{ receipt: string; valid: boolean }>({ handlerFunction: orderWorkflow });
    const execution = await runner.run({ payload: { orderId: 'o-1', amount: 12 } });

    expect(execution.getStatus()).toBe(ExecutionStatus.SUCCEEDED);
    expect(execution.getResult()).toEqual({ receipt: 'receipt-o-1', valid: true });
    expect(runner.getOperation('validate').getStepDetails()?.result).toEqual({ orderId: 'o-1', amount: 12, valid: true });
    expect(runner.getOperationByIndex(0).getName()).toBe('validate');
    expect(runner.getOperationByIndex(2).getType()).toBe(OperationType.STEP);
    expect(runner.getOperation('charge').getStatus()).toBe(OperationStatus.SUCCEEDED);
  });

  it('skips an hour-long wait and reports its length', async () => {
    const runner = new LocalDurableTestRunner({ handlerFunction: orderWorkflow });
    // The wait finishing inside the test timeout is the check: under the official runner's fake
    // timers Date.now() itself jumps an hour, so elapsed time cannot be measured here.
    const execution = await runner.run({ payload: { orderId: 'o-2', amount: 5 } });

    expect(execution.getStatus()).toBe(ExecutionStatus.SUCCEEDED);
    const wait = runner.getOperation('cool-off');
    expect(wait.getType()).toBe(OperationType.WAIT);
    expect(wait.getWaitDetails()?.waitSeconds).toBe(3600);
    expect(wait.getStatus()).toBe(OperationStatus.SUCCEEDED);
  });

  it('lists operations, filters them by status, and reports invocations and history', async () => {
    const runner = new LocalDurableTestRunner({ handlerFunction: orderWorkflow });
    const execution = await runner.run({ payload: { orderId: 'o-3', amount: 1 } });

    expect(execution.getOperations().map((op) => op.getName())).toEqual(['validate', 'cool-off', 'charge']);
    expect(execution.getOperations({ status: OperationStatus.SUCCEEDED })).toHaveLength(3);
    expect(execution.getOperations({ status: OperationStatus.FAILED })).toHaveLength(0);
    expect(execution.getInvocations().length).toBeGreaterThanOrEqual(1);
    expect(execution.getHistoryEvents().some((event) => event.EventType === 'StepSucceeded' && event.Name === 'charge')).toBe(true);
  });
});

describe('callbacks', () => {
  it('answers a callback found by name', async () => {
    const runner = new LocalDurableTestRunner({ handlerFunction: approvalWorkflow });
    const approval = runner.getOperation('approval');
    const notify = runner.getOperation('notify');
    const running = runner.run({ payload: { orderId: 'o-4', amount: 1 } });

    await approval.waitForData(WaitingOperationStatus.STARTED);
    await notify.waitForData(WaitingOperationStatus.COMPLETED);
    expect(approval.isCallback()).toBe(true);
    expect(sent).toContain(approval.getCallbackDetails()?.callbackId);
    await approval.sendCallbackSuccess('approved');

    const execution = await running;
    expect(execution.getResult()).toEqual({ orderId: 'o-4', answer: 'approved' });
    expect(approval.getCallbackDetails()?.result).toBe('approved');
  });

  it('answers a callback found by index', async () => {
    const runner = new LocalDurableTestRunner({ handlerFunction: approvalWorkflow });
    const approval = runner.getOperationByIndex(0);
    const notify = runner.getOperationByIndex(1);
    const running = runner.run({ payload: { orderId: 'o-5', amount: 1 } });

    await approval.waitForData();
    await notify.waitForData(WaitingOperationStatus.COMPLETED);
    await approval.sendCallbackFailure({ ErrorType: 'Rejected', ErrorMessage: 'manager said no' });

    const execution = await running;
    expect(execution.getStatus()).toBe(ExecutionStatus.FAILED);
    expect(execution.getError().errorMessage).toContain('manager said no');
    expect(approval.getStatus()).toBe(OperationStatus.FAILED);
  });

  it('answers a waitForCallback once its submitter ran', async () => {
    const runner = new LocalDurableTestRunner({ handlerFunction: waitForCallbackWorkflow });
    const approval = runner.getOperation('manager-approval');
    const running = runner.run({ payload: { orderId: 'o-6', amount: 1 } });

    await approval.waitForData(WaitingOperationStatus.SUBMITTED);
    expect(approval.isWaitForCallback()).toBe(true);
    expect(sent).toContain(approval.getCallbackDetails()?.callbackId);
    await approval.sendCallbackSuccess('yes');

    const execution = await running;
    expect(execution.getResult()).toBe('o-6:yes');
    expect(approval.getContextDetails()?.result).toBe('yes');
  });
});

describe('map, parallel and child contexts', () => {
  it('runs every branch and exposes the children of each context', async () => {
    const runner = new LocalDurableTestRunner({ handlerFunction: batchWorkflow });
    const execution = await runner.run({ payload: { items: [1, 2, 3] } });

    expect(execution.getResult()).toEqual({ squares: [1, 4, 9], both: ['L', 'R'], total: 14 });
    const square = runner.getOperation('square');
    expect(square.getType()).toBe(OperationType.CONTEXT);
    expect(square.getChildOperations()).toHaveLength(3);
    expect(runner.getOperation('square-2').getStepDetails()?.result).toBe(4);
    expect(runner.getOperation('both').getChildOperations()).toHaveLength(2);
    expect(runner.getOperation('right').getStepDetails()?.result).toBe('R');
    const sum = runner.getOperation('sum');
    expect(sum.getContextDetails()?.result).toBe(14);
    expect(sum.getChildOperations()?.map((op) => op.getName())).toEqual(['add']);
  });
});

describe('chained invokes', () => {
  it('invokes registered durable and plain functions', async () => {
    const runner = new LocalDurableTestRunner({ handlerFunction: callingWorkflow });
    runner.registerDurableFunction('doubler', doubler).registerFunction('describer', describer);
    const execution = await runner.run({ payload: { x: 21 } });

    expect(execution.getResult()).toEqual({ doubled: 42, described: 'n=42' });
    const doubled = runner.getOperation('double-it');
    expect(doubled.getType()).toBe(OperationType.CHAINED_INVOKE);
    expect(doubled.getChainedInvokeDetails()?.result).toBe(42);
    expect(runner.getOperation('describe-it').getChainedInvokeDetails()?.result).toBe('n=42');
  });
});

describe('failures and retries', () => {
  it('retries a failing step until it succeeds', async () => {
    const runner = new LocalDurableTestRunner({ handlerFunction: flakyWorkflow(2) });
    const execution = await runner.run();

    expect(execution.getStatus()).toBe(ExecutionStatus.SUCCEEDED);
    expect(execution.getResult()).toBe(3);
    const flaky = runner.getOperation('flaky');
    expect(flaky.getStatus()).toBe(OperationStatus.SUCCEEDED);
    expect(flaky.getStepDetails()?.result).toBe(3);
  });

  it('fails the execution when the retries run out', async () => {
    const runner = new LocalDurableTestRunner({ handlerFunction: flakyWorkflow(5) });
    const execution = await runner.run();

    expect(execution.getStatus()).toBe(ExecutionStatus.FAILED);
    expect(execution.getError().errorMessage).toContain('attempt 3 failed');
    expect(() => execution.getResult()).toThrow('attempt 3 failed');
    const flaky = runner.getOperation('flaky');
    expect(flaky.getStatus()).toBe(OperationStatus.FAILED);
    expect(flaky.getStepDetails()?.error?.errorMessage).toBe('attempt 3 failed');
  });

  it('rejects a wait for an operation that never runs', async () => {
    const runner = new LocalDurableTestRunner({ handlerFunction: orderWorkflow });
    const missing = runner.getOperation('no-such-step');
    const waiting = missing.waitForData();
    await runner.run({ payload: { orderId: 'o-7', amount: 1 } });

    await expect(waiting).rejects.toThrow('Operation was not found after execution completion');
    expect(missing.getOperationData()).toBeUndefined();
  });
});

describe('reset', () => {
  it('forgets the operations of the previous run', async () => {
    const runner = new LocalDurableTestRunner({ handlerFunction: orderWorkflow });
    await runner.run({ payload: { orderId: 'o-8', amount: 1 } });
    expect(runner.getOperation('charge').getStepDetails()?.result).toBe('receipt-o-8');

    runner.reset();
    expect(runner.getOperation('charge').getOperationData()).toBeUndefined();
    await runner.run({ payload: { orderId: 'o-9', amount: 1 } });
    expect(runner.getOperation('charge').getStepDetails()?.result).toBe('receipt-o-9');
  });
});
