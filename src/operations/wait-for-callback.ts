/**
 * `context.waitForCallback` (§5.7.6): a child context (SubType `WaitForCallback`) that creates
 * an unnamed callback (`W-1`), hands its id to the submitter in an unnamed step (`W-2`) and
 * returns the callback's raw string. The caller's deserializer is applied once, outside the
 * child, so first runs and replays return the same value.
 */
import type { DurableContextImpl } from '../context/durable-context.js';
import { passThroughDeserializer } from '../serdes/serdes.js';
import { DurablePromise, twoPhase } from '../engine/durable-promise.js';
import type { DurableOperationError } from '../errors.js';
import { CallbackSubmitterError, ChildContextError } from '../errors.js';
import type { DurableLogger } from '../logger/types.js';
import type { Serdes } from '../serdes/serdes.js';
import type { DurableContext, StepConfig, WaitForCallbackConfig, WaitForCallbackSubmitterFunc } from '../types.js';
import { runChildContext } from './child-context.js';
import { createCallbackOperation } from './create-callback.js';
import { stepOperation } from './step.js';
import { OperationHandle } from './operation-handle.js';
import { timeoutMsOf } from './attempt-control.js';

/** Arguments of one `waitForCallback` call, as the caller passed them. */
export interface WaitForCallbackCall<T, L extends DurableLogger> {
  name: string | undefined;
  submitter: WaitForCallbackSubmitterFunc<L> | undefined;
  config: WaitForCallbackConfig<T> | undefined;
}

/** Serdes that keeps strings as they are (the callback's raw result). */
const passThroughSerdes: Serdes<string> = {
  serialize: async (value) => value,
  deserialize: async (data) => data,
};

const callbackErrorTypes = new Set(['CallbackTimeoutError', 'CallbackExternalError', 'CallbackError']);

/** Callback errors surface as they are; a failed submitter step is a CallbackSubmitterError. */
function mapWaitForCallbackError(error: DurableOperationError): DurableOperationError {
  if (callbackErrorTypes.has(error.errorType)) return error;
  if (error.errorType === 'StepError') return new CallbackSubmitterError(error.message, error);
  return new ChildContextError(error.message, error);
}

/** Splits the `(name?, submitter, config?)` overloads; a missing submitter is reported, not thrown. */
export function parseWaitForCallbackArgs<T, L extends DurableLogger>(args: unknown[]): WaitForCallbackCall<T, L> | Error {
  const [first, second, third] = args;
  if (typeof first === 'string' || first === undefined) {
    if (typeof second !== 'function') {
      return new Error('waitForCallback requires a submitter function when name is provided: call waitForCallback(name, submitter, config?).');
    }
    return { name: first, submitter: second as WaitForCallbackSubmitterFunc<L>, config: third as WaitForCallbackConfig<T> | undefined };
  }
  if (typeof first !== 'function') {
    return new Error(`waitForCallback requires a submitter function, got ${first === null ? 'null' : typeof first}: call waitForCallback(submitter, config?).`);
  }
  return { name: undefined, submitter: first as WaitForCallbackSubmitterFunc<L>, config: second as WaitForCallbackConfig<T> | undefined };
}

/** Entry point used by the context. */
export function waitForCallbackOperation<T, L extends DurableLogger>(ctx: DurableContextImpl<L>, args: unknown[]): DurablePromise<T> {
  const call = parseWaitForCallbackArgs<T, L>(args);
  if (call instanceof Error) return new DurablePromise<T>(() => Promise.reject(call));
  const { name, config } = call;
  const badTimeout = timeoutMsOf('waitForCallback', 'config.submitterTimeout', config?.submitterTimeout);
  if (badTimeout instanceof TypeError) return new DurablePromise<T>(() => Promise.reject(badTimeout));
  const submitter = call.submitter as WaitForCallbackSubmitterFunc<L>;
  // A context-wide callback deserializer must see the raw string: keep it raw inside the child
  // (the official SDK then stores it unquoted), otherwise the child stores it through its serdes.
  const customDefault = ctx.settings.serdes.defaultCallbackDeserializer !== passThroughDeserializer;
  const rawId = ctx.peekOperationId();
  const child = runChildContext<string, L>(ctx, {
    name,
    apiName: 'waitForCallback',
    config: {
      subType: 'WaitForCallback',
      errorMapper: mapWaitForCallbackError,
      ...(customDefault ? { serdes: passThroughSerdes } : {}),
    },
    fn: async (childCtx: DurableContext<L>) => {
      // The parts are unnamed on the wire; plugins see them as `<name>-callback` / `<name>-submitter`.
      const inner = childCtx as DurableContextImpl<L>;
      const [result, callbackId] = await createCallbackOperation<string, L>(inner, {
        name: undefined,
        config: { timeout: config?.timeout, heartbeatTimeout: config?.heartbeatTimeout, ...(customDefault ? { serdes: passThroughSerdes } : {}) },
        pluginName: name ? `${name}-callback` : undefined,
      });
      const stepConfig: StepConfig<void> | undefined =
        config?.retryStrategy || config?.submitterTimeout
          ? {
              ...(config.retryStrategy ? { retryStrategy: config.retryStrategy } : {}),
              ...(config.submitterTimeout ? { timeout: config.submitterTimeout } : {}),
            }
          : undefined;
      await stepOperation<void, L>(inner, {
        name: undefined,
        fn: async (stepCtx) =>
          submitter(callbackId, {
            logger: stepCtx.logger,
            get signal(): AbortSignal | undefined {
              return stepCtx.signal;
            },
          }),
        config: stepConfig,
        pluginName: name ? `${name}-submitter` : undefined,
      });
      return result;
    },
  });
  const deserializer = config?.serdes ?? ctx.settings.serdes.defaultCallbackDeserializer;
  // Deserialisation failures end the invocation like any operation's (reported under the context's id).
  const outer = new OperationHandle(ctx.invocation, rawId, ctx.parentRawIdForChildren, name, { type: 'CONTEXT', subType: 'WaitForCallback' });
  return twoPhase(Promise.resolve(), async () => outer.deserialize<T>(deserializer as Pick<Serdes<T>, 'deserialize'>, await child));
}
