/**
 * SDK adapters: one shape for both SDKs so every scenario runs the same handler against each.
 *
 * Both receive the in-memory service through `config.durableExecutionClient` (the official SDK
 * 2.4 accepts it; ours takes the same option). `npm run bench` loads ours as built JavaScript
 * (bench/build-ours.ts bundles `src/index.ts` the way `npm run build` does); other callers get
 * `src/index.ts` by default. A missing part of our engine shows in {@link SdkAdapter.unavailable}
 * and {@link SdkAdapter.features}, and a scenario that needs it reports `n/a`.
 */
import { fileURLToPath } from 'node:url';
import { withDurableExecution as officialWithDurableExecution } from '@aws/durable-execution-sdk-js';
import { InvocationStatus, type DurableExecutionInvocationInput, type DurableExecutionInvocationOutput } from '../src/protocol.js';
import { MemoryCheckpointService } from './memory-client.js';
import { benchLambdaContext } from './driver.js';
import { sequentialStepsHandler, sequentialSum } from './sequential-handler.js';

/** Result of map/parallel as both SDKs return it. */
export interface BenchBatchResult<T> {
  getResults(): T[];
}

/** The part of a durable context the scenarios use (structurally the same in both SDKs). */
export interface BenchContext {
  step<T>(name: string, fn: () => Promise<T>): PromiseLike<T>;
  wait(name: string, duration: { seconds: number }): PromiseLike<void>;
  runInChildContext<T>(name: string, fn: (context: BenchContext) => Promise<T>): PromiseLike<T>;
  map?<I, O>(
    name: string,
    items: I[],
    fn: (context: BenchContext, item: I, index: number) => Promise<O>,
    config?: { maxConcurrency?: number },
  ): PromiseLike<BenchBatchResult<O>>;
  parallel?<T>(
    name: string,
    branches: ((context: BenchContext) => Promise<T>)[],
    config?: { maxConcurrency?: number },
  ): PromiseLike<BenchBatchResult<T>>;
}

/** A durable handler written once for both SDKs. */
export type BenchHandler = (event: unknown, context: BenchContext) => Promise<unknown>;

/** What a wrapped handler looks like to Lambda. */
export type InvokeHandler = (
  event: DurableExecutionInvocationInput,
  context: ReturnType<typeof benchLambdaContext>,
) => Promise<DurableExecutionInvocationOutput>;

/** The two calls both SDKs make on their transport. */
export type BenchClient = Pick<MemoryCheckpointService, 'checkpoint' | 'getExecutionState'>;

/** Options of {@link SdkAdapter.wrap}. */
export interface WrapOptions {
  /** Pipelined checkpoints (issue 7); only for adapters with the `pipelined` feature. */
  pipelined?: boolean;
}

/** Features a scenario may need; detected by running a probe execution. */
export type Feature = 'step' | 'wait' | 'runInChildContext' | 'map' | 'parallel' | 'pipelined';

/** One SDK as the bench sees it. */
export interface SdkAdapter {
  readonly name: 'ours' | 'official';
  /** Why this SDK cannot run at all yet (undefined when it can). */
  readonly unavailable: string | undefined;
  readonly features: ReadonlySet<Feature>;
  /** Module specifier the cold-start bundle imports `withDurableExecution` from. */
  readonly importSpecifier: string;
  wrap(handler: BenchHandler, client: BenchClient, options?: WrapOptions): InvokeHandler;
}

/** The reason a scenario cannot run on this adapter, or undefined when it can. */
export const missingFeature = (adapter: SdkAdapter, needs: readonly Feature[]): string | undefined => {
  if (adapter.unavailable !== undefined) return adapter.unavailable;
  const missing = needs.filter((feature) => !adapter.features.has(feature));
  return missing.length === 0 ? undefined : `not implemented yet: ${missing.join(', ')}`;
};

/** How our SDK is asked for pipelined checkpoints (issue 7), merged into its config. */
export const pipelinedConfig: Readonly<Record<string, unknown>> = { pipelinedCheckpoints: true };

type WithDurableExecution = (handler: BenchHandler, config: Record<string, unknown>) => InvokeHandler;

/** Runs `body` as a whole execution on a fresh service; true when it succeeds with `expected`. */
const probeExecution = async (
  withDurable: WithDurableExecution,
  body: BenchHandler,
  expected: string,
  options: { config?: Record<string, unknown>; latencyMs?: number } = {},
): Promise<{ succeeded: boolean; service: MemoryCheckpointService }> => {
  const service = new MemoryCheckpointService({ input: {}, latencyMs: options.latencyMs ?? 0 });
  const handler = withDurable(body, { durableExecutionClient: service, ...options.config });
  for (let invocation = 0; invocation < 3; invocation += 1) {
    const output = await handler(service.invocationEvent(), benchLambdaContext());
    if (output.Status !== InvocationStatus.PENDING) return { succeeded: output.Status === InvocationStatus.SUCCEEDED && output.Result === expected, service };
    service.advanceClock(60_000);
  }
  return { succeeded: false, service };
};

