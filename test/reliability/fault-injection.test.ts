/**
 * One fault at a chosen point, for every kind of fault: in-process (the fault-injecting
 * client), over HTTP (a faulty proxy in front of the HTTP front, with the real
 * @aws-sdk/client-lambda and its retries, and with our SDK-free default client), and real
 * runtime crashes (worker threads and a child process killing themselves at a probe the test
 * picks).
 */
import { LambdaClient } from '@aws-sdk/client-lambda';
import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRetryStrategy, DurableExecutionHttpClient, StepSemantics, withDurableExecution } from '../../src/index.js';
import type { HistoryEvent } from '../../src/protocol.js';
import { bundleHandlers } from '../../src/conformance/harness-bundle.js';
import { startHttpFront } from '../../src/service/http/http-front.js';
import { inProcessInvoker } from '../../src/service/invokers/in-process-invoker.js';
import type { FunctionInvoker } from '../../src/service/invokers/invoker.js';
import { processInvoker } from '../../src/service/invokers/process-invoker.js';
import { DurableExecutionService } from '../../src/service/service.js';
import { WorkerPool } from '../../src/service/invokers/worker-invoker.js';
import { CALL_FAULTS, type CallFault, FaultLog, faultyInvoker, type FaultPolicy, seededRandom } from '../support/fault-injection.js';
import { type HttpFault, startFaultProxy } from '../support/fault-proxy.js';

const retry = createRetryStrategy({ maxAttempts: 6, initialDelay: { seconds: 1 } });

/** Three steps (the middle one at-most-once) around a wait; counts live runs per step and attempt (`b#1`). */
const threeSteps = (runs: Map<string, number>, log?: FaultLog) =>
  async (event: { value: number }, ctx: Parameters<Parameters<typeof withDurableExecution>[0]>[1]) => {
    const requestId = ctx.lambdaContext.awsRequestId;
    const count = (name: string, attempt: number | undefined): void => {
      if (log?.isDead(requestId)) return;
      for (const key of [name, `${name}#${attempt ?? 1}`]) runs.set(key, (runs.get(key) ?? 0) + 1);
    };
    const a = await ctx.step('a', async (s) => (count('a', s.attempt), event.value + 1));
    const b = await ctx.step('b', async (s) => (count('b', s.attempt), a * 2), { semantics: StepSemantics.AtMostOncePerRetry, retryStrategy: retry });
    await ctx.wait('w', { seconds: 5 });
    const c = await ctx.step('c', async (s) => (count('c', s.attempt), b + 1));
    return { a, b, c };
  };

/** Each attempt of the at-most-once step b ran at most once; returns b's total runs. */
const expectAtMostOnce = (runs: Map<string, number>): number => {
  for (const [key, n] of runs) if (key.startsWith('b#')) expect(n, key).toBe(1);
  return runs.get('b') ?? 0;
};

const expectedResult = (value: number): string => JSON.stringify({ a: value + 1, b: (value + 1) * 2, c: (value + 1) * 2 + 1 });

const eventsOf = (events: HistoryEvent[], type: string, name?: string): HistoryEvent[] =>
  events.filter((e) => e.EventType === type && (name === undefined || e.Name === name));

/** The history invariants of a recovered run: every operation completed exactly once. */
const expectEachOnce = (events: HistoryEvent[], steps: string[]): void => {
  for (const name of steps) expect(eventsOf(events, 'StepSucceeded', name), `StepSucceeded ${name}`).toHaveLength(1);
  expect(eventsOf(events, 'WaitStarted')).toHaveLength(1);
  expect(eventsOf(events, 'WaitSucceeded')).toHaveLength(1);
  expect(eventsOf(events, 'ExecutionSucceeded')).toHaveLength(1);
};

/** Fault `kind` at call `callIndex` of the first invocation only. */
const onceAt = (kind: CallFault, callIndex: number): FaultPolicy => {
  let first: string | undefined;
  return {
    atCall: (site) => {
      first ??= site.requestId;
      return site.requestId === first && site.callIndex === callIndex ? kind : undefined;
    },
  };
};

