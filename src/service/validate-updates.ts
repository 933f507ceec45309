/**
 * Validation of a CheckpointDurableExecution batch against the operation state machine
 * (protocol.md §3.6). A batch is accepted or rejected as a whole; nothing is applied on error.
 */
import type { OperationStatus, OperationUpdate } from '../protocol.js';
import type { ExecutionState } from './execution-state.js';
import { invalidParameter } from './service-errors.js';

const TYPES = new Set(['EXECUTION', 'CONTEXT', 'STEP', 'WAIT', 'CALLBACK', 'CHAINED_INVOKE']);
const ACTIONS: Record<string, readonly string[]> = {
  EXECUTION: ['SUCCEED', 'FAIL'],
  CONTEXT: ['START', 'SUCCEED', 'FAIL'],
  STEP: ['START', 'SUCCEED', 'FAIL', 'RETRY'],
  WAIT: ['START', 'CANCEL'],
  CALLBACK: ['START', 'CANCEL'],
  CHAINED_INVOKE: ['START', 'CANCEL'],
};
/** Largest serialised ErrorObject accepted in one update. */
export const MAX_ERROR_BYTES = 32 * 1024;
/** Largest `Payload` of an EXECUTION update (synchronous response limit) and of any other update. */
export const MAX_EXECUTION_PAYLOAD_BYTES = 6 * 1024 * 1024;
export const MAX_OPERATION_PAYLOAD_BYTES = 1024 * 1024;

/** Longest delay any update may ask for (WaitSeconds, retry delays, callback timeouts): one year, as the API bounds them. */
export const MAX_DELAY_SECONDS = 31_622_400;
/** Operation ids and parent ids, as the API documents them. */
const OPERATION_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** Names are 1-256 characters without control characters. */
const MAX_NAME_LENGTH = 256;
// eslint-disable-next-line no-control-regex -- the point is to find control characters
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** A whole number of seconds from 0 to {@link MAX_DELAY_SECONDS}: 1e308 would park an execution forever. */
const isNonNegativeInt = (n: unknown): boolean => typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= MAX_DELAY_SECONDS;

/** The shape checks that do not need the execution's state. */
const checkShape = (u: unknown): void => {
  if (u === null || typeof u !== 'object' || Array.isArray(u)) throw invalidParameter('Each operation update must be an object.');
  const { Id, ParentId, Name } = u as { Id?: unknown; ParentId?: unknown; Name?: unknown };
  if (typeof Id !== 'string' || Id === '') throw invalidParameter('Operation update must have an Id.');
  if (!OPERATION_ID.test(Id)) throw invalidParameter(`Operation Id must be 1 to 64 characters of [a-zA-Z0-9-_] (got ${Id.length} characters).`);
  if (ParentId !== undefined && (typeof ParentId !== 'string' || !OPERATION_ID.test(ParentId))) throw invalidParameter('Invalid parent operation id.');
  if (Name !== undefined && (typeof Name !== 'string' || Name.length === 0 || Name.length > MAX_NAME_LENGTH || CONTROL.test(Name))) {
    throw invalidParameter(`Operation Name must be 1 to ${MAX_NAME_LENGTH} printable characters.`);
  }
};

/**
 * Throws `InvalidParameterValueException` with the service's message for the first invalid
 * update of the batch.
 */
