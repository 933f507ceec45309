/**
 * Builds the info objects plugins receive from operation records, field for field as the
 * official SDK 2.4 does (ids hashed, `result` the raw checkpointed string, `error` rebuilt).
 */
import type { OperationRecord } from '../engine/execution-state.js';
import { recordTimestamp } from '../engine/execution-state.js';
import { errorFromErrorObject } from '../errors.js';
import type { AttemptEndInfo, AttemptEndInfoOutcome, AttemptInfo, OperationInfo } from './types.js';

/** What an operation knows about itself before it has a record. */
export interface OperationIdentity {
  id: string;
  name?: string;
  type: string;
  subType?: string;
  parentId?: string;
}

/** One record as plugins see it (`isReplay` false until the caller says otherwise). */
export function toOperationInfo(record: OperationRecord | undefined): OperationInfo {
  const errorObject =
    record?.StepDetails?.Error ?? record?.CallbackDetails?.Error ?? record?.ContextDetails?.Error ?? record?.ChainedInvokeDetails?.Error;
  return {
    id: record?.Id ?? '',
    name: record?.Name,
    type: record?.Type ?? '',
    subType: record?.SubType,
    parentId: record?.ParentId,
    status: record?.Status,
    startTimestamp: recordTimestamp(record?.StartTimestamp),
    endTimestamp: recordTimestamp(record?.EndTimestamp),
    result:
      record?.StepDetails?.Result ?? record?.CallbackDetails?.Result ?? record?.ContextDetails?.Result ?? record?.ChainedInvokeDetails?.Result,
    error: errorObject ? errorFromErrorObject(errorObject) : undefined,
    attempt: record?.StepDetails?.Attempt,
    isReplay: false,
  };
}

/** Records keyed by wire id. */
export function toOperationInfoMap(records: Iterable<OperationRecord>): Record<string, OperationInfo> {
  const map: Record<string, OperationInfo> = {};
  for (const record of records) map[record.Id] = toOperationInfo(record);
  return map;
}

/** Fills what the record lacks (no record yet, or fields the service omits) from the identity. */
export function backfill<T extends OperationInfo>(info: T, identity: OperationIdentity): T {
  if (!info.id) info.id = identity.id;
  if (!info.type) info.type = identity.type;
  if (!info.subType) info.subType = identity.subType;
  if (!info.name) info.name = identity.name;
  if (!info.parentId) info.parentId = identity.parentId;
  return info;
}

/** The record as an operation info, completed from the identity. */
export function recordInfo(record: OperationRecord | undefined, identity: OperationIdentity): OperationInfo {
  return backfill(toOperationInfo(record), identity);
}

/** An attempt's info: the record plus the attempt number (1-based). */
export function attemptInfo(record: OperationRecord | undefined, identity: OperationIdentity, attempt: number): AttemptInfo {
  return backfill({ ...toOperationInfo(record), attempt }, identity);
}

/** An attempt's end info. */
export function attemptEndInfo(
  record: OperationRecord | undefined,
  identity: OperationIdentity,
  options: { attempt: number; outcome: AttemptEndInfoOutcome; error?: unknown; endTimestamp?: Date },
): AttemptEndInfo {
  const error = options.error === undefined ? undefined : asError(options.error);
  const info = toOperationInfo(record);
  const endTimestamp = options.endTimestamp ?? info.endTimestamp ?? new Date();
  return backfill({ ...info, endTimestamp, attempt: options.attempt, outcome: options.outcome, error }, identity);
}

/** Thrown values as Errors (plugins always get an Error). */
export function asError(thrown: unknown): Error {
  return thrown instanceof Error ? thrown : new Error(String(thrown));
}
