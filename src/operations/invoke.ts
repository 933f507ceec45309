/**
 * `context.invoke` (§5.7.4): starts another durable function (CHAINED_INVOKE START with the
 * serialised input, acknowledged) and, once awaited, suspends until the service records the
 * child execution's outcome.
 */
import type { DurableContextImpl } from '../context/durable-context.js';
import { parkedPromise } from '../engine/parked-promise.js';
import type { DurablePromise } from '../engine/durable-promise.js';
import { twoPhase } from '../engine/durable-promise.js';
import { isTerminalStatus } from '../engine/execution-state.js';
import { InvokeError } from '../errors.js';
import type { DurableLogger } from '../logger/types.js';
import type { InvokeConfig } from '../types.js';
import { completedOperationEnded, operationEnded, operationStarted, withInvokeCarrier } from '../plugins/operation-hooks.js';
import type { OperationHandle } from './operation-handle.js';

/** Arguments of one `invoke` call. */
export interface InvokeCall<I, O> {
  name: string | undefined;
  funcId: string;
  input: I | undefined;
  config: InvokeConfig<I, O> | undefined;
}

/** Entry point used by the context. */
export function invokeOperation<I, O, L extends DurableLogger>(ctx: DurableContextImpl<L>, call: InvokeCall<I, O>): DurablePromise<O> {
  const op = ctx.beginOperation('invoke', call.name, { type: 'CHAINED_INVOKE', subType: 'ChainedInvoke' });
  if (!op) return parkedPromise<O>(ctx.invocation);
  const payloadSerdes = call.config?.payloadSerdes ?? ctx.settings.serdes.defaultSerdes;
  const resultSerdes = call.config?.resultSerdes ?? ctx.settings.serdes.defaultSerdes;
  let completedBefore = false;
  const started = (async (): Promise<void> => {
    if (!op.validateReplay()) return op.park();
    const existing = op.record();
    completedBefore = isTerminalStatus(existing?.Status);
    if (!existing) {
      const payload = call.input === undefined ? undefined : await op.serialize(payloadSerdes, withInvokeCarrier(op, call.input));
      await op.checkpoint({
        Action: 'START',
        Payload: payload,
        ChainedInvokeOptions: { FunctionName: call.funcId, TenantId: call.config?.tenantId },
      });
    }
    if (completedBefore) await completedOperationEnded(op);
    else await operationStarted(op, { isReplay: existing !== undefined });
    op.setState(isTerminalStatus(op.record()?.Status) ? 'COMPLETED' : 'IDLE_NOT_AWAITED');
  })();
  return twoPhase(started, () => awaitInvoke(op, resultSerdes, completedBefore).finally(() => ctx.refreshReplayMode()));
}

/** `reported`: plugins already heard of the end (the invoke was complete when the call was made). */
async function awaitInvoke<O>(op: OperationHandle, resultSerdes: InvokeConfig<unknown, O>['resultSerdes'] & object, reported: boolean): Promise<O> {
  let record = op.record();
  while (!isTerminalStatus(record?.Status)) {
    op.setState('IDLE_AWAITED');
    record = await op.waitForStatusChange(record?.Status);
  }
  op.setState('COMPLETED');
  const details = record?.ChainedInvokeDetails;
  if (record?.Status === 'SUCCEEDED') {
    if (!reported) await operationEnded(op, { isReplay: false });
    return op.deserialize<O>(resultSerdes, details?.Result);
  }
  const message = details?.Error?.ErrorMessage;
  if (!reported) await operationEnded(op, { isReplay: false, error: new Error(message || 'Invoke failed') });
  const cause = new Error(message);
  if (details?.Error?.ErrorType) cause.name = details.Error.ErrorType;
  throw new InvokeError(message || 'Invoke failed', cause, details?.Error?.ErrorData);
}
