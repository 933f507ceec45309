/**
 * SDK adapters: one shape for both SDKs so every scenario runs the same handler against each.
 *
 * Both receive the in-memory service through `config.durableExecutionClient` (the official SDK
 * 2.4 accepts it; ours takes the same option). Ours is loaded from `src/index.ts` at run time, so
 * the bench still runs while parts of our engine are missing: {@link SdkAdapter.unavailable} and
 * {@link SdkAdapter.features} tell a scenario what it can run, and it reports `n/a` otherwise.
 */
import { fileURLToPath } from 'node:url';
import { withDurableExecution as officialWithDurableExecution } from '@aws/durable-execution-sdk-js';
import type { DurableExecutionInvocationInput, DurableExecutionInvocationOutput } from '../src/protocol.js';
import { MemoryCheckpointService } from './memory-client.js';
import { benchLambdaContext } from './driver.js';

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

type WithDurableExecution = (handler: BenchHandler, config: Record<string, unknown>) => InvokeHandler;

/** Runs a tiny execution (one step, one child context, one wait) and lists what the context offers. */
const probeFeatures = async (withDurable: WithDurableExecution): Promise<Set<Feature>> => {
  const features = new Set<Feature>();
  const offered: string[] = [];
  const service = new MemoryCheckpointService({ input: {} });
  const handler = withDurable(
    async (_event, context) => {
      for (const name of ['map', 'parallel'] as const) if (typeof context[name] === 'function') offered.push(name);
      const one = await context.step('probe-step', async () => 1);
      const two = await context.runInChildContext('probe-child', async (child) => child.step('inner', async () => 2));
      await context.wait('probe-wait', { seconds: 1 });
      return one + two;
    },
    { durableExecutionClient: service },
  );
  const first = await handler(service.invocationEvent(), benchLambdaContext());
  const stepRecorded = service.allOperations().some((operation) => operation.Name === 'probe-step' && operation.Status === 'SUCCEEDED');
  if (stepRecorded) features.add('step');
  if (service.allOperations().some((operation) => operation.Name === 'probe-child' && operation.Status === 'SUCCEEDED')) {
    features.add('runInChildContext');
  }
  if (first.Status === 'PENDING') {
    service.advanceClock(2_000);
    const second = await handler(service.invocationEvent(), benchLambdaContext());
    if (second.Status === 'SUCCEEDED' && second.Result === '3') features.add('wait');
  }
  for (const name of offered) features.add(name as Feature);
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

/** Our SDK from the sources, with whatever it implements today. */
export const createOursAdapter = async (): Promise<SdkAdapter> => {
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
    module = await import('../src/index.js');
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
      withDurable(handler, { durableExecutionClient: client, ...(options?.pipelined ? { pipelinedCheckpoints: true } : {}) }),
  };
};
