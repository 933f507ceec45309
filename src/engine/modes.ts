/**
 * Replay vs execution modes of a context (§5.2). Modes only steer logging and the gate of
 * re-executed ReplayChildren contexts; results are always replayed by id lookup.
 */
import type { ExecutionState } from './execution-state.js';
import { isTerminalStatus } from './execution-state.js';

/** Mode of one durable context. */
export const DurableExecutionMode = {
  ExecutionMode: 'ExecutionMode',
  ReplayMode: 'ReplayMode',
  ReplaySucceededContext: 'ReplaySucceededContext',
} as const;
/** One of {@link DurableExecutionMode}. */
export type DurableExecutionMode = (typeof DurableExecutionMode)[keyof typeof DurableExecutionMode];

/** What the mode manager decided for the next operation of a context. */
export interface ModeDecision {
  /** Mode to use while the operation is being created. */
  readonly mode: DurableExecutionMode;
  /** Mode to switch to once the operation has been created (capture rule). */
  readonly afterCreate?: DurableExecutionMode;
  /** The operation must not start: it belongs to a re-executed, already succeeded context. */
  readonly blocked: boolean;
}

/**
 * Decides the mode for the operation about to get raw id `nextRawId` in a context currently in
 * `mode`.
 */
export function decideMode(options: {
  mode: DurableExecutionMode;
  nextRawId: string;
  state: ExecutionState;
  /** The wire id of `nextRawId`, when the caller has it already (saves a hash lookup). */
  nextWireId?: string;
}): ModeDecision {
  const { mode, nextRawId, state } = options;
  const record = options.nextWireId === undefined ? state.getByRawId(nextRawId) : state.get(options.nextWireId);
  const finished = record !== undefined && (record.Status === 'SUCCEEDED' || record.Status === 'FAILED');
  if (mode === DurableExecutionMode.ReplayMode) {
    if (record === undefined && state.getByRawId(`${nextRawId}-1`) === undefined) {
      return { mode: DurableExecutionMode.ExecutionMode, blocked: false };
    }
    if (record !== undefined && !finished) {
      return { mode, afterCreate: DurableExecutionMode.ExecutionMode, blocked: false };
    }
    return { mode, blocked: false };
  }
  if (mode === DurableExecutionMode.ReplaySucceededContext) {
    return { mode, blocked: record !== undefined && !isTerminalStatus(record.Status) };
  }
  return { mode, blocked: false };
}

/** Initial mode of a child context from its own record (§5.2). */
export function childContextMode(record: { Status: string; ContextDetails?: { ReplayChildren?: boolean } } | undefined): DurableExecutionMode {
  if (record === undefined) return DurableExecutionMode.ExecutionMode;
  if (record.Status === 'SUCCEEDED' && record.ContextDetails?.ReplayChildren) {
    return DurableExecutionMode.ReplaySucceededContext;
  }
  if (record.Status === 'SUCCEEDED' || record.Status === 'FAILED') return DurableExecutionMode.ReplayMode;
  return DurableExecutionMode.ExecutionMode;
}
