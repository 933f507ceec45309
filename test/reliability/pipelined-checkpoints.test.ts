/**
 * Pipelined checkpoints (`pipelinedCheckpoints: true`): what the mode promises, tested on the
 * local service including crashes at every checkpoint call.
 *  - updates reach the service in FIFO order, the same sequence as the awaited mode;
 *  - a crash loses only a suffix of that sequence, and the execution recovers to the same end;
 *  - at-most-once steps, callbacks, invokes and waits still wait for their acknowledgement;
 *  - the queue drains before any response, and a failed drain fails the invocation.
 */
import { describe, expect, it } from 'vitest';
import { StepSemantics, withDurableExecution } from '../../src/index.js';
import type { CheckpointDurableExecutionRequest, HistoryEvent } from '../../src/protocol.js';
import { inProcessInvoker } from '../../src/service/invokers/in-process-invoker.js';
import type { FunctionInvoker, ServiceDurableClient } from '../../src/service/invokers/invoker.js';
import { DurableExecutionService } from '../../src/service/service.js';
import type { DurableContext } from '../../src/types.js';
import { FaultLog, faultyInvoker, type FaultPolicy } from '../support/fault-injection.js';

type Handler = (event: { value: number }, ctx: DurableContext) => Promise<unknown>;

/** Steps in sequence (one at-most-once), a child context and a wait: the traffic under test. */
const sequence: Handler = async (event, ctx) => {
  let total = event.value;
  for (let i = 0; i < 5; i++) total = await ctx.step(`s${i}`, async () => total + i);
  const guarded = await ctx.step('guarded', async () => total * 2, { semantics: StepSemantics.AtMostOncePerRetry });
  const inner = await ctx.runInChildContext('child', async (child) => {
    const x = await child.step('x', async () => guarded + 1);
    return child.step('y', async () => x + 1);
  });
  await ctx.wait('pause', { seconds: 10 });
  for (let i = 5; i < 8; i++) total = await ctx.step(`s${i}`, async () => total + inner + i);
  return total;
};

/** A service client that records what was committed, optionally with a little latency. */
const recording = (inner: ServiceDurableClient, calls: CheckpointDurableExecutionRequest[], latency: boolean): ServiceDurableClient => ({
  checkpoint: async (req) => {
    // Latency lets updates queue up behind a call in flight (the point of pipelining).
    if (latency) await new Promise((r) => setTimeout(r, 2));
    const response = await inner.checkpoint(req);
    calls.push(req);
    return response;
  },
  getExecutionState: (req) => inner.getExecutionState(req),
});

const updateKeys = (calls: readonly CheckpointDurableExecutionRequest[]): string[] =>
  calls.flatMap((c) => (c.Updates ?? []).map((u) => `${u.Name ?? u.Type}:${u.Action}`));

const run = async (options: {
  handler: Handler;
  pipelined: boolean;
  policy?: FaultPolicy;
  latency?: boolean;
  /** Where committed calls are recorded (live, for policies that look at them). */
  calls?: CheckpointDurableExecutionRequest[];
}) => {
  const calls = options.calls ?? [];
  const log = new FaultLog();
  const service = new DurableExecutionService({ maxInvocationAttempts: 20 });
  const inner = inProcessInvoker(withDurableExecution(options.handler, { pipelinedCheckpoints: options.pipelined }));
  const invoker = options.policy ? faultyInvoker(inner, options.policy, log) : inner;
  // Recording sits next to the service, under the faults: it sees exactly what was committed.
  const recorded: FunctionInvoker = (request) =>
    invoker(request.client ? { ...request, client: recording(request.client, calls, options.latency === true) } : request);
  service.registerFunction({ name: 'fn', invoker: recorded });
  const arn = service.startExecution({ functionName: 'fn', payload: '{"value":3}' });
  const done = await service.waitForCompletion(arn);
  return { done, calls, events: service.history(arn), log };
};

const succeededOnce = (events: HistoryEvent[]): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const e of events) if (e.EventType === 'StepSucceeded' || e.EventType === 'ContextSucceeded' || e.EventType === 'WaitSucceeded') counts[e.Name ?? ''] = (counts[e.Name ?? ''] ?? 0) + 1;
  return counts;
};

