/**
 * Replay validation (§4.5): the record found for an id must be the same kind of operation the
 * code is creating now (type, then name, then subtype).
 */
import { NonDeterministicExecutionError } from '../errors.js';
import type { OperationRecord } from './execution-state.js';

/** What the code is creating now. */
export interface ExpectedOperation {
  readonly type: string;
  readonly name: string | undefined;
  readonly subType: string | undefined;
}

/**
 * The non-determinism error for `record` vs `expected`, or `undefined` when they match or no
 * record exists.
 */
export function replayMismatch(options: {
  rawId: string;
  record: OperationRecord | undefined;
  expected: ExpectedOperation;
}): NonDeterministicExecutionError | undefined {
  const { rawId, record, expected } = options;
  if (!record) return undefined;
  if (record.Type === expected.type && (record.Name ?? undefined) === expected.name && (record.SubType ?? undefined) === expected.subType) {
    return undefined;
  }
  // Built only on a mismatch: validation runs for every replayed operation. The official wording
  // first (it names the step by its id), our detail after.
  const label = (): string => `step "${rawId}"`;
  const tail = (): string => ` This indicates non-deterministic control flow in your workflow code. (step ${JSON.stringify(expected.name ?? null)}, id ${rawId})`;
  if (record.Type !== expected.type) {
    return new NonDeterministicExecutionError(
      `Non-deterministic execution detected: Operation type mismatch for ${label()}. Expected type "${record.Type}", but got "${expected.type}".${tail()}`,
    );
  }
  if ((record.Name ?? undefined) !== expected.name) {
    return new NonDeterministicExecutionError(
      `Non-deterministic execution detected: Operation name mismatch for ${label()}. Expected name "${record.Name ?? 'undefined'}", but got "${expected.name ?? 'undefined'}".${tail()}`,
    );
  }
  if ((record.SubType ?? undefined) !== expected.subType) {
    return new NonDeterministicExecutionError(
      `Non-deterministic execution detected: Operation subtype mismatch for ${label()}. Expected subtype "${record.SubType}", but got "${expected.subType}".${tail()}`,
    );
  }
  return undefined;
}
