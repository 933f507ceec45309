/**
 * `withRetry` (§5.7.10): retries a block of durable code as a unit. Each failed attempt asks
 * the retry strategy; retries wait durably (`ctx.wait`, named `<name>-backoff-<attempt>`), so
 * the function suspends between attempts instead of sleeping.
 */
import type { Duration } from '../retry/duration.js';
import type { RetryDecision } from '../retry/retry-strategy.js';
import type { ChildConfig, DurableContext } from '../types.js';

/**
 * Options of {@link withRetry}.
 *
 * @example
 * ```ts
 * const config: WithRetryConfig<string> = {
 *   retryStrategy: createRetryStrategy({ maxAttempts: 3, initialDelay: { seconds: 2 } }),
 *   childContextConfig: { errorMapper: (e) => e },
 * };
 * ```
 */
export interface WithRetryConfig<T> {
  /** Decides after each failed attempt (1-based) whether to retry and after which delay (default 1 s). */
  retryStrategy: (error: Error, attemptCount: number) => RetryDecision;
  /**
   * Run the attempts and back-off waits in one child context (default `true`). Then a final
   * failure is a `ChildContextError` with the attempt's error as `cause`; with `false` the
   * attempt's error is rethrown as it is.
   */
  wrapWithRunInChildContext?: boolean;
  /** Options of the wrapping child context (ignored when not wrapping). */
  childContextConfig?: ChildConfig<T>;
}

/**
 * One attempt of {@link withRetry}: any durable code (steps, waits, callbacks, invokes …).
 *
 * @example
 * ```ts
 * const attemptFn: RetryableFunc<string> = (ctx, attempt) => ctx.invoke(`charge-${attempt}`, paymentsArn, { orderId });
 * ```
 */
export type RetryableFunc<T> = (context: DurableContext, attempt: number) => Promise<T>;

const defaultBackoff: Duration = { seconds: 1 };

/**
 * Runs `func` until it succeeds or `retryStrategy` gives up, waiting durably between attempts.
 * Unlike a step's retries, the attempt may contain durable operations.
 *
 * @example
 * ```ts
 * const decision = await withRetry(
 *   context,
 *   'approval',
 *   (ctx, attempt) => ctx.waitForCallback(`approval-${attempt}`, sendRequest, { timeout: { hours: 24 } }),
 *   { retryStrategy: createRetryStrategy({ maxAttempts: 3, initialDelay: { seconds: 2 }, backoffRate: 2 }) },
 * );
 * ```
 */
export function withRetry<T>(context: DurableContext, name: string, func: RetryableFunc<T>, config: WithRetryConfig<T>): Promise<T>;
export function withRetry<T>(context: DurableContext, func: RetryableFunc<T>, config: WithRetryConfig<T>): Promise<T>;
export async function withRetry<T>(
  context: DurableContext,
  nameOrFunc: string | RetryableFunc<T>,
  funcOrConfig: RetryableFunc<T> | WithRetryConfig<T>,
  maybeConfig?: WithRetryConfig<T>,
): Promise<T> {
  const named = typeof nameOrFunc === 'string';
  const name = named ? nameOrFunc : undefined;
  const func = (named ? funcOrConfig : nameOrFunc) as RetryableFunc<T>;
  const config = (named ? maybeConfig : funcOrConfig) as WithRetryConfig<T> | undefined;
  if (typeof func !== 'function') throw new TypeError('withRetry: the attempt function is missing: call withRetry(context, name?, func, config).');
  if (!config || typeof config.retryStrategy !== 'function') {
    throw new TypeError('withRetry: config with a retryStrategy is required: withRetry(context, name?, func, { retryStrategy }).');
  }
  const { retryStrategy, wrapWithRunInChildContext = true, childContextConfig } = config;

  const attempts = async (ctx: DurableContext): Promise<T> => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await func(ctx, attempt);
      } catch (error) {
        const decision = retryStrategy(error as Error, attempt) as RetryDecision | undefined;
        if (!decision) throw new TypeError(`withRetry: retryStrategy returned no decision for attempt ${attempt}.`, { cause: error });
        if (!decision.shouldRetry) throw error;
        const delay = decision.delay ?? defaultBackoff;
        if (name) await ctx.wait(`${name}-backoff-${attempt}`, delay);
        else await ctx.wait(delay);
      }
    }
  };

  if (!wrapWithRunInChildContext) return attempts(context);
  return name ? context.runInChildContext(name, attempts, childContextConfig) : context.runInChildContext(attempts, childContextConfig);
}
