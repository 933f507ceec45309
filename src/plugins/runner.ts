/**
 * Dispatches hooks to the configured plugins. `on*` hooks run on every plugin concurrently and
 * are awaited until all settle; `wrap*` hooks nest, first plugin outermost. A plugin can never
 * change what the execution does: its errors are swallowed, and a wrapped call always yields the
 * customer function's own value or error (re-thrown even when a plugin caught it).
 */
import type { DurableInstrumentationPlugin, OperationInfo } from './types.js';

/** Hooks awaited as notifications. */
export type NotifyHook =
  | 'onInvocationStart'
  | 'onInvocationEnd'
  | 'onOperationStart'
  | 'onOperationEnd'
  | 'onOperationAttemptStart'
  | 'onOperationAttemptEnd'
  | 'onOperationChange'
  | 'onCheckpoint';

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
    const value = safely(info);
    if (value === undefined) return undefined;
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
   * Runs `fn` inside every plugin's `hook` (first plugin outermost). Each level's `next` runs at
   * most once; a plugin that throws, rejects, never calls `next` or drops its promise is
   * bypassed (the rest of the chain still runs). The caller always gets `fn`'s own outcome, its
   * value or its error (sync or async), even when a plugin swallowed or replaced it.
   */
  wrap<H extends WrapHook, R>(hook: H, info: () => InfoOf<H>, fn: () => R): R {
    if (!this.active) return fn();
    const value = safely(info);
    if (value === undefined) return fn();
    const guarded = once(fn);
    const chain = this.plugins.reduceRight<() => unknown>((inner, plugin) => {
      const method = plugin[hook] as ((info: unknown, fn: () => unknown) => unknown) | undefined;
      return method ? () => runLevel(method.bind(plugin), value, once(inner)) : inner;
    }, guarded);
    return chain() as R;
  }

  /** Fields of every plugin's `invokeCarrier` (later plugins winning), or undefined when none. */
  invokeCarrier(info: () => OperationInfo): Record<string, string> | undefined {
    if (!this.active || !this.plugins.some((plugin) => typeof plugin.invokeCarrier === 'function')) return undefined;
    const value = safely(info);
    if (value === undefined) return undefined;
    let fields: Record<string, string> | undefined;
    for (const plugin of this.plugins) {
      const more = safely(() => plugin.invokeCarrier?.(value));
      if (!more) continue;
      for (const [key, field] of Object.entries(more)) if (typeof field === 'string') (fields ??= {})[key] = field;
    }
    return fields;
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

/** The info object, or undefined if building it failed (then the hook is skipped, the execution goes on). */
function safely<T>(build: () => T): T | undefined {
  try {
    return build();
  } catch {
    return undefined;
  }
}

/** `fn` made callable many times: later calls repeat the first outcome (value or throw). */
function once(fn: () => unknown): () => unknown {
  let done: { value: unknown } | { error: unknown } | undefined;
  return () => {
    if (!done) {
      try {
        done = { value: fn() };
      } catch (error) {
        done = { error };
      }
    }
    if ('error' in done) throw done.error;
    return done.value;
  };
}

/**
 * One plugin's wrap hook around `next`. Once the plugin has settled, the answer is the outcome
 * of `next` (called now if the plugin never did): a plugin observes the call but cannot change
 * its result or hide its error, and its own failures are ignored.
 */
function runLevel(method: (info: unknown, fn: () => unknown) => unknown, info: unknown, next: () => unknown): unknown {
  let result: unknown;
  try {
    result = method(info, next);
  } catch {
    return next();
  }
  if (!isThenable(result)) return next();
  return Promise.resolve(result).then(next, next);
}

/** The runner used when no plugins are configured. */
export const NO_PLUGINS = new PluginRunner([]);
