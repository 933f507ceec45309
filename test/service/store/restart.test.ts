// A service restarted on its store: the first service "dies" (its store stops taking writes,
// as a killed process would) and a second one loads what was written and carries on.
import { describe, expect, it } from 'vitest';
import { withDurableExecution } from '../../../src/index.js';
import { inProcessInvoker } from '../../../src/service/invokers/in-process-invoker.js';
import { DurableExecutionService } from '../../../src/service/service.js';
import type { ExecutionStore, SaveInput } from '../../../src/service/store/execution-store.js';
import { MemoryExecutionStore } from '../../../src/service/store/memory-store.js';
import { resumedClock } from '../../../src/service/store/resumed-clock.js';

/** Delegates to a memory store until crash(): then writes are lost, like a killed process's. */
class CrashableStore implements ExecutionStore {
  crashed = false;
  constructor(readonly inner: MemoryExecutionStore) {}
  load = () => this.inner.load();
  loadClock = () => this.inner.loadClock();
  save(input: SaveInput): void {
    if (!this.crashed) this.inner.save(input);
  }
  close(): void {}
}

const approval = withDurableExecution(async (event: { order: string }, context) => {
  const priced = await context.step('price', async () => ({ order: event.order, total: 42 }));
  await context.wait('cool-off', { seconds: 3600 });
  const [answer] = await context.createCallback<string>('manager');
  const approved = await answer;
  return { priced, approved };
});

/** Gates of the `blocking` step, per service generation: the first one never opens. */
let blockGate: Promise<void> = new Promise(() => {});
let blockEntered = 0;
const blocking = withDurableExecution(async (event: { job: string }, context) => {
  const first = await context.step('first', async () => `${event.job}:first`);
  const second = await context.step('block', async () => {
    blockEntered += 1;
    await blockGate;
    return `${event.job}:second`;
  });
  await context.wait('rest', { seconds: 60 });
  const third = await context.step('third', async () => `${event.job}:third`);
  return [first, second, third];
});

const until = async (what: string, check: () => boolean): Promise<void> => {
  for (let i = 0; i < 500; i += 1) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
};

const serviceOn = (store: ExecutionStore, mode: 'virtual' | 'real' = 'virtual'): DurableExecutionService => {
  const service = new DurableExecutionService({ store, clock: resumedClock({ mode, stored: store.loadClock() }) });
  service.registerFunction({ name: 'approval', invoker: inProcessInvoker(approval) });
  service.registerFunction({ name: 'blocking', invoker: inProcessInvoker(blocking) });
  return service;
};

const callbackIdOf = (service: DurableExecutionService, arn: string): string | undefined =>
  service.history(arn).find((e) => e.EventType === 'CallbackStarted')?.CallbackStartedDetails?.CallbackId;

const waitingOnCallback = (service: DurableExecutionService, arn: string): boolean =>
  callbackIdOf(service, arn) !== undefined && !service.execution(arn).invocationRunning;

