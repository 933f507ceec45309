/**
 * The replay gate's view into an invocation: a client that carries a probe under this
 * well-known symbol is asked about every operation the handler creates before it runs, and can
 * stop the call. `Symbol.for` so that a handler bundled with its own copy of the SDK (the CLI
 * bundles handler files) still sees it.
 */
import type { OperationType } from '../protocol.js';
import type { OperationRecord } from './execution-state.js';

/** Property key of the probe on a checkpoint client. */
export const REPLAY_PROBE: unique symbol = Symbol.for('durable-lambda.replay-probe') as never;

/** What the code is creating, as the probe sees it. */
export interface ProbedOperation {
  readonly rawId: string;
  readonly wireId: string;
  /** The DurableContext method that created it (`step`, `wait`, …). */
  readonly apiName: string;
  readonly type: OperationType;
  readonly subType: string | undefined;
  readonly name: string | undefined;
  /** The recorded operation at this position, if any. */
  readonly record: OperationRecord | undefined;
}

/** Decides, per operation, whether the call may go on. */
export interface ReplayProbe {
  /** `true`: go on (replay the record); `false`: stop here, the invocation ends. */
  operation(operation: ProbedOperation): boolean;
}

/** The probe a client carries, if any (one lookup per invocation). */
export function replayProbeOf(client: unknown): ReplayProbe | undefined {
  const probe = (client as { [REPLAY_PROBE]?: unknown } | undefined)?.[REPLAY_PROBE];
  return typeof (probe as ReplayProbe | undefined)?.operation === 'function' ? (probe as ReplayProbe) : undefined;
}
