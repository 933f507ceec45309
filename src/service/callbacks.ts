/**
 * The service's callbacks: ids handed out for CALLBACK operations, and the
 * SendDurableExecutionCallback{Success,Failure,Heartbeat} answers that complete them.
 */
import { randomBytes } from 'node:crypto';
import type { ErrorObject } from '../protocol.js';
import type { ExecutionState, OperationState } from './execution-state.js';
import { errorPayload, recordEvent, textPayload } from './history.js';
import { meterWrite } from './metering.js';
import { callbackClosed, invalidParameter, resourceNotFound } from './service-errors.js';

/** What the callbacks need from the service that owns them (kept narrow, so no import cycle). */
export interface CallbackHost {
  execution(arn: string): ExecutionState | undefined;
  now(): number;
  /** An operation changed outside a checkpoint: re-invoke the execution if it waits on it. */
  operationChangedExternally(exec: ExecutionState, operationId: string): void;
  /** Wake the scheduler (a timer moved). */
  kick(): void;
  notify(arn: string): void;
}

/** Callback id → the operation it answers. */
export class CallbackRegistry {
  private readonly byId = new Map<string, { arn: string; operationId: string }>();

  constructor(private readonly host: CallbackHost) {}

  /** A new callback id for `operationId` (its `CallbackDetails.CallbackId`). */
  issue(exec: ExecutionState, operationId: string): string {
    const callbackId = Buffer.from(JSON.stringify({ e: exec.id, o: operationId, n: randomBytes(8).toString('hex') })).toString('base64url');
    this.byId.set(callbackId, { arn: exec.arn, operationId });
    return callbackId;
  }

  /** Re-registers an id read back from a store. */
  add(callbackId: string, arn: string, operationId: string): void {
    this.byId.set(callbackId, { arn, operationId });
  }

  /** `SendDurableExecutionCallbackSuccess`: `result` is the raw body (bytes or text). */
  succeed(callbackId: string, result?: Uint8Array | string): void {
    const { exec, state } = this.open(callbackId);
    const now = this.host.now();
    const text = result === undefined ? undefined : typeof result === 'string' ? result : Buffer.from(result).toString('utf8');
    meterWrite(exec, text);
    state.op.Status = 'SUCCEEDED';
    state.op.EndTimestamp = new Date(now);
    state.op.CallbackDetails = { ...state.op.CallbackDetails, ...(text !== undefined ? { Result: text } : {}) };
    recordEvent(exec, 'CallbackSucceeded', now, { CallbackSucceededDetails: { Result: textPayload(text) } }, state.op);
    this.host.operationChangedExternally(exec, state.op.Id);
  }

  /** `SendDurableExecutionCallbackFailure`. */
  fail(callbackId: string, error: ErrorObject = {}): void {
    const { exec, state } = this.open(callbackId);
    const now = this.host.now();
    state.op.Status = 'FAILED';
    state.op.EndTimestamp = new Date(now);
    state.op.CallbackDetails = { ...state.op.CallbackDetails, Error: error };
    recordEvent(exec, 'CallbackFailed', now, { CallbackFailedDetails: { Error: errorPayload(error) } }, state.op);
    this.host.operationChangedExternally(exec, state.op.Id);
  }

  /** `SendDurableExecutionCallbackHeartbeat`: restarts the heartbeat timeout. */
  heartbeat(callbackId: string): void {
    const { exec, state } = this.open(callbackId);
    if (state.heartbeatTimeoutSeconds !== undefined) {
      state.heartbeatDeadline = this.host.now() + state.heartbeatTimeoutSeconds * 1000;
      this.host.kick();
    }
    this.host.notify(exec.arn);
  }

  private open(callbackId: string): { exec: ExecutionState; state: OperationState } {
    if (typeof callbackId !== 'string' || callbackId === '') throw invalidParameter('Missing callback Id');
    const ref = this.byId.get(callbackId);
    const exec = ref ? this.host.execution(ref.arn) : undefined;
    const state = ref ? exec?.operations.get(ref.operationId) : undefined;
    if (!ref || !exec || !state) throw resourceNotFound(`Callback not found: ${callbackId}`);
    if (exec.status !== 'RUNNING' || state.op.Status !== 'STARTED') throw callbackClosed(callbackId);
    return { exec, state };
  }
}