describe('fault injection, in process', () => {
  // Call 0 carries step a (START+SUCCEED), call 1 the START of the at-most-once step b, call 2 its SUCCEED.
  for (const callIndex of [1, 2]) {
    for (const kind of CALL_FAULTS) {
      it(`recovers from ${kind} at checkpoint call ${callIndex}`, async () => {
        const log = new FaultLog();
        const runs = new Map<string, number>();
        const service = new DurableExecutionService();
        service.registerFunction({ name: 'fn', invoker: faultyInvoker(inProcessInvoker(withDurableExecution(threeSteps(runs, log))), onceAt(kind, callIndex), log) });
        const arn = service.startExecution({ functionName: 'fn', payload: '{"value":4}' });
        const done = await service.waitForCompletion(arn);
        const events = service.history(arn);

        expect(log.counts[kind]).toBe(1);
        expect(done.Status).toBe('SUCCEEDED');
        expect(done.Result).toBe(expectedResult(4));
        expectEachOnce(events, ['a', 'b', 'c']);
        const bRuns = expectAtMostOnce(runs);
        expect(runs.get('a')).toBeLessThanOrEqual(2);
        const firstInvocation = eventsOf(events, 'InvocationCompleted')[0]?.InvocationCompletedDetails?.Error?.Payload;
        if (kind.startsWith('crash')) expect(firstInvocation?.ErrorType).toBe('Runtime.ExitError');
        else expect(firstInvocation?.ErrorMessage).toMatch(/^\[Unrecoverable Invocation\] Checkpoint failed: /);
        // b's attempt 1 is interrupted (recorded as failed, never re-run) when its START reached
        // the service but its SUCCEED did not: the lost call was the START's after it committed,
        // or the SUCCEED's before it committed.
        const interrupted = eventsOf(events, 'StepFailed', 'b').filter((e) => e.StepFailedDetails?.Error?.Payload?.ErrorType === 'StepInterruptedError');
        const committed = kind === 'lostResponse' || kind === 'crashAfterCommit';
        const expectInterrupted = callIndex === 1 ? committed : !committed;
        expect(interrupted).toHaveLength(expectInterrupted ? 1 : 0);
        // b ran in attempt 1 unless the fault hit its START; it ran again only in attempt 2.
        expect(bRuns).toBe(callIndex === 2 && expectInterrupted ? 2 : 1);
      });
    }
  }

  it('survives the same invocation delivered twice at once (one token, two runs)', async () => {
    // The execution has two invocations (the wait splits them): duplicate the first, then the second.
    for (const variant of [0, 1]) {
      const log = new FaultLog();
      const runs = new Map<string, number>();
      const service = new DurableExecutionService();
      let invocations = 0;
      const policy: FaultPolicy = { atCall: () => undefined, atInvocation: () => (invocations++ === variant ? 'doubleInvoke' : undefined) };
      service.registerFunction({ name: 'fn', invoker: faultyInvoker(inProcessInvoker(withDurableExecution(threeSteps(runs, log))), policy, log) });
      const arn = service.startExecution({ functionName: 'fn', payload: '{"value":9}' });
      const done = await service.waitForCompletion(arn);
      expect(log.counts.doubleInvoke).toBe(1);
      expect(done.Result).toBe(expectedResult(9));
      expectEachOnce(service.history(arn), ['a', 'b', 'c']);
      expect(expectAtMostOnce(runs), `variant ${variant}: the at-most-once step ran once`).toBe(1);
      expect(runs.get('c')).toBeLessThanOrEqual(2);
    }
  });
});

/** The handler's transport: the real @aws-sdk/client-lambda, or our SDK-free default client. */
type Transport = 'aws-sdk' | 'default client';

