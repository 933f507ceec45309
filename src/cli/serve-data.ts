/**
 * Where `durable-lambda serve` keeps its executions: an SQLite file in `--data-dir` (default
 * `.durable-lambda/serve`), or nothing with `--in-memory`. The store and the SQLite engine are
 * loaded only when a data directory is used.
 */
import { relative } from 'node:path';
import { createClock, type ClockMode, type ServiceClock } from '../service/clock.js';
import type { RestoreReport } from '../service/service.js';
import type { ExecutionStore } from '../service/store/execution-store.js';
import { CliUsageError } from './command.js';

/** Default data directory, relative to the working directory (git-ignored in this repository). */
export const DEFAULT_DATA_DIR = '.durable-lambda/serve';

/** What serve runs on. */
export interface ServeData {
  store?: ExecutionStore;
  clock: ServiceClock;
  /** One line saying where the data lives and what came back. */
  describe(report: RestoreReport): string;
}

/** Options of {@link openServeData}. */
export interface ServeDataOptions {
  dataDir: string | undefined;
  inMemory: boolean;
  mode: ClockMode;
  timeScale?: number;
}

const summary = (report: RestoreReport): string => {
  const { finished, interrupted, invoked, waiting } = report.counts;
  const total = finished + interrupted + invoked + waiting;
  if (total === 0) return 'no executions kept yet';
  const parts = [`${total} execution${total === 1 ? '' : 's'} kept`, `${finished} finished`, `${waiting} waiting`];
  if (invoked > 0) parts.push(`${invoked} due an invocation`);
  if (interrupted > 0) parts.push(`${interrupted} interrupted invocation${interrupted === 1 ? '' : 's'} retried`);
  const missing = report.unregisteredFunctions.length > 0 ? `; not registered now: ${report.unregisteredFunctions.join(', ')}` : '';
  return parts.join(', ') + missing;
};

/**
 * Opens serve's store (or none) and the clock that goes on from it.
 *
 * @example
 * const data = await openServeData({ dataDir: undefined, inMemory: false, mode: 'virtual' });
 * const service = new DurableExecutionService({ clock: data.clock, ...(data.store ? { store: data.store } : {}) });
 */
export const openServeData = async (options: ServeDataOptions): Promise<ServeData> => {
  const timeScale = options.timeScale !== undefined ? { timeScale: options.timeScale } : {};
  if (options.inMemory) {
    if (options.dataDir !== undefined) throw new CliUsageError('serve: --in-memory and --data-dir exclude each other');
    return { clock: createClock(options.mode, options.timeScale), describe: () => 'data: in memory (--in-memory): nothing is kept when serve stops' };
  }
  const dataDir = options.dataDir ?? DEFAULT_DATA_DIR;
  if (dataDir === '') throw new CliUsageError('serve: --data-dir must name a directory');
  const { openSqliteStore } = await import('../service/store/sqlite-store.js');
  const { resumedClock } = await import('../service/store/resumed-clock.js');
  const store = await openSqliteStore({ dataDir });
  const clock = resumedClock({ mode: options.mode, ...timeScale, stored: store.loadClock() });
  const inside = relative(process.cwd(), store.path);
  const shown = inside === '' || inside.startsWith('..') ? store.path : inside;
  return { store, clock, describe: (report) => `data: ${shown} (SQLite via ${store.engine}): ${summary(report)}` };
};
