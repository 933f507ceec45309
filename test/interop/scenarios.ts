/**
 * Handler bodies written once and wrapped by both SDKs, so the official test runner can compare
 * what each produces. The context is typed loosely because it comes from either SDK.
 */
import * as official from '@aws/durable-execution-sdk-js';
import { withDurableExecution as ourWith } from '../../src/handler.js';
import type { DurableLambdaHandler } from '../../src/types.js';
import { withRetry as ourWithRetry } from '../../src/operations/with-retry.js';
import { createFileSystemSerdes as ourFileSystemSerdes } from '../../src/serdes/filesystem-serdes.js';
import { buildPreview as ourBuildPreview } from '../../src/serdes/preview.js';

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
  waitForCallback(name: string | undefined, submitter: (callbackId: string, ctx: { logger: unknown }) => Promise<void>, config?: unknown): PromiseLike<unknown>;
  promise: Record<'all' | 'allSettled' | 'any' | 'race', (nameOrPromises: any, promises?: PromiseLike<unknown>[]) => PromiseLike<any>>;
}

/** Root functions of either SDK a scenario may need, typed loosely like {@link AnyContext}. */
export interface ScenarioSdk {
  withRetry: (context: AnyContext, ...rest: unknown[]) => Promise<unknown>;
  createFileSystemSerdes: (basePath: string, config?: { storageMode?: 'ALWAYS' | 'OVERFLOW'; pathEncoding?: 'URI' | 'HASH'; generatePreview?: (value: unknown) => unknown }) => unknown;
  buildPreview: (value: unknown, config: { mode: 'INCLUDE_ALL' | 'EXCLUDE_ALL'; include?: { name: string }[]; mask?: { name: string }[] }) => Record<string, unknown> | undefined;
}

const OUR_SDK = { withRetry: ourWithRetry, createFileSystemSerdes: ourFileSystemSerdes, buildPreview: ourBuildPreview } as unknown as ScenarioSdk;
const OFFICIAL_SDK = { withRetry: official.withRetry, createFileSystemSerdes: official.createFileSystemSerdes, buildPreview: official.buildPreview } as unknown as ScenarioSdk;

export type ScenarioBody = (event: any, ctx: AnyContext, sdk: ScenarioSdk) => Promise<unknown>;

/** The same body wrapped by our SDK and by the official one (each with its own root functions). */
// Typed as each SDK types its handler: the official runner takes ours without a cast (issue 13).
export function bothHandlers(body: ScenarioBody): { ours: DurableLambdaHandler; official: official.DurableLambdaHandler } {
  return {
    ours: ourWith(((event: unknown, ctx: AnyContext) => body(event, ctx, OUR_SDK)) as never),
    official: official.withDurableExecution(((event: unknown, ctx: AnyContext) => body(event, ctx, OFFICIAL_SDK)) as never),
  };
}