for (const transport of ['aws-sdk', 'default client'] as const satisfies readonly Transport[]) describe(`fault injection over HTTP (${transport === 'aws-sdk' ? 'real @aws-sdk/client-lambda' : 'our default DurableExecutionHttpClient'} through a faulty proxy)`, () => {
  const run = async (fault: HttpFault, atCheckpoint: number) => {
    const service = new DurableExecutionService();
    const front = await startHttpFront({ service });
    const proxy = await startFaultProxy({ target: front.url, decide: (c) => (c.index === atCheckpoint ? fault : undefined) });
    const lambda = new LambdaClient({
      endpoint: proxy.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 3,
      // Short, so that a held response turns into a client timeout (and a retry) quickly.
      requestHandler: { requestTimeout: 1_000, throwOnRequestTimeout: true },
    });
    const runs = new Map<string, number>();
    const handler = withDurableExecution(
      threeSteps(runs),
      transport === 'aws-sdk'
        ? { client: lambda }
        : {
            durableExecutionClient: new DurableExecutionHttpClient({
              endpoint: proxy.url,
              credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
              requestTimeoutMs: 1_000,
            }),
          },
    );
    const inner = inProcessInvoker(handler);
    // The handler finds the service only through its Lambda client, like a deployed function.
    const overHttp: FunctionInvoker = (request) => inner({ ...request, client: undefined });
    service.registerFunction({ name: 'fn', invoker: overHttp });
    try {
      const arn = service.startExecution({ functionName: 'fn', payload: '{"value":1}' });
      const done = await service.waitForCompletion(arn);
      return { done, events: service.history(arn), runs, checkpoints: [...proxy.checkpoints] };
    } finally {
      lambda.destroy();
      await proxy.close();
      await front.close();
    }
  };

  for (const fault of ['http500', 'http429', 'lostResponse', 'heldResponse'] as const) {
    it(`${fault}: the client retries with the same ClientToken and the service answers from its idempotency record`, async () => {
      const { done, events, runs, checkpoints } = await run(fault, 1);
      expect(done.Status).toBe('SUCCEEDED');
      expect(done.Result).toBe(expectedResult(1));
      expectEachOnce(events, ['a', 'b', 'c']);
      expect(expectAtMostOnce(runs)).toBe(1);
      const faulted = checkpoints[1]!;
      expect(faulted.fault).toBe(fault);
      expect(faulted.clientToken).toMatch(/^[0-9a-f-]{36}$/);
      const retried = checkpoints[2]!;
      expect(retried.clientToken, 'the retry reuses the ClientToken').toBe(faulted.clientToken);
      expect(retried.checkpointToken, 'and the same (for a committed call: now stale) CheckpointToken').toBe(faulted.checkpointToken);
      // No invocation failed: the retry absorbed the fault, and nothing was recorded twice.
      expect(eventsOf(events, 'InvocationCompleted').every((e) => e.InvocationCompletedDetails?.Error === undefined)).toBe(true);
      expect(eventsOf(events, 'StepFailed')).toHaveLength(0);
    }, 30_000);
  }

  it('invalidToken: not retried by the client; the invocation fails and the next one recovers', async () => {
    const { done, events, runs, checkpoints } = await run('invalidToken', 1);
    expect(done.Result).toBe(expectedResult(1));
    expectEachOnce(events, ['a', 'b', 'c']);
    expect(expectAtMostOnce(runs)).toBe(1);
    expect(checkpoints[2]?.clientToken).not.toBe(checkpoints[1]?.clientToken);
    const failedInvocation = eventsOf(events, 'InvocationCompleted')[0]?.InvocationCompletedDetails?.Error?.Payload;
    expect(failedInvocation?.ErrorMessage).toMatch(/^\[Unrecoverable Invocation\] Checkpoint failed: Invalid Checkpoint Token/);
  }, 30_000);
});