/**
 * Finds out what an SDK can run today by running tiny executions: one with a step, a child
 * context and a wait, one with a map, one with a parallel, one with pipelined checkpoints. A feature counts only if its
 * execution succeeds with the right result (a stub that throws does not).
 */
const probeFeatures = async (withDurable: WithDurableExecution): Promise<Set<Feature>> => {
  const features = new Set<Feature>();
  const basic = await probeExecution(
    withDurable,
    async (_event, context) => {
      const one = await context.step('probe-step', async () => 1);
      const two = await context.runInChildContext('probe-child', async (child) => child.step('inner', async () => 2));
      await context.wait('probe-wait', { seconds: 1 });
      return one + two;
    },
    '3',
  );
  const operations = basic.service.allOperations();
  if (operations.some((operation) => operation.Name === 'probe-step' && operation.Status === 'SUCCEEDED')) features.add('step');
  if (operations.some((operation) => operation.Name === 'probe-child' && operation.Status === 'SUCCEEDED')) {
    features.add('runInChildContext');
  }
  if (basic.succeeded && operations.some((operation) => operation.Name === 'probe-wait' && operation.Status === 'SUCCEEDED')) {
    features.add('wait');
  }
  const tryProbe = async (body: BenchHandler, expected: string): Promise<boolean> => {
    try {
      return (await probeExecution(withDurable, body, expected)).succeeded;
    } catch {
      return false;
    }
  };
  const mapWorks = await tryProbe(async (_event, context) => {
    if (!context.map) return 'no map';
    const batch = await context.map('probe-map', [1, 2, 3], async (child, item) => child.step('double', async () => item * 2));
    return batch.getResults();
  }, '[2,4,6]');
  if (mapWorks) features.add('map');
  const parallelWorks = await tryProbe(async (_event, context) => {
    if (!context.parallel) return 'no parallel';
    const batch = await context.parallel('probe-parallel', [
      async (child) => child.step('a', async () => 'a'),
      async (child) => {
        await child.wait('pause', { seconds: 1 });
        return 'b';
      },
    ]);
    return batch.getResults();
  }, '["a","b"]');
  if (parallelWorks) features.add('parallel');
  // Pipelined checkpoints show in the traffic: with some latency, 5 sequential steps that are not
  // awaited one by one need fewer than 5 calls. An SDK that ignores the option makes 5.
  try {
    const pipelined = await probeExecution(withDurable, sequentialStepsHandler(5), String(sequentialSum(5)), {
      config: pipelinedConfig,
      latencyMs: 2,
    });
    if (pipelined.succeeded && pipelined.service.counts.checkpointCalls < 5) features.add('pipelined');
  } catch {
    // An SDK that rejects the option has no pipelined mode.
  }
  return features;
};

/** The official SDK 2.4 as installed. */
export const createOfficialAdapter = async (): Promise<SdkAdapter> => {
  const withDurable = ((handler, config) =>
    officialWithDurableExecution(handler as never, config as never) as unknown as InvokeHandler) satisfies WithDurableExecution;
  const features = await probeFeatures(withDurable);
  return {
    name: 'official',
    unavailable: undefined,
    features,
    importSpecifier: '@aws/durable-execution-sdk-js',
    wrap: (handler, client) => withDurable(handler, { durableExecutionClient: client }),
  };
};

/** Path of our package entry (sources; tsx and esbuild read TypeScript). */
export const oursEntry = fileURLToPath(new URL('../src/index.ts', import.meta.url));

/** Our SDK from the sources (`load` picks the module, src/index.ts by default), with whatever it implements today. */
export const createOursAdapter = async (
  load: () => Promise<Record<string, unknown>> = () => import('../src/index.js'),
): Promise<SdkAdapter> => {
  const unavailable = (reason: string): SdkAdapter => ({
    name: 'ours',
    unavailable: reason,
    features: new Set(),
    importSpecifier: oursEntry,
    wrap: () => {
      throw new Error(reason);
    },
  });
  let module: Record<string, unknown>;
  try {
    module = await load();
  } catch (error) {
    return unavailable(`src/index.ts does not load: ${(error as Error).message}`);
  }
  const exported = module['withDurableExecution'];
  if (typeof exported !== 'function') return unavailable('src/index.ts exports no withDurableExecution yet');
  const withDurable = exported as WithDurableExecution;
  let features: Set<Feature>;
  try {
    features = await probeFeatures(withDurable);
  } catch (error) {
    return unavailable(`probe execution failed: ${(error as Error).message}`);
  }
  if (!features.has('step')) return unavailable('probe execution recorded no step');
  return {
    name: 'ours',
    unavailable: undefined,
    features,
    importSpecifier: oursEntry,
    wrap: (handler, client, options) =>
      withDurable(handler, { durableExecutionClient: client, ...(options?.pipelined ? pipelinedConfig : {}) }),
  };
};
