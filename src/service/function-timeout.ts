/**
 * Lambda's function timeout on the local service: an invocation still running at its deadline
 * is ended as Lambda ends it. Worker and process invokers terminate their runtime themselves;
 * for every invoker the service stops waiting here and answers `Sandbox.Timedout`, and the
 * caller revokes the invocation's checkpoint token so whatever it sends later is refused.
 */
import type { InvocationOutcome } from './invokers/invoker.js';
import { invalidParameter } from './service-errors.js';

/** A registration's function timeout in seconds (the service default when absent); refuses a bad value. */
export const functionTimeoutSecondsOf = (seconds: number | undefined, defaultMs: number): number => {
  if (seconds === undefined) return defaultMs / 1000;
  if (!(Number.isFinite(seconds) && seconds > 0 && seconds <= 86_400)) {
    throw invalidParameter(`functionTimeoutSeconds must be a number of seconds above 0 (Lambda allows up to 900); got ${String(seconds)}.`);
  }
  return seconds;
};

/** The error Lambda reports for an invocation that ran past its function timeout. */
export const timedOutError = (requestId: string, timeoutMs: number): InvocationOutcome & { kind: 'crashed' } => ({
  kind: 'crashed',
  error: { ErrorType: 'Sandbox.Timedout', ErrorMessage: `RequestId: ${requestId} Error: Task timed out after ${(timeoutMs / 1000).toFixed(2)} seconds` },
});

/**
 * Resolves with the invoker's outcome, or with a timed-out outcome at `deadline` (epoch ms,
 * real time); `onTimeout` runs before that outcome is returned.
 *
 * @example
 * const outcome = await withFunctionTimeout(invoker(request), { deadline, timeoutMs, requestId, onTimeout: () => revokeToken() });
 */
export const withFunctionTimeout = (
  running: Promise<InvocationOutcome>,
  options: { deadline: number; timeoutMs: number; requestId: string; onTimeout: () => void },
): Promise<InvocationOutcome> =>
  new Promise((resolve) => {
    let done = false;
    const timer = setTimeout(() => {
      if (done) return;
      done = true;
      options.onTimeout();
      resolve(timedOutError(options.requestId, options.timeoutMs));
    }, Math.min(Math.max(0, options.deadline - Date.now()), 2 ** 31 - 1));
    void running.then((outcome) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(outcome);
    });
  });
