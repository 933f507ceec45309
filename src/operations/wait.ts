/**
 * `context.wait` (§5.7.2): a durable timer. START is acknowledged, then the operation idles;
 * once awaited the invocation normally suspends until the service marks the wait SUCCEEDED.
 */
import type { DurableContextImpl } from '../context/durable-context.js';
import { parkedPromise } from '../engine/parked-promise.js';
import type { DurablePromise } from '../engine/durable-promise.js';
import { twoPhase } from '../engine/durable-promise.js';
import { isTerminalStatus } from '../engine/execution-state.js';
import type { DurableLogger } from '../logger/types.js';
import type { Duration } from '../retry/duration.js';
import { durationToSeconds } from '../retry/duration.js';
import { completedOperationEnded, operationEnded, operationStarted } from '../plugins/operation-hooks.js';
import type { OperationHandle } from './operation-handle.js';

/** Entry point used by the context. */
export function waitOperation<L extends DurableLogger>(
  ctx: DurableContextImpl<L>,
  call: { name: string | undefined; duration: Duration },
): DurablePromise<void> {
  const op = ctx.beginOperation('wait', call.name, { type: 'WAIT', subType: 'Wait' });
  if (!op) return parkedPromise<void>(ctx.invocation);
  const completed = (): void => ctx.refreshReplayMode();
  if (isTerminalStatus(op.record()?.Status)) return replayCompletedWait(op, completed);
  return twoPhase(startWait(op, call.duration), async () => {
    await awaitWait(op);
    completed();
  });
}

/** A wait that already completed: settles on the official SDK's turn (test/interop/replay-turns.test.ts). */
function replayCompletedWait(op: OperationHandle, completed: () => void): DurablePromise<void> {
  if (!op.validateReplay()) return twoPhase(op.park<void>());
  op.setState('COMPLETED');
  return twoPhase(completedOperationEnded(op) ?? Promise.resolve(), completed);
}

/** Phase 1: START (or the replayed start of a wait still running). */
async function startWait(op: OperationHandle, duration: Duration): Promise<void> {
  if (!op.validateReplay()) return op.park();
  const record = op.record();
  if (!record) await op.checkpoint({ Action: 'START', WaitOptions: { WaitSeconds: durationToSeconds(duration) } });
  await operationStarted(op, { isReplay: record !== undefined });
  op.setState('IDLE_NOT_AWAITED');
}

/** Phase 2: idle until the service completes the wait. */
async function awaitWait(op: OperationHandle): Promise<void> {
  for (;;) {
    const record = op.record();
    if (isTerminalStatus(record?.Status)) {
      op.setState('COMPLETED');
      await operationEnded(op, { isReplay: false });
      return;
    }
    op.setState('IDLE_AWAITED');
    await op.waitForStatusChange(record?.Status, record?.WaitDetails?.ScheduledEndTimestamp);
  }
}