describe('a service restarted on its store', () => {
  it('keeps a pending callback: answered after the restart, the execution ends as without one', async () => {
    // Reference: one service, no restart.
    const reference = new DurableExecutionService();
    reference.registerFunction({ name: 'approval', invoker: inProcessInvoker(approval) });
    const refArn = reference.startExecution({ functionName: 'approval', payload: '{"order":"o-1"}' });
    await until('the reference callback', () => waitingOnCallback(reference, refArn));
    reference.sendCallbackSuccess(callbackIdOf(reference, refArn) ?? '', '"yes"');
    const expected = await reference.waitForCompletion(refArn);

    const store = new CrashableStore(new MemoryExecutionStore());
    const first = serviceOn(store);
    const arn = first.startExecution({ functionName: 'approval', payload: '{"order":"o-1"}' });
    await until('the callback', () => waitingOnCallback(first, arn));
    const callbackId = callbackIdOf(first, arn) ?? '';
    store.crashed = true;

    const second = serviceOn(store);
    const report = second.restore();
    expect(report).toEqual({ counts: { finished: 0, interrupted: 0, invoked: 0, waiting: 1 }, unregisteredFunctions: [] });
    expect(second.getExecution(arn).Status).toBe('RUNNING');
    second.sendCallbackSuccess(callbackId, '"yes"');
    const done = await second.waitForCompletion(arn);
    expect([done.Status, done.Result]).toEqual(['SUCCEEDED', expected.Result]);
    expect(second.history(arn).map((e) => e.EventType)).toEqual(reference.history(refArn).map((e) => e.EventType));
    // Time never goes backwards across the restart.
    const times = second.history(arn).map((e) => new Date(e.EventTimestamp).getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    // The execution is listed by the restarted service like any other.
    expect(second.listExecutionsByFunction({ FunctionName: 'approval' }).DurableExecutions?.map((e) => e.DurableExecutionArn)).toEqual([arn]);
  });

  it('retries an invocation that was running: the old token is stale, the step runs again, the result is the same', async () => {
    blockGate = Promise.resolve();
    const reference = new DurableExecutionService();
    reference.registerFunction({ name: 'blocking', invoker: inProcessInvoker(blocking) });
    const refArn = reference.startExecution({ functionName: 'blocking', payload: '{"job":"j"}' });
    const expected = await reference.waitForCompletion(refArn);
    expect(expected.Result).toBe('["j:first","j:second","j:third"]');

    blockGate = new Promise(() => {});
    blockEntered = 0;
    const store = new CrashableStore(new MemoryExecutionStore());
    const first = serviceOn(store);
    const arn = first.startExecution({ functionName: 'blocking', payload: '{"job":"j"}' });
    await until('the blocking step', () => blockEntered === 1);
    const staleToken = first.execution(arn).currentToken ?? '';
    expect(staleToken).not.toBe('');
    store.crashed = true;

    blockGate = Promise.resolve();
    const second = serviceOn(store);
    expect(second.restore().counts).toEqual({ finished: 0, interrupted: 1, invoked: 0, waiting: 0 });
    await expect(second.checkpoint({ DurableExecutionArn: arn, CheckpointToken: staleToken, Updates: [] })).rejects.toMatchObject({
      name: 'InvalidParameterValueException',
    });
    const done = await second.waitForCompletion(arn);
    expect([done.Status, done.Result]).toEqual(['SUCCEEDED', expected.Result]);
    expect(blockEntered).toBe(2);
    const failedInvocations = second.history(arn).filter((e) => e.InvocationCompletedDetails?.Error?.Payload?.ErrorType !== undefined);
    expect(failedInvocations.map((e) => e.InvocationCompletedDetails?.Error?.Payload)).toEqual([
      { ErrorType: 'Runtime.ExitError', ErrorMessage: 'The local durable-execution service stopped during this invocation' },
    ]);
    expect(second.execution(arn).invocationCount).toBe(3);
  });

  it('fires at start a wait that fell due while the service was down (real time)', async () => {
    const store = new CrashableStore(new MemoryExecutionStore());
    const first = new DurableExecutionService({ store, clock: 'real' });
    first.registerFunction({
      name: 'sleeper',
      invoker: inProcessInvoker(withDurableExecution(async (_event: unknown, context) => {
        await context.wait('nap', { seconds: 1 });
        return 'rested';
      })),
    });
    const arn = first.startExecution({ functionName: 'sleeper', payload: '{}' });
    await until('the wait', () => first.history(arn).some((e) => e.EventType === 'InvocationCompleted'));
    store.crashed = true;
    const scheduledEnd = new Date(first.history(arn).find((e) => e.EventType === 'WaitStarted')?.WaitStartedDetails?.ScheduledEndTimestamp ?? 0).getTime();
    await new Promise((r) => setTimeout(r, 1300));

    const stoppedAt = store.loadClock()?.serviceTime ?? 0;
    const second = new DurableExecutionService({ store, clock: resumedClock({ mode: 'real', stored: store.loadClock() }) });
    expect(second.clock.now()).toBeGreaterThanOrEqual(stoppedAt);
    second.registerFunction({
      name: 'sleeper',
      invoker: inProcessInvoker(withDurableExecution(async (_event: unknown, context) => {
        await context.wait('nap', { seconds: 1 });
        return 'rested';
      })),
    });
    const restartedAt = Date.now();
    expect(second.restore().counts.waiting).toBe(1);
    const done = await second.waitForCompletion(arn);
    expect(Date.now() - restartedAt).toBeLessThan(1000);
    expect([done.Status, done.Result]).toEqual(['SUCCEEDED', '"rested"']);
    const fired = second.history(arn).find((e) => e.EventType === 'WaitSucceeded');
    expect(new Date(fired?.EventTimestamp ?? 0).getTime()).toBeGreaterThanOrEqual(scheduledEnd);
  });

  it('writes nothing and costs nothing without a store; restore() reports nothing', () => {
    const service = new DurableExecutionService();
    expect(service.restore()).toEqual({ counts: { finished: 0, interrupted: 0, invoked: 0, waiting: 0 }, unregisteredFunctions: [] });
  });

  it('reports running executions of functions that are not registered any more', async () => {
    const store = new CrashableStore(new MemoryExecutionStore());
    const first = serviceOn(store);
    const arn = first.startExecution({ functionName: 'approval', payload: '{"order":"o-2"}' });
    await until('the callback', () => waitingOnCallback(first, arn));
    store.crashed = true;
    const second = new DurableExecutionService({ store });
    expect(second.restore()).toEqual({ counts: { finished: 0, interrupted: 0, invoked: 0, waiting: 1 }, unregisteredFunctions: ['approval'] });
    expect(second.getExecution(arn).Status).toBe('RUNNING');
  });
});
