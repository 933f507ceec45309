/**
 * Dispatches hooks to the configured plugins. `on*` hooks run on every plugin concurrently and
 * are awaited until all settle; `wrap*` hooks nest, first plugin outermost. A plugin can never
 * change what the execution does: its errors are swallowed, and an error of the customer's
 * function is re-thrown even when a plugin caught it.
 */
import type { DurableInstrumentationPlugin } from './types.js';

/** Hooks awaited as notifications. */
export type NotifyHook =
  | 'onInvocationStart'
  | 'onInvocationEnd'
  | 'onOperationStart'
  | 'onOperationEnd'
  | 'onOperationAttemptStart'
  | 'onOperationAttemptEnd'
  | 'onOperationChange';

/** Hooks that wrap a function. */
export type WrapHook = 'wrapInvocation' | 'wrapOperationAttemptFn' | 'wrapChildContextFn';

type InfoOf<H extends NotifyHook | WrapHook> = Parameters<NonNullable<DurableInstrumentationPlugin[H]>>[0];

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && (typeof value === 'object' || typeof value === 'function') && typeof (value as { then?: unknown }).then === 'function';
}

/** The plugins of one wrapped handler. */
export class PluginRunner {
  constructor(readonly plugins: readonly DurableInstrumentationPlugin[]) {}

  /** True when at least one plugin is configured. */
  get active(): boolean {
    return this.plugins.length > 0;
  }

  /**
   * Calls `hook` on every plugin. Returns `undefined` without plugins, so call sites do
   * `await runner.notify(...)` and take exactly one microtask turn then (the official SDK's
   * timing); otherwise a promise that settles when every plugin's hook has settled.
   * `info` is built lazily so nothing is computed without plugins.
   */
  notify<H extends NotifyHook>(hook: H, info: () => InfoOf<H>): Promise<void> | undefined {
    if (!this.active) return undefined;
    const value = info();
    const settle = async (): Promise<void> => {
      await Promise.allSettled(
        this.plugins.map(async (plugin) => {
          const method = plugin[hook] as ((info: unknown) => unknown) | undefined;
          const result = method?.call(plugin, value);
          if (isThenable(result)) await result;
        }),
      );
    };
    return settle();
  }

  /**
   * Runs `fn` inside every plugin's `hook` (first plugin outermost). `fn` runs at most once;
   * a plugin that throws before calling `next` is skipped; a plugin that never calls it gets it
   * called anyway; whatever a plugin does, `fn`'s own error (sync or async) is what the caller sees.
   */
  wrap<H extends WrapHook, R>(hook: H, info: () => InfoOf<H>, fn: () => R): R {
    if (!this.active) return fn();
    const value = info();
    let called = false;
    let outcome: unknown;
    let fnError: { error: unknown } | undefined;
    const guarded = (): unknown => {
      if (called) return outcome;
      called = true;
      try {
        const result = fn();
        outcome = isThenable(result)
          ? Promise.resolve(result).catch((error: unknown) => {
              fnError = { error };
              throw error;
            })
          : result;
      } catch (error) {
        fnError = { error };
        throw error;
      }
      return outcome;
    };
    const chain = this.plugins.reduceRight<() => unknown>((next, plugin) => {
      return () => {
        const method = plugin[hook] as ((info: unknown, fn: () => unknown) => unknown) | undefined;
        if (!method) return next();
        try {
          return method.call(plugin, value, next);
        } catch {
          if (fnError) throw fnError.error;
          return next();
        }
      };
    }, guarded);
    let result: unknown;
    try {
      result = chain();
    } catch {
      if (fnError) throw fnError.error;
      result = guarded();
    }
    if (isThenable(result)) {
      return Promise.resolve(result).then(
        (resolved) => {
          if (fnError) throw fnError.error;
          return called ? resolved : guarded();
        },
        () => {
          if (fnError) throw fnError.error;
          // A plugin failed asynchronously around a function that ran fine (or never ran).
          return called ? outcome : guarded();
        },
      ) as R;
    }
    if (fnError) throw fnError.error;
    if (!called) return guarded() as R;
    // A plugin that dropped the function's promise must not lose its result or its error.
    if (isThenable(outcome)) return outcome as R;
    return result as R;
  }

  /** Fields of every plugin's `enrichLogContext`, later plugins winning; throwing ones ignored. */
  enrichLogContext(): Record<string, string | number | boolean> {
    const fields: Record<string, string | number | boolean> = {};
    for (const plugin of this.plugins) {
      try {
        Object.assign(fields, plugin.enrichLogContext?.());
      } catch {
        // An enricher must never break logging.
      }
    }
    return fields;
  }
}

/** The runner used when no plugins are configured. */
export const NO_PLUGINS = new PluginRunner([]);
