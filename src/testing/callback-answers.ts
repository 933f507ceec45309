/**
 * Declarative callback answers for the test runner: `callbacks: { 'manager-approval': ... }`
 * answers every callback of that operation name (a `createCallback`'s own name, or the name
 * of the `waitForCallback` that holds it) as soon as it starts, optionally after a virtual delay.
 */
import type { ErrorObject, Operation } from '../protocol.js';
import { durationToSeconds, type Duration } from '../retry/duration.js';
import type { ExecutionState } from '../service/execution-state.js';
import type { DurableExecutionService } from '../service/service.js';

/** What a responder learns about the callback it answers. */
export interface CallbackInfo {
  /** The id to answer with (`sendCallbackSuccess(callbackId, …)`). */
  callbackId: string;
  /** The operation name the answer was chosen by. */
  name: string;
  /** ARN of the execution that waits. */
  executionArn: string;
  /** A copy of the CALLBACK operation as it started. */
  operation: Operation<Date>;
}

/** A delay in virtual time before the answer is sent; absent means at once. */
interface Delayed {
  after?: Duration;
}

/**
 * One answer: a success value (a string is sent as is, anything else JSON-encoded), a failure,
 * or a heartbeat, each optionally `after` a virtual delay.
 */
export type CallbackAnswer =
  | (Delayed & { success: unknown })
  | (Delayed & { failure: ErrorObject | Error | string })
  | (Delayed & { heartbeat: true });

/** A fixed answer (or list of answers), or a function of the callback that returns them. */
export type CallbackResponder =
  | CallbackAnswer
  | readonly CallbackAnswer[]
  | ((info: CallbackInfo) => CallbackAnswer | readonly CallbackAnswer[] | Promise<CallbackAnswer | readonly CallbackAnswer[]>);

/** Encodes a callback success value the way the runner sends it: strings raw, the rest as JSON. */
export const encodeCallbackResult = (value: unknown): string | Uint8Array | undefined => {
  if (value === undefined || typeof value === 'string' || value instanceof Uint8Array) return value;
  return JSON.stringify(value);
};

const toErrorObject = (failure: ErrorObject | Error | string): ErrorObject => {
  if (typeof failure === 'string') return { ErrorType: 'Error', ErrorMessage: failure };
  if (failure instanceof Error) return { ErrorType: failure.name, ErrorMessage: failure.message };
  return failure;
};

/**
 * The name a callback answers to: its own name, else the name of the `waitForCallback`
 * context around it (whose callback is unnamed on the wire).
 */
export const callbackName = (exec: ExecutionState, op: Operation<Date>): string | undefined => {
  if (op.Name !== undefined) return op.Name;
  const parent = op.ParentId === undefined ? undefined : exec.operations.get(op.ParentId)?.op;
  return parent?.Type === 'CONTEXT' && parent.SubType === 'WaitForCallback' ? parent.Name : undefined;
};

const send = (service: DurableExecutionService, callbackId: string, answer: CallbackAnswer): void => {
  if ('success' in answer) service.sendCallbackSuccess(callbackId, encodeCallbackResult(answer.success));
  else if ('failure' in answer) service.sendCallbackFailure(callbackId, toErrorObject(answer.failure));
  else service.sendCallbackHeartbeat(callbackId);
};

/**
 * Watches every execution of `service` and answers callbacks named in `responders`. Returns
 * the unsubscribe. A responder that throws stops the execution with the error, so the test
 * sees it in `result()` instead of a hang.
 */
export const answerCallbacks = (service: DurableExecutionService, responders: Readonly<Record<string, CallbackResponder>>): (() => void) => {
  const answered = new Set<string>();
  const respond = async (arn: string, info: CallbackInfo, responder: CallbackResponder): Promise<void> => {
    const answers = typeof responder === 'function' ? await responder(info) : responder;
    for (const answer of Array.isArray(answers) ? (answers as readonly CallbackAnswer[]) : [answers as CallbackAnswer]) {
      const after = answer.after === undefined ? 0 : durationToSeconds(answer.after) * 1000;
      if (after > 0) service.scheduleAction(arn, service.clock.now() + after, () => send(service, info.callbackId, answer));
      else send(service, info.callbackId, answer);
    }
  };
  return service.subscribe((arn) => {
    const exec = service.execution(arn);
    if (exec.status !== 'RUNNING') return;
    for (const state of exec.operations.values()) {
      const op = state.op;
      const callbackId = op.CallbackDetails?.CallbackId;
      if (op.Type !== 'CALLBACK' || op.Status !== 'STARTED' || callbackId === undefined || answered.has(callbackId)) continue;
      const name = callbackName(exec, op);
      const responder = name === undefined ? undefined : responders[name];
      if (name === undefined || responder === undefined) continue;
      answered.add(callbackId);
      const info: CallbackInfo = { callbackId, name, executionArn: arn, operation: structuredClone(op) };
      // Answer after the checkpoint that started the callback has returned.
      void Promise.resolve()
        .then(() => respond(arn, info, responder))
        .catch((error: unknown) => {
          if (service.execution(arn).status !== 'RUNNING') return;
          const message = error instanceof Error ? error.message : String(error);
          service.stopExecution(arn, { ErrorType: 'CallbackResponderFailed', ErrorMessage: `The runner's callbacks['${name}'] failed: ${message}` });
        });
    }
  });
};
