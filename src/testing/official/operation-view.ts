/**
 * The official `DurableOperation`: a view of one operation of a run, found by name, index or
 * id. It reads the run's current data on every call, so a view taken before `run` fills in as
 * the execution goes.
 */
import type { ErrorObject, HistoryEvent, Operation, OperationStatus, OperationSubType, OperationType } from '../../protocol.js';
import { parseResult, toDate, toTestError } from './details.js';
import { WaitingOperationStatus } from './enums.js';
import { describeLocator, type OperationLocator } from './operation-index.js';
import type { RunSession } from './run-session.js';
import type {
  CallbackDetails,
  CallbackResponse,
  ChainedInvokeDetails,
  ContextDetails,
  DurableOperation,
  OperationRecord,
  StepDetails,
  WaitResultDetails,
} from './types.js';

/**
 * One operation as the official testing API shows it.
 *
 * @example
 * ```ts
 * const charge = runner.getOperation('charge');
 * await runner.run({ payload: { orderId: 1 } });
 * expect(charge.getStepDetails()?.result).toEqual({ charged: true });
 * ```
 */
export class OperationView<TResult = any> implements DurableOperation<TResult> {
  constructor(
    private readonly session: RunSession,
    private readonly locator: OperationLocator,
  ) {}

  private record(): OperationRecord | undefined {
    return this.session.fresh().find(this.locator);
  }

  async waitForData(status: WaitingOperationStatus = WaitingOperationStatus.STARTED): Promise<DurableOperation<TResult>> {
    await this.session.waitFor(this.locator, status);
    return this;
  }

  getContextDetails(): ContextDetails<TResult> | undefined {
    const op = this.getOperationData();
    if (!op) return undefined;
    if (op.Type !== 'CONTEXT') throw new Error(`Operation type ${op.Type} is not CONTEXT`);
    return { result: parseResult<TResult>(op.ContextDetails?.Result), error: toTestError(op.ContextDetails?.Error) };
  }

  getStepDetails(): StepDetails<TResult> | undefined {
    const op = this.getOperationData();
    if (!op) return undefined;
    if (op.Type !== 'STEP') throw new Error(`Operation type ${op.Type} is not STEP`);
    const details = op.StepDetails;
    return {
      attempt: details?.Attempt,
      nextAttemptTimestamp: toDate(details?.NextAttemptTimestamp),
      result: parseResult<TResult>(details?.Result),
      error: toTestError(details?.Error),
    };
  }

  getChainedInvokeDetails(): ChainedInvokeDetails<TResult> | undefined {
    const op = this.getOperationData();
    if (!op) return undefined;
    if (op.Type !== 'CHAINED_INVOKE') throw new Error(`Operation type ${op.Type} is not INVOKE`);
    const details = op.ChainedInvokeDetails;
    let result: TResult | undefined;
    try {
      result = details?.Result === undefined || details.Result === '' ? undefined : (JSON.parse(details.Result) as TResult);
    } catch (cause) {
      throw new Error(`Could not parse result for invoke details: ${JSON.stringify(details?.Result?.slice(0, 80))} is not JSON`, { cause });
    }
    const error = toTestError(details?.Error);
    return { ...(error ? { error } : {}), ...(result !== undefined ? { result } : {}) };
  }

  getCallbackDetails(): CallbackDetails<TResult> | undefined {
    const op = this.getOperationData();
    if (!op) return undefined;
    if (op.Type === 'CALLBACK') return callbackDetailsOf<TResult>(op);
    if (op.Type === 'CONTEXT' && op.SubType === 'WaitForCallback') {
      const callback = this.session.fresh().children(op.Id).find((c) => c.operation.Type === 'CALLBACK');
      if (!callback) {
        throw new Error(`Could not find CALLBACK operation in WAIT_FOR_CALLBACK context (context ${JSON.stringify(op.Name ?? op.Id)} is ${op.Status}; wait with waitForData(WaitingOperationStatus.STARTED) first)`);
      }
      return callbackDetailsOf<TResult>(callback.operation);
    }
    throw new Error(`Operation with Type ${op.Type} and SubType ${op.SubType} is not a valid callback`);
  }

  getWaitDetails(): WaitResultDetails | undefined {
    const record = this.record();
    if (!record) return undefined;
    if (record.operation.Type !== 'WAIT') throw new Error(`Operation type ${record.operation.Type} is not WAIT`);
    const started = record.events[0]?.WaitStartedDetails;
    if (!started) throw new Error(`First wait event does not have WaitStartedDetails (wait ${JSON.stringify(record.operation.Name ?? record.operation.Id)})`);
    const end = toDate(started.ScheduledEndTimestamp);
    return { ...(started.Duration !== undefined ? { waitSeconds: started.Duration } : {}), ...(end ? { scheduledEndTimestamp: end } : {}) };
  }

  getChildOperations(): DurableOperation[] | undefined {
    const op = this.getOperationData();
    if (!op) return undefined;
    return this.session.fresh().children(op.Id).map((c) => new OperationView(this.session, { id: c.operation.Id }));
  }

  getOperationData(): Operation<Date> | undefined {
    return this.record()?.operation;
  }

  getEvents(): HistoryEvent[] | undefined {
    return this.record()?.events;
  }

  getId(): string | undefined {
    return this.getOperationData()?.Id;
  }

  getParentId(): string | undefined {
    return this.getOperationData()?.ParentId;
  }

  getName(): string | undefined {
    return this.getOperationData()?.Name;
  }

  getType(): OperationType | undefined {
    return this.getOperationData()?.Type;
  }

  getSubType(): OperationSubType | undefined {
    return this.getOperationData()?.SubType as OperationSubType | undefined;
  }

  isWaitForCallback(): boolean {
    const op = this.getOperationData();
    return op?.Type === 'CONTEXT' && op.SubType === 'WaitForCallback';
  }

  isCallback(): boolean {
    return this.getType() === 'CALLBACK';
  }

  getStatus(): OperationStatus | undefined {
    return this.getOperationData()?.Status;
  }

  getStartTimestamp(): Date | undefined {
    return toDate(this.getOperationData()?.StartTimestamp);
  }

  getEndTimestamp(): Date | undefined {
    return toDate(this.getOperationData()?.EndTimestamp);
  }

  sendCallbackSuccess(result?: string): Promise<CallbackResponse> {
    return this.session.callbacks.sendCallbackSuccess(this.callbackId(), result);
  }

  sendCallbackFailure(error?: ErrorObject): Promise<CallbackResponse> {
    return this.session.callbacks.sendCallbackFailure(this.callbackId(), error);
  }

  sendCallbackHeartbeat(): Promise<CallbackResponse> {
    return this.session.callbacks.sendCallbackHeartbeat(this.callbackId());
  }

  private callbackId(): string {
    const details = this.getCallbackDetails();
    if (!details) throw new Error(`Could not find callback details (no operation with ${describeLocator(this.locator)} yet; wait with waitForData first)`);
    return details.callbackId;
  }
}

const callbackDetailsOf = <T>(op: Operation<Date>): CallbackDetails<T> => {
  const id = op.CallbackDetails?.CallbackId;
  if (id === undefined) throw new Error(`Could not find callback ID in callback details (operation ${JSON.stringify(op.Name ?? op.Id)})`);
  const error = toTestError(op.CallbackDetails?.Error);
  const result = parseResult<T>(op.CallbackDetails?.Result);
  return { callbackId: id, ...(error ? { error } : {}), ...(result !== undefined ? { result } : {}) };
};