describe('pipelined checkpoints', () => {
  it('send the same updates in the same (FIFO) order as awaited checkpoints, in fewer calls', async () => {
    const awaited = await run({ handler: sequence, pipelined: false, latency: true });
    const pipelined = await run({ handler: sequence, pipelined: true, latency: true });
    expect(pipelined.done.Result).toBe(awaited.done.Result);
    expect(updateKeys(pipelined.calls)).toEqual(updateKeys(awaited.calls));
    expect(pipelined.calls.length).toBeLessThan(awaited.calls.length);
    expect(succeededOnce(pipelined.events)).toEqual(succeededOnce(awaited.events));
  });

  it('a crash at any checkpoint call loses only a suffix of the updates, and the execution recovers', async () => {
    const reference = await run({ handler: sequence, pipelined: true });
    const expectedUpdates = updateKeys(reference.calls);
    let crashes = 0;
    for (let at = 0; at < reference.calls.length; at++) {
      for (const kind of ['crashBeforeCall', 'crashAfterCommit'] as const) {
        let committedAtCrash: number | undefined;
        const calls: CheckpointDurableExecutionRequest[] = [];
        const policy: FaultPolicy = {
          atCall: (site) => {
            if (committedAtCrash !== undefined || site.method !== 'checkpoint' || site.callIndex !== at) return undefined;
            committedAtCrash = calls.length + (kind === 'crashAfterCommit' ? 1 : 0);
            return kind;
          },
        };
        const faulty = await run({ handler: sequence, pipelined: true, policy, calls });
        if (committedAtCrash === undefined) continue;
        crashes += 1;
        const where = `${kind} at call ${at}`;
        const committed = updateKeys(faulty.calls.slice(0, committedAtCrash));
        expect(committed, where).toEqual(expectedUpdates.slice(0, committed.length));
        expect(faulty.done.Result, where).toBe(reference.done.Result);
        expect(succeededOnce(faulty.events), where).toEqual(succeededOnce(reference.events));
      }
    }
    expect(crashes).toBeGreaterThanOrEqual(4);
  });
});

/** A client whose answer to the first call matching `holds` waits until `release()` is called. */
const gated = (holds: (req: CheckpointDurableExecutionRequest) => boolean) => {
  let release: () => void = () => undefined;
  const released = new Promise<void>((r) => {
    release = r;
  });
  let held = false;
  let heldCall: Promise<void> | undefined;
  const wrap = (inner: ServiceDurableClient): ServiceDurableClient => ({
    checkpoint: async (req) => {
      const response = await inner.checkpoint(req);
      if (!held && holds(req)) {
        held = true;
        heldCall = released;
        await released;
      }
      return response;
    },
    getExecutionState: (req) => inner.getExecutionState(req),
  });
  return { wrap, release: () => release(), isHeld: () => held && heldCall !== undefined };
};

/** Lets the event loop run for a while (the invocation gets every chance to move on). */
const settle = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 10));
};

/**
 * Starts an execution whose first call matching `holds` is answered only on `release()`.
 * `ended()` counts the invocations that have answered so far.
 */
const underGate = async (options: {
  handler: Handler;
  pipelined: boolean;
  holds: (req: CheckpointDurableExecutionRequest) => boolean;
  extraFunctions?: (service: DurableExecutionService) => void;
}) => {
  const gate = gated(options.holds);
  const service = new DurableExecutionService();
  options.extraFunctions?.(service);
  const inner = inProcessInvoker(withDurableExecution(options.handler, { pipelinedCheckpoints: options.pipelined }));
  let invocationsEnded = 0;
  service.registerFunction({
    name: 'fn',
    invoker: async (request) => {
      const outcome = await inner(request.client ? { ...request, client: gate.wrap(request.client) } : request);
      invocationsEnded += 1;
      return outcome;
    },
  });
  const arn = service.startExecution({ functionName: 'fn', payload: '{"value":1}' });
  await settle();
  expect(gate.isHeld(), 'the gated call was made').toBe(true);
  return {
    ended: () => invocationsEnded,
    release: async () => {
      gate.release();
      const done = await service.waitForCompletion(arn);
      return { done, events: service.history(arn) };
    },
  };
};

const carries = (name: string, action: string) => (req: CheckpointDurableExecutionRequest): boolean =>
  (req.Updates ?? []).some((u) => u.Name === name && u.Action === action);

