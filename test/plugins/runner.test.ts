/**
 * PluginRunner semantics: notifications reach every plugin concurrently and are awaited until
 * all settle; wrap hooks nest (first plugin outermost) and the caller always gets the wrapped
 * function's own outcome; nothing is built or awaited without plugins.
 */
import { describe, expect, it } from 'vitest';
import { PluginRunner } from '../../src/plugins/runner.js';
import type { DurableInstrumentationPlugin, OperationInfo } from '../../src/plugins/types.js';

const info = (): OperationInfo => ({ id: 'x', type: 'STEP', isReplay: false });

describe('PluginRunner', () => {
  it('without plugins: notify returns undefined (one microtask when awaited), wrap calls fn directly', () => {
    const runner = new PluginRunner([]);
    let built = false;
    expect(runner.notify('onOperationStart', () => ((built = true), info()))).toBeUndefined();
    expect(runner.wrap('wrapOperationAttemptFn', () => ({ ...info(), attempt: 1 }), () => 42)).toBe(42);
    expect(built).toBe(false);
    expect(runner.enrichLogContext()).toEqual({});
  });

  it('notify calls every plugin at once and settles only when the slowest has', async () => {
    const events: string[] = [];
    let release!: () => void;
    const slow = new Promise<void>((resolve) => (release = resolve));
    const runner = new PluginRunner([
      { onOperationStart: async () => void events.push('a') },
      {
        onOperationStart: async () => {
          events.push('b');
          await slow;
          events.push('b done');
        },
      },
      {
        onOperationStart: () => {
          events.push('c');
          throw new Error('c broke');
        },
      },
      { onOperationStart: async () => Promise.reject(new Error('d rejected')) },
      {},
    ]);
    const settled = runner.notify('onOperationStart', info);
    let done = false;
    void settled?.then(() => (done = true));
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(events).toEqual(['a', 'b', 'c']);
    expect(done).toBe(false);
    release();
    await settled;
    expect(done).toBe(true);
    expect(events).toEqual(['a', 'b', 'c', 'b done']);
  });

  it('wrap nests with the first plugin outermost and passes the same info to each', async () => {
    const events: string[] = [];
    const seen: unknown[] = [];
    const layer = (name: string): DurableInstrumentationPlugin => ({
      wrapOperationAttemptFn: async (i, fn) => {
        seen.push(i);
        events.push(`${name} in`);
        const result = await fn();
        events.push(`${name} out`);
        return result;
      },
    });
    const runner = new PluginRunner([layer('outer'), layer('inner')]);
    const result = await runner.wrap('wrapOperationAttemptFn', () => ({ ...info(), attempt: 2 }), async () => {
      events.push('fn');
      return 'value';
    });
    expect(result).toBe('value');
    expect(events).toEqual(['outer in', 'inner in', 'fn', 'inner out', 'outer out']);
    expect(seen[0]).toBe(seen[1]);
    expect(seen[0]).toMatchObject({ attempt: 2 });
  });

  it('wrap: the customer error wins over a plugin that swallowed it (sync and async), and fn runs once', async () => {
    let calls = 0;
    const swallowing = new PluginRunner([
      {
        wrapOperationAttemptFn: (_i, fn) => {
          try {
            fn();
            return fn();
          } catch {
            return 'swallowed';
          }
        },
      },
    ]);
    expect(() =>
      swallowing.wrap('wrapOperationAttemptFn', () => ({ ...info(), attempt: 1 }), () => {
        calls += 1;
        throw new TypeError('sync customer error');
      }),
    ).toThrow('sync customer error');
    expect(calls).toBe(1);
    const asyncSwallowing = new PluginRunner([
      { wrapChildContextFn: async (_i, fn) => Promise.resolve(fn()).catch(() => 'swallowed') },
    ]);
    await expect(
      asyncSwallowing.wrap('wrapChildContextFn', info, async () => {
        throw new RangeError('async customer error');
      }),
    ).rejects.toThrow('async customer error');
  });

  it('a failing info builder skips the hooks, never the work', async () => {
    const called: string[] = [];
    const runner = new PluginRunner([
      { onOperationEnd: async () => void called.push('end'), wrapOperationAttemptFn: (_i, fn) => (called.push('wrap'), fn()) },
    ]);
    const broken = (): never => {
      throw new Error('builder bug');
    };
    expect(runner.notify('onOperationEnd', broken)).toBeUndefined();
    expect(runner.wrap('wrapOperationAttemptFn', broken, () => 7)).toBe(7);
    expect(called).toEqual([]);
  });

  it('enrichLogContext merges in plugin order, skipping throwing and empty enrichers', () => {
    const runner = new PluginRunner([
      { enrichLogContext: () => ({ a: 1, shared: 'first' }) },
      {
        enrichLogContext: () => {
          throw new Error('broken');
        },
      },
      { enrichLogContext: () => undefined },
      { enrichLogContext: () => ({ b: true, shared: 'last' }) },
    ]);
    expect(runner.enrichLogContext()).toEqual({ a: 1, b: true, shared: 'last' });
  });
});
