/**
 * Timing helpers: warm-up, repeats, median, and a gc between runs when node runs with --expose-gc.
 * Heap: bytes allocated during a run, from v8's GC profiler.
 */
import { GCProfiler, getHeapStatistics } from 'node:v8';

/** Summary of repeated measurements of one figure. */
export interface Sample {
  median: number;
  min: number;
  max: number;
  values: number[];
}

/** Options of {@link measure}. */
export interface MeasureOptions {
  /** Untimed runs first, so both SDKs are measured with warm JIT and caches. */
  warmup: number;
  repeats: number;
  /** One run; returns the measured value (e.g. milliseconds). */
  run: () => Promise<number>;
}

/** Current time in nanoseconds (monotonic). */
export const nowNs = (): bigint => process.hrtime.bigint();

/** Milliseconds elapsed since `start` (from {@link nowNs}). */
export const elapsedMs = (start: bigint): number => Number(nowNs() - start) / 1e6;

/** Runs a full collection when exposed (`node --expose-gc`); a no-op otherwise. */
export const collectGarbage = (): void => {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (typeof gc === 'function') gc();
};

/** True when {@link collectGarbage} really collects. */
export const gcExposed = (): boolean => typeof (globalThis as { gc?: unknown }).gc === 'function';

/** Median of a non-empty list (mean of the two middle values for an even count). */
export const median = (values: readonly number[]): number => {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] as number;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] as number) + upper) / 2;
};

/** Summarises measured values. */
export const summarise = (values: readonly number[]): Sample => ({
  median: median(values),
  min: Math.min(...values),
  max: Math.max(...values),
  values: [...values],
});

/** Warms up, then repeats `run` with a gc before each run, and summarises the values. */
export const measure = async (options: MeasureOptions): Promise<Sample> => {
  for (let index = 0; index < options.warmup; index += 1) {
    collectGarbage();
    await options.run();
  }
  const values: number[] = [];
  for (let index = 0; index < options.repeats; index += 1) {
    collectGarbage();
    values.push(await options.run());
  }
  return summarise(values);
};

/**
 * Bytes allocated on the JS heap while `work` runs: the growth of the used heap plus everything
 * the collections in between freed (from v8's GC profiler). Unlike a plain before/after delta it
 * does not depend on whether a scavenge happened to run just before the end.
 */
export const measureAllocation = async <T>(work: () => Promise<T>): Promise<{ result: T; allocatedBytes: number }> => {
  const profiler = new GCProfiler();
  const before = getHeapStatistics().used_heap_size;
  profiler.start();
  const result = await work();
  const after = getHeapStatistics().used_heap_size;
  const freed = (profiler.stop()?.statistics ?? []).reduce(
    (sum, collection) => sum + Math.max(0, collection.beforeGC.heapStatistics.usedHeapSize - collection.afterGC.heapStatistics.usedHeapSize),
    0,
  );
  return { result, allocatedBytes: after - before + freed };
};
