import { describe, expect, it } from 'vitest';
import { SuspensionTracker } from '../../src/engine/suspension.js';

const settle = (ms = 40) => new Promise((resolve) => setTimeout(resolve, ms));

function tracker(busy = false) {
  let pipelineBusy = busy;
  const t = new SuspensionTracker({ isPipelineBusy: () => pipelineBusy });
  let decided: unknown;
  void t.outcome.then((outcome) => (decided = outcome));
  return { t, setBusy: (b: boolean) => (pipelineBusy = b), decided: () => decided };
}

describe('suspension tracker (§5.3)', () => {
  it('suspends after the cooldown when every tracked operation waits', async () => {
    const { t, decided } = tracker();
    t.setState('1', 'IDLE_AWAITED', 'Wait');
    expect(decided()).toBeUndefined();
    await settle();
    expect(decided()).toEqual({ kind: 'suspend', reason: 'WAIT_SCHEDULED' });
  });

  it('prefers RETRY_SCHEDULED for a retrying step, else CALLBACK_PENDING', async () => {
    const a = tracker();
    a.t.setState('1', 'IDLE_AWAITED', 'Wait');
    a.t.setState('2', 'RETRY_WAITING', 'Step');
    await settle();
    expect(a.decided()).toEqual({ kind: 'suspend', reason: 'RETRY_SCHEDULED' });
    const b = tracker();
    b.t.setState('1', 'IDLE_AWAITED', 'Callback');
    await settle();
    expect(b.decided()).toEqual({ kind: 'suspend', reason: 'CALLBACK_PENDING' });
  });

  it('never suspends while user code runs or checkpoints are pending', async () => {
    const { t, setBusy, decided } = tracker(true);
    t.setState('1', 'IDLE_AWAITED', 'Wait');
    await settle();
    expect(decided()).toBeUndefined();
    setBusy(false);
    t.setState('2', 'EXECUTING', 'Step');
    await settle();
    expect(decided()).toBeUndefined();
    t.setState('2', 'COMPLETED', 'Step');
    await settle();
    expect(decided()).toEqual({ kind: 'suspend', reason: 'WAIT_SCHEDULED' });
  });

  it('re-verifies when the cooldown fires', async () => {
    const { t, decided } = tracker();
    t.setState('1', 'IDLE_AWAITED', 'Wait');
    await settle(5);
    t.setState('1', 'COMPLETED', 'Wait');
    await settle();
    expect(decided()).toBeUndefined();
  });

  it('ignores waiting operations under a finished context', async () => {
    const { t, decided } = tracker();
    t.markContextFinished('3');
    t.setState('3-1', 'IDLE_AWAITED', 'Wait');
    await settle();
    expect(decided()).toBeUndefined();
    expect(t.hasFinishedAncestor('3-1-2')).toBe(true);
    expect(t.hasFinishedAncestor('3')).toBe(false);
  });

  it('keeps the first terminal outcome', async () => {
    const { t } = tracker();
    t.terminate({ kind: 'fail', reason: 'NON_DETERMINISM', error: new Error('a') });
    t.terminate({ kind: 'suspend', reason: 'WAIT_SCHEDULED' });
    expect((await t.outcome).kind).toBe('fail');
    expect(t.terminated?.kind).toBe('fail');
  });
});
