/**
 * `withDurableExecution`: the Lambda adapter. Validates the event, pages in the operation log,
 * runs the handler with a root DurableContext, and maps how it ended to the response (§2.2).
 */
import { durableLogDataProvider } from './context/context-logger.js';
import { DurableContextImpl, initialSettings } from './context/durable-context.js';
import { ExecutionState } from './engine/execution-state.js';
import { hashOperationId } from './engine/ids.js';
import { Invocation } from './engine/invocation.js';
import { loadOperations } from './engine/load-operations.js';
import { DurableExecutionMode } from './engine/modes.js';
import type { EarlyOutcome } from './engine/suspension.js';
import {
  errorToErrorObject,
  isDurableExecutionClientError,
  isUnrecoverableInvocationError,
} from './errors.js';
import { createDefaultLogger } from './logger/default-logger.js';
import type { DurableLogger } from './logger/types.js';
import type { DurableExecutionInvocationInput, DurableExecutionInvocationOutput } from './protocol.js';
import { Limits } from './protocol.js';
import type { DurableExecutionClient } from './transport/checkpoint-client.js';
import { clientFromEvent } from './transport/invocation-input-with-client.js';
import { DurableExecutionApiClient } from './transport/lambda-api-client.js';
import type { DurableExecutionConfig, DurableExecutionHandler, DurableLambdaHandler, LambdaContext } from './types.js';

/** Message of the error thrown for an event that is not a durable invocation. */
export const UNEXPECTED_PAYLOAD_MESSAGE =
  'Unexpected payload provided to start the durable execution. Check your resource configurations to confirm the durability is set.';

const KMS_ERRORS = new Set(['KMSAccessDeniedException', 'KMSDisabledException', 'KMSInvalidStateException', 'KMSNotFoundException']);

type HandlerEnd = { kind: 'returned'; value: unknown } | { kind: 'threw'; error: unknown };

function failed(error: unknown): DurableExecutionInvocationOutput {
  return { Status: 'FAILED', Error: errorToErrorObject(error) };
}

function namedError(name: string, message: string, cause?: unknown): Error {
  const error = new Error(message, cause === undefined ? undefined : { cause });
  error.name = name;
  return error;
}

function parseInput(state: ExecutionState): { ok: true; value: unknown } | { ok: false; error: Error } {
  const payload = state.executionRecord()?.ExecutionDetails?.InputPayload;
  if (payload === undefined || payload === null) return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(payload) };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, error: namedError('InvalidInputPayloadError', `The execution's InputPayload is not valid JSON: ${detail}`, error) };
  }
}

function outcomeResponse(outcome: EarlyOutcome): DurableExecutionInvocationOutput {
  if (outcome.kind === 'suspend') return { Status: 'PENDING' };
  if (outcome.kind === 'throw') throw outcome.error;
  return failed(outcome.error);
}

/**
 * Wraps a durable handler as a Lambda handler.
 *
 * @example
 * ```ts
 * import { withDurableExecution } from 'durable-lambda';
 *
 * export const handler = withDurableExecution(async (event: { orderId: string }, context) => {
 *   const order = await context.step('load', async () => loadOrder(event.orderId));
 *   await context.wait({ hours: 1 });
 *   return context.step('ship', async () => ship(order));
 * });
 * ```
 */
export function withDurableExecution<TEvent = any, TResult = any, TLogger extends DurableLogger = DurableLogger>(
  handler: DurableExecutionHandler<TEvent, TResult, TLogger>,
  config?: DurableExecutionConfig,
): DurableLambdaHandler {
  let defaultClient: DurableExecutionClient | undefined;
  return async (event, lambdaContext) => {
    if (!event?.DurableExecutionArn || !event?.CheckpointToken) throw new Error(UNEXPECTED_PAYLOAD_MESSAGE);
    if (config?.client && config.durableExecutionClient) {
      return failed(
        namedError('ConfigurationError', 'withDurableExecution: pass either `client` or `durableExecutionClient`, not both.'),
      );
    }
    defaultClient ??= config?.durableExecutionClient ?? new DurableExecutionApiClient(config?.client);
    const client = clientFromEvent(event) ?? defaultClient;
    return runInvocation({ handler, client, event, lambdaContext, pipelined: config?.pipelinedCheckpoints === true });
  };
}