describe('pipelined checkpoints: what still waits for the acknowledgement', () => {
  it('an at-least-once step does not wait for its SUCCEED, an at-most-once step does wait for its START', async () => {
    for (const pipelined of [false, true]) {
      const marks: string[] = [];
      const handler: Handler = async (_event, ctx) => {
        await ctx.step('fast', async () => 1);
        marks.push('after-fast');
        return ctx.step('guarded', async () => marks.push('guarded-ran'), { semantics: StepSemantics.AtMostOncePerRetry });
      };
      // Hold the SUCCEED of "fast": only pipelined mode moves on.
      const fast = await underGate({ handler, pipelined, holds: carries('fast', 'SUCCEED') });
      expect(marks.includes('after-fast'), `pipelined=${pipelined}`).toBe(pipelined);
      expect(marks, 'the at-most-once step waits for the earlier update too (FIFO)').not.toContain('guarded-ran');
      expect((await fast.release()).done.Status).toBe('SUCCEEDED');
      expect(marks).toContain('guarded-ran');
    }
    const marks: string[] = [];
    const handler: Handler = async (_event, ctx) => ctx.step('guarded', async () => marks.push('guarded-ran'), { semantics: StepSemantics.AtMostOncePerRetry });
    const guarded = await underGate({ handler, pipelined: true, holds: carries('guarded', 'START') });
    expect(marks).toEqual([]);
    const { done } = await guarded.release();
    expect(marks).toEqual(['guarded-ran']);
    expect(done.Status).toBe('SUCCEEDED');
  });

  it('a callback, an invoke and a wait wait for their START; the invocation never answers before', async () => {
    const cases: { name: string; handler: Handler; extra?: (service: DurableExecutionService) => void }[] = [
      {
        name: 'cb',
        handler: async (_e, ctx) => {
          const [result, callbackId] = await ctx.createCallback('cb', { timeout: { seconds: 30 } });
          await ctx.step('after-cb', async () => callbackId.length);
          return result.catch(() => 'timed out');
        },
      },
      {
        name: 'call',
        handler: async (_e, ctx) => ctx.invoke('call', 'child', { n: 1 }),
        extra: (service) => service.registerFunction({ name: 'child', invoker: inProcessInvoker(withDurableExecution(async (e: { n: number }) => e.n + 1)) }),
      },
      { name: 'w', handler: async (_e, ctx) => (await ctx.wait('w', { seconds: 5 }), 'waited') },
    ];
    for (const c of cases) {
      const gate = await underGate({ handler: c.handler, pipelined: true, holds: carries(c.name, 'START'), ...(c.extra ? { extraFunctions: c.extra } : {}) });
      expect(gate.ended(), `${c.name}: no response while its START is unacknowledged`).toBe(0);
      const { done, events } = await gate.release();
      expect(done.Status, c.name).toBe('SUCCEEDED');
      if (c.name === 'cb') {
        // The step after the callback ran only once the CallbackId had come back.
        expect(events.findIndex((e) => e.EventType === 'CallbackStarted')).toBeLessThan(events.findIndex((e) => e.Name === 'after-cb'));
      }
    }
  });

  it('the queue drains before the response: a held final SUCCEED holds the answer, a failed one fails the invocation', async () => {
    const handler: Handler = async (event, ctx) => ctx.step('last', async () => event.value + 41);
    const held = await underGate({ handler, pipelined: true, holds: carries('last', 'SUCCEED') });
    expect(held.ended(), 'no response while the last SUCCEED is unacknowledged').toBe(0);
    expect((await held.release()).done.Result).toBe('42');

    let failedOnce = false;
    const policy: FaultPolicy = {
      atCall: (site) => {
        if (failedOnce || site.updateCount === 0) return undefined;
        failedOnce = true;
        return 'checkpoint5xx';
      },
    };
    const failed = await run({ handler, pipelined: true, policy });
    const invocations = failed.events.filter((e) => e.EventType === 'InvocationCompleted');
    expect(invocations[0]?.InvocationCompletedDetails?.Error?.Payload?.ErrorMessage).toMatch(/Checkpoint failed/);
    expect(failed.done.Result).toBe('44');
    expect(succeededOnce(failed.events)).toEqual({ last: 1 });
  });
});