describe('runtime crashes at seeded random points', () => {
  let bundle: { outDir: string; path: string };
  beforeAll(async () => {
    const { outDir, bundles } = await bundleHandlers({ files: { crashing: resolve('test/reliability/fixtures/crashing-handler.ts') }, sdk: 'ours' });
    bundle = { outDir, path: bundles.crashing! };
  });
  afterAll(async () => {
    await rm(bundle.outDir, { recursive: true, force: true });
  });

  /** Names a crash probe in the request id for up to `budget` invocations of each execution. */
  const crashingAt = (inner: FunctionInvoker, seed: number, budget: number, picks: number[]): FunctionInvoker => {
    const random = seededRandom(seed);
    const used = new Map<string, number>();
    return (request) => {
      const n = used.get(request.executionArn) ?? 0;
      if (n >= budget || random() < 0.25) return inner(request);
      used.set(request.executionArn, n + 1);
      const probe = Math.floor(random() * 9);
      picks.push(probe);
      return inner({ ...request, requestId: `${request.requestId}-crash-${probe}` });
    };
  };

  const expectRecovered = (service: DurableExecutionService, arn: string, value: number, status: string, result: string | undefined): number => {
    const events = service.history(arn);
    expect(status).toBe('SUCCEEDED');
    expect(result).toBe(JSON.stringify({ a: value + 1, b: (value + 1) * 2, c: (value + 1) * 2 + 1 }));
    expectEachOnce(events, ['a', 'b', 'x']);
    // Each attempt of the at-most-once step b started once: interrupted attempts are failed, not re-run.
    const starts = eventsOf(events, 'StepStarted', 'b').length;
    const interrupted = eventsOf(events, 'StepFailed', 'b').length;
    expect(starts).toBe(interrupted + 1);
    return eventsOf(events, 'InvocationCompleted').filter((e) => e.InvocationCompletedDetails?.Error?.Payload?.ErrorType === 'Runtime.ExitError').length;
  };

  it('worker threads that exit mid-invocation: every execution completes exactly once', async () => {
    const seed = Number(process.env.FAULT_SEED ?? 7);
    const pool = new WorkerPool({ modulePath: bundle.path, exportPath: ['handler'] });
    const picks: number[] = [];
    try {
      const service = new DurableExecutionService({ maxInvocationAttempts: 20 });
      service.registerFunction({ name: 'crashing', invoker: crashingAt(pool.invoker, seed, 3, picks) });
      let crashes = 0;
      for (let i = 0; i < 6; i++) {
        const arn = service.startExecution({ functionName: 'crashing', payload: JSON.stringify({ value: i }) });
        const done = await service.waitForCompletion(arn);
        crashes += expectRecovered(service, arn, i, done.Status, done.Result);
      }
      console.log(`worker crashes (seed ${seed}): ${crashes} runtime exits at probes ${picks.join(',')}`);
      expect(crashes, `seed ${seed}`).toBeGreaterThan(0);
    } finally {
      await pool.close();
    }
  }, 60_000);

  it('a child process (checkpointing over HTTP) that exits mid-invocation', async () => {
    const service = new DurableExecutionService({ maxInvocationAttempts: 20 });
    const front = await startHttpFront({ service });
    try {
      let invocation = 0;
      // Crash the first invocation inside step a (probe 1) and the second inside step b (probe 3).
      const crashes = [1, 3];
      const inner = processInvoker({ modulePath: bundle.path, exportPath: ['handler'], endpointUrl: front.url });
      service.registerFunction({
        name: 'crashing',
        invoker: (request) => {
          const probe = crashes[invocation++];
          return inner(probe === undefined ? request : { ...request, requestId: `${request.requestId}-crash-${probe}` });
        },
      });
      const arn = service.startExecution({ functionName: 'crashing', payload: '{"value":5}' });
      const done = await service.waitForCompletion(arn);
      expect(expectRecovered(service, arn, 5, done.Status, done.Result)).toBe(2);
    } finally {
      await front.close();
    }
  }, 60_000);
});