async function runInvocation<TEvent, TResult, TLogger extends DurableLogger>(options: {
  handler: DurableExecutionHandler<TEvent, TResult, TLogger>;
  client: DurableExecutionClient;
  event: DurableExecutionInvocationInput;
  lambdaContext: LambdaContext;
  pipelined: boolean;
}): Promise<DurableExecutionInvocationOutput> {
  const { handler, client, event, lambdaContext } = options;
  let operations: unknown[];
  try {
    operations = await loadOperations(client, event);
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    if ((isDurableExecutionClientError(error) && error.scope === 'EXECUTION') || KMS_ERRORS.has(name)) return failed(error);
    throw error;
  }
  const state = new ExecutionState({
    durableExecutionArn: event.DurableExecutionArn,
    checkpointToken: event.CheckpointToken,
    operations,
  });
  const input = parseInput(state);
  if (!input.ok) return failed(input.error);

  const invocation = new Invocation({
    client,
    state,
    requestId: lambdaContext?.awsRequestId ?? '',
    pipelinedCheckpoints: options.pipelined,
    tenantId: lambdaContext?.tenantId,
    remainingTimeMs: () => lambdaContext?.getRemainingTimeInMillis?.() ?? Number.POSITIVE_INFINITY,
  });
  try {
    const logData = durableLogDataProvider({
      requestId: invocation.requestId,
      executionArn: state.durableExecutionArn,
      tenantId: invocation.tenantId,
    });
    invocation.getDurableLogData = logData;
    const logger = createDefaultLogger();
    logger.configureDurableLoggingContext?.({ getDurableLogData: logData });
    const mode = state.size > 1 ? DurableExecutionMode.ReplayMode : DurableExecutionMode.ExecutionMode;
    const root = new DurableContextImpl<TLogger>(invocation, lambdaContext, initialSettings(logger), { mode });

    const handlerEnd = new Promise<TResult>((resolve) => resolve(root.runAsContext(() => handler(input.value as TEvent, root)))).then(
      (value): HandlerEnd => ({ kind: 'returned', value }),
      (error: unknown): HandlerEnd => ({ kind: 'threw', error }),
    );
    const first = await Promise.race([handlerEnd, invocation.tracker.outcome]);
    const handlerWon = 'kind' in first && (first.kind === 'returned' || first.kind === 'threw');
    await invocation.pipeline.drain();
    const early = invocation.tracker.terminated;
    // Once the handler has answered, only faults (a failed checkpoint) override its outcome:
    // a suspension decided while the queue drained is moot.
    if (early && (!handlerWon || early.kind !== 'suspend')) return outcomeResponse(early);
    const end = first as HandlerEnd;
    if (end.kind === 'threw') {
      if (isUnrecoverableInvocationError(end.error)) throw end.error;
      return failed(end.error);
    }
    return await respondWithResult(invocation, end.value);
  } finally {
    invocation.dispose();
  }
}

async function respondWithResult(invocation: Invocation, value: unknown): Promise<DurableExecutionInvocationOutput> {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return failed(namedError('ResultSerializationError', `The handler's result cannot be serialised as JSON: ${detail}`, error));
  }
  if (json === undefined) return { Status: 'SUCCEEDED' };
  if (Buffer.byteLength(json, 'utf8') <= Limits.LAMBDA_RESPONSE_SIZE_BYTES) return { Status: 'SUCCEEDED', Result: json };
  // Too large for the response: record it on the EXECUTION operation (with its real id).
  const executionId = invocation.state.executionRecord()?.Id ?? hashOperationId(`execution-result-${Date.now()}`);
  const written = invocation.pipeline
    .enqueue({ rawId: 'execution', wireId: executionId, update: { Type: 'EXECUTION', Action: 'SUCCEED', Payload: json } })
    .then(() => undefined);
  await Promise.race([written, invocation.tracker.outcome]);
  await invocation.pipeline.drain();
  const early = invocation.tracker.terminated;
  if (early && early.kind !== 'suspend') return outcomeResponse(early);
  return { Status: 'SUCCEEDED', Result: '' };
}

