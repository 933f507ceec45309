/**
 * The clock of a service that starts again on kept data: service time goes on from the last
 * write plus the (scaled) time the service was down, so a wait that fell due meanwhile fires at
 * start and no timestamp ever goes backwards.
 */
import { createClock, VirtualClock, type ClockMode, type ServiceClock } from '../clock.js';
import type { StoredClock } from './execution-store.js';

/** Options of {@link resumedClock}. */
export interface ResumedClockOptions {
  mode: ClockMode;
  /** Speed-up in real-time mode (as `createClock`). */
  timeScale?: number;
  /** The clock of the store's last write; none for a new data directory. */
  stored?: StoredClock | undefined;
}

/**
 * A clock for a service restarted on a store.
 *
 * @example
 * const store = await openSqliteStore({ dataDir: '.durable-lambda/serve' });
 * const clock = resumedClock({ mode: 'virtual', stored: store.loadClock() });
 */
export const resumedClock = (options: ResumedClockOptions): ServiceClock => {
  const base = createClock(options.mode, options.timeScale);
  const stored = options.stored;
  if (!stored) return base;
  const downMs = Math.max(0, Date.now() - stored.wallTime);
  if (base instanceof VirtualClock) {
    // Virtual time is real time plus every skipped interval: skip to where it had got to.
    void base.waitUntil(stored.serviceTime + downMs);
    return base;
  }
  const scale = options.timeScale ?? Number(process.env.DURABLE_EXECUTIONS_TIME_SCALE ?? 1);
  const offset = stored.serviceTime + downMs * scale - base.now();
  if (!(offset > 0)) return base;
  return {
    now: () => base.now() + offset,
    waitUntil: (epochMs, signal) => base.waitUntil(epochMs - offset, signal),
  };
};
