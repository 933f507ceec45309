/**
 * The SDK's own diagnostic output, off unless `DURABLE_VERBOSE_MODE=true`.
 */
import { format } from 'node:util';

/**
 * Name of the environment variable that turns on the SDK's internal debug output.
 *
 * @example
 * ```ts
 * process.env[DURABLE_VERBOSE_MODE] = 'true';
 * refreshLogConfig();
 * ```
 */
export const DURABLE_VERBOSE_MODE = 'DURABLE_VERBOSE_MODE';

// Cached: the flag is read on hot paths (checkpoint batching) where it is almost always off.
let verbose = process.env[DURABLE_VERBOSE_MODE] === 'true';

/**
 * Re-reads `DURABLE_VERBOSE_MODE` (it is cached at load), e.g. after a CLI enables it.
 *
 * @example
 * ```ts
 * process.env.DURABLE_VERBOSE_MODE = 'true';
 * refreshLogConfig();
 * ```
 */
export function refreshLogConfig(): void {
  verbose = process.env[DURABLE_VERBOSE_MODE] === 'true';
}

/**
 * Whether internal debug output is on.
 *
 * @example
 * ```ts
 * if (isVerboseMode()) dumpState();
 * ```
 */
export function isVerboseMode(): boolean {
  return verbose;
}

/**
 * Writes an internal debug line to `console.debug` when verbose mode is on. `data` may be a
 * thunk, evaluated only when the line is written, so hot call sites cost nothing when off.
 *
 * @example
 * ```ts
 * verboseLog('checkpoint batch sent', () => ({ updates: batch.length }));
 * ```
 */
export function verboseLog(message: string, data?: unknown): void {
  if (!verbose) return;
  const resolved: unknown = typeof data === 'function' ? (data as () => unknown)() : data;
  if (resolved === undefined) {
    console.debug(message);
    return;
  }
  let rendered: string;
  try {
    rendered = JSON.stringify(resolved) ?? format('%o', resolved);
  } catch {
    rendered = format('%o', resolved); // circular or BigInt: still show something
  }
  console.debug(`${message} ${rendered}`);
}
