import { describe, expect, it } from 'vitest';
import { DurablePromise, twoPhase } from '../../src/engine/durable-promise.js';

describe('DurablePromise (§5.1)', () => {
  it('runs its executor only when first awaited, once', async () => {
    let runs = 0;
    const promise = new DurablePromise(async () => {
      runs += 1;
      return 5;
    });
    expect(promise.isExecuted).toBe(false);
    expect(runs).toBe(0);
    expect(await promise).toBe(5);
    expect(await promise.then((v) => v * 2)).toBe(10);
    expect(runs).toBe(1);
    expect(promise.isExecuted).toBe(true);
    expect(Object.prototype.toString.call(promise)).toBe('[object DurablePromise]');
  });

  it('runs phase 1 eagerly, phase 2 on await, and never reports an unawaited rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    let phase2 = 0;
    const failing = twoPhase(Promise.reject(new Error('phase 1 failed')));
    const ok = twoPhase(Promise.resolve(2), async (v) => {
      phase2 += 1;
      return v + 1;
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(phase2).toBe(0);
    expect(await ok).toBe(3);
    expect(phase2).toBe(1);
    await expect(failing).rejects.toThrow('phase 1 failed');
    process.off('unhandledRejection', onUnhandled);
    expect(unhandled).toEqual([]);
  });
});