export const validateUpdates = (exec: ExecutionState, updates: readonly OperationUpdate[]): void => {
  // Status each op would have after the updates seen so far, to validate in-batch sequences.
  const projected = new Map<string, { type: string; status: OperationStatus | 'NEW'; lastAction?: string }>();
  const statusOf = (id: string): { type?: string; status: OperationStatus | 'ABSENT' | 'NEW'; lastAction?: string } => {
    const inBatch = projected.get(id);
    if (inBatch) return inBatch;
    const existing = exec.operations.get(id)?.op;
    return existing ? { type: existing.Type, status: existing.Status } : { status: 'ABSENT' };
  };
  for (const u of updates as unknown[]) checkShape(u);
  if (updates.filter((u) => u.Type === 'EXECUTION').length > 1) throw invalidParameter('Cannot checkpoint multiple EXECUTION updates.');

  updates.forEach((u, index) => {
    if (typeof u.Id !== 'string' || u.Id === '') throw invalidParameter('Operation update must have an Id.');
    if (!TYPES.has(u.Type)) throw invalidParameter('Invalid operation type.');
    const allowed = ACTIONS[u.Type] ?? [];
    if (!allowed.includes(u.Action)) throw invalidParameter(`Invalid ${u.Type} action.`);
    if (u.Action === 'SUCCEED' && u.Error !== undefined) throw invalidParameter('Cannot provide an Error for SUCCEED action.');
    if (u.Action === 'FAIL' && u.Payload !== undefined) throw invalidParameter('Cannot provide a Payload for FAIL action.');
    if (u.Error !== undefined && Buffer.byteLength(JSON.stringify(u.Error)) > MAX_ERROR_BYTES) {
      throw invalidParameter(`Error object size must be less than ${MAX_ERROR_BYTES} bytes.`);
    }

    if (u.Payload !== undefined) {
      const limit = u.Type === 'EXECUTION' ? MAX_EXECUTION_PAYLOAD_BYTES : MAX_OPERATION_PAYLOAD_BYTES;
      if (typeof u.Payload !== 'string') throw invalidParameter('Payload must be a string.');
      if (Buffer.byteLength(u.Payload, 'utf8') > limit) throw invalidParameter(`Payload size must be at most ${limit} bytes.`);
    }
    if (u.Type === 'EXECUTION') {
      if (index !== updates.length - 1) throw invalidParameter('EXECUTION checkpoint must be the last update.');
      return;
    }

    const current = statusOf(u.Id);
    if (current.type !== undefined && current.type !== u.Type) throw invalidParameter('Invalid action for the given operation type.');
    if (projected.has(u.Id)) {
      const twiceAllowed = (u.Type === 'STEP' || u.Type === 'CONTEXT') && current.lastAction === 'START' && u.Action !== 'START';
      if (!twiceAllowed) throw invalidParameter('Cannot update the same operation twice in a single request.');
    }

    if (u.ParentId !== undefined) {
      const parent = statusOf(u.ParentId);
      if (parent.status === 'ABSENT' || parent.type !== 'CONTEXT') throw invalidParameter('Invalid parent operation id.');
    }

    const absent = current.status === 'ABSENT';
    const s = current.status;
    let next: OperationStatus;
    switch (`${u.Type}:${u.Action}`) {
      case 'STEP:START':
        if (!(absent || s === 'READY')) throw invalidParameter('Invalid current STEP state to start.');
        next = 'STARTED';
        break;
      case 'STEP:SUCCEED':
      case 'STEP:FAIL':
        if (!(absent || s === 'STARTED' || s === 'READY')) throw invalidParameter('Invalid current STEP state to close.');
        next = u.Action === 'SUCCEED' ? 'SUCCEEDED' : 'FAILED';
        break;
      case 'STEP:RETRY':
        if (!(absent || s === 'STARTED' || s === 'READY')) throw invalidParameter('Invalid current STEP state to re-attempt.');
        if (u.StepOptions === undefined || !isNonNegativeInt(u.StepOptions.NextAttemptDelaySeconds)) {
          throw invalidParameter('Invalid StepOptions for the given action.');
        }
        if (u.Error !== undefined && u.Payload !== undefined) throw invalidParameter('Cannot provide both error and payload to RETRY a STEP.');
        next = 'PENDING';
        break;
      case 'CONTEXT:START':
        if (!absent) throw invalidParameter('Cannot start a CONTEXT that already exists.');
        next = 'STARTED';
        break;
      case 'CONTEXT:SUCCEED':
      case 'CONTEXT:FAIL':
        if (!(absent || s === 'STARTED')) throw invalidParameter('Invalid current CONTEXT state to close.');
        next = u.Action === 'SUCCEED' ? 'SUCCEEDED' : 'FAILED';
        break;
      case 'WAIT:START':
        if (!absent) throw invalidParameter('Cannot start a WAIT that already exists.');
        if (!isNonNegativeInt(u.WaitOptions?.WaitSeconds)) throw invalidParameter('Invalid WaitOptions for the given action.');
        next = 'STARTED';
        break;
      case 'CALLBACK:START':
        if (!absent) throw invalidParameter('Cannot start a CALLBACK that already exists.');
        for (const v of [u.CallbackOptions?.TimeoutSeconds, u.CallbackOptions?.HeartbeatTimeoutSeconds]) {
          if (v !== undefined && !isNonNegativeInt(v)) throw invalidParameter('Invalid CallbackOptions for the given action.');
        }
        next = 'STARTED';
        break;
      case 'CHAINED_INVOKE:START':
        if (!absent) throw invalidParameter('Cannot start a CHAINED_INVOKE that already exists.');
        if (typeof u.ChainedInvokeOptions?.FunctionName !== 'string' || u.ChainedInvokeOptions.FunctionName === '') {
          throw invalidParameter('Invalid ChainedInvokeOptions for the given action.');
        }
        next = 'STARTED';
        break;
      case 'WAIT:CANCEL':
      case 'CALLBACK:CANCEL':
      case 'CHAINED_INVOKE:CANCEL':
        if (s !== 'STARTED') throw invalidParameter(`Cannot cancel a ${u.Type} that does not exist or has already completed.`);
        next = 'CANCELLED';
        break;
      default:
        throw invalidParameter(`Invalid ${u.Type} action.`);
    }
    projected.set(u.Id, { type: u.Type, status: next, lastAction: u.Action });
  });
};
