/**
 * Handler bodies written once and wrapped by both SDKs, so the official test runner can compare
 * what each produces. The context is typed loosely because it comes from either SDK.
 */
import { withDurableExecution as officialWith } from '@aws/durable-execution-sdk-js';
import { withDurableExecution as ourWith } from '../../src/handler.js';

/** Minimal shape both SDKs' contexts share for these scenarios. */
export interface AnyContext {
  step(name: string, fn: (ctx: { attempt: number }) => Promise<unknown>, config?: unknown): PromiseLike<unknown>;
  wait(name: string, duration: { seconds: number }): PromiseLike<void>;
  wait(duration: { seconds: number }): PromiseLike<void>;
  runInChildContext(name: string, fn: (ctx: AnyContext) => Promise<unknown>, config?: unknown): PromiseLike<unknown>;
  createCallback(name: string, config?: unknown): PromiseLike<[PromiseLike<unknown>, string]>;
  waitForCondition(name: string, check: (state: any, ctx: { attempt: number }) => Promise<unknown>, config: unknown): PromiseLike<unknown>;
  invoke(name: string, functionId: string, input?: unknown): PromiseLike<unknown>;
  map(name: string | undefined, items: unknown[], fn: (ctx: AnyContext, item: any, index: number) => Promise<unknown>, config?: unknown): PromiseLike<any>;
  parallel(name: string | undefined, branches: unknown[], config?: unknown): PromiseLike<any>;
}

export type ScenarioBody = (event: any, ctx: AnyContext) => Promise<unknown>;

/** The same body wrapped by our SDK and by the official one. */
export function bothHandlers(body: ScenarioBody): { ours: any; official: any } {
  return {
    ours: ourWith(body as never),
    official: officialWith(body as never),
  };
}
