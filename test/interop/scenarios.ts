/**
 * Handler bodies written once and wrapped by both SDKs, so the official test runner can compare
 * what each produces. The context is typed loosely because it comes from either SDK.
 */
import { withDurableExecution as officialWith, withRetry as officialWithRetry } from '@aws/durable-execution-sdk-js';
import { withDurableExecution as ourWith } from '../../src/handler.js';
import { withRetry as ourWithRetry } from '../../src/operations/with-retry.js';

/** Minimal shape both SDKs' contexts share for these scenarios. */
export interface AnyContext {
  step(name: string, fn: (ctx: { attempt: number }) => Promise<unknown>, config?: unknown): PromiseLike<unknown>;
  wait(name: string, duration: { seconds: number }): PromiseLike<void>;
  wait(duration: { seconds: number }): PromiseLike<void>;
  runInChildContext(name: string, fn: (ctx: AnyContext) => Promise<unknown>, config?: unknown): PromiseLike<unknown>;
  createCallback(name: string, config?: unknown): PromiseLike<[PromiseLike<unknown>, string]>;
  waitForCondition(name: string, check: (state: any, ctx: { attempt: number }) => Promise<unknown>, config: unknown): PromiseLike<unknown>;
  invoke(name: string, functionId: string, input?: unknown): PromiseLike<unknown>;
  waitForCallback(name: string | undefined, submitter: (callbackId: string, ctx: { logger: unknown }) => Promise<void>, config?: unknown): PromiseLike<unknown>;
  promise: Record<'all' | 'allSettled' | 'any' | 'race', (nameOrPromises: any, promises?: PromiseLike<unknown>[]) => PromiseLike<any>>;
}

/** `withRetry` of either SDK, typed loosely like {@link AnyContext}. */
export type AnyWithRetry = (context: AnyContext, ...rest: unknown[]) => Promise<unknown>;

export type ScenarioBody = (event: any, ctx: AnyContext, withRetry: AnyWithRetry) => Promise<unknown>;

/** The same body wrapped by our SDK and by the official one (each with its own `withRetry`). */
export function bothHandlers(body: ScenarioBody): { ours: any; official: any } {
  return {
    ours: ourWith(((event: unknown, ctx: AnyContext) => body(event, ctx, ourWithRetry as never)) as never),
    official: officialWith(((event: unknown, ctx: AnyContext) => body(event, ctx, officialWithRetry as never)) as never),
  };
}
