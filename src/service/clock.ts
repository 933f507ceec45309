/**
 * Time source of the local service. Durations (waits, retry delays, callback timeouts,
 * execution timeouts) elapse between invocations only, never inside one.
 */
export interface ServiceClock {
  /** Current service time in epoch milliseconds. */
  now(): number;
  /**
   * Lets service time reach `epochMs`. A virtual clock jumps there at once; a real-time clock
   * sleeps (scaled). Resolves early, with `false`, when `signal` aborts.
   */
  waitUntil(epochMs: number, signal?: AbortSignal): Promise<boolean>;
}

/**
 * Virtual time: real elapsed time plus every skipped interval. Timestamps therefore move
 * forward naturally during an invocation and jump between invocations, so an hour-long wait
 * costs nothing. Each service instance owns one, so parallel tests never share time.
 *
 * @example
 * const clock = new VirtualClock();
 * await clock.waitUntil(clock.now() + 3_600_000); // returns immediately
 */
export class VirtualClock implements ServiceClock {
  private skippedMs = 0;

  now(): number {
    return Date.now() + this.skippedMs;
  }

  async waitUntil(epochMs: number, signal?: AbortSignal): Promise<boolean> {
    if (signal?.aborted === true) return false;
    const ahead = epochMs - this.now();
    if (ahead > 0) this.skippedMs += ahead;
    return true;
  }
}

/**
 * Wall-clock time, optionally sped up by `scale` like `sam local`'s
 * `DURABLE_EXECUTIONS_TIME_SCALE` (2 = durations pass twice as fast).
 *
 * @example
 * const clock = new RealTimeClock(Number(process.env.DURABLE_EXECUTIONS_TIME_SCALE ?? 1));
 */
export class RealTimeClock implements ServiceClock {
  private readonly origin = Date.now();

  constructor(private readonly scale = 1) {
    if (!(scale > 0) || !Number.isFinite(scale)) {
      throw new RangeError(`Time scale must be a positive number, got ${scale}`);
    }
  }

  now(): number {
    return this.origin + (Date.now() - this.origin) * this.scale;
  }

  waitUntil(epochMs: number, signal?: AbortSignal): Promise<boolean> {
    const realDelay = Math.max(0, (epochMs - this.now()) / this.scale);
    return new Promise((resolve) => {
      if (signal?.aborted === true) {
        resolve(false);
        return;
      }
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve(true);
      }, Math.min(realDelay, 2 ** 31 - 1));
      const onAbort = (): void => {
        clearTimeout(timer);
        resolve(false);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}

/**
 * When a virtual clock may move (jump ahead, fire timers). Real time is not governed by it.
 * - `when-awaited`: only while someone awaits an execution (`waitForCompletion`, the test
 *   runner's `result()`, `waitForOperation`, `advance`, `runUntil`): test code that runs
 *   between awaits never sees time move. The test runner's rule.
 * - `when-no-callback-waits` (default): as `when-awaited`, and also whenever no callback of a
 *   running execution awaits an answer. The rule of `run` and `serve`.
 * - `always`: whenever the service is idle (`serve --advance`).
 */
export type TimeAdvancePolicy = 'when-awaited' | 'when-no-callback-waits' | 'always';

/** Which clock a service uses: `virtual` (default) or `real`, with an optional time scale. */
export type ClockMode = 'virtual' | 'real';

/**
 * Builds the clock for a mode; `real` reads `DURABLE_EXECUTIONS_TIME_SCALE` when no scale is given.
 *
 * @example
 * const service = new DurableExecutionService({ clock: createClock('real', 10) });
 */
export const createClock = (mode: ClockMode = 'virtual', scale?: number): ServiceClock => {
  if (mode === 'virtual') return new VirtualClock();
  const envScale = process.env.DURABLE_EXECUTIONS_TIME_SCALE;
  return new RealTimeClock(scale ?? (envScale === undefined ? 1 : Number(envScale)));
};
