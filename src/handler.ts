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
import { anchorShape } from './engine/shape-anchors.js';
import type { EarlyOutcome } from './engine/suspension.js';
import {
  errorToErrorObject,
  isDurableExecutionClientError,
  isUnrecoverableInvocationError,
} from './errors.js';
import { createDefaultLogger } from './logger/default-logger.js';
import type { DurableLogger } from './logger/types.js';
import { rootChildDepth } from './plugins/child-depth.js';
import type { InvocationEnd } from './plugins/invocation-hooks.js';
import { InvocationHooks, pluginsConfigProblem } from './plugins/invocation-hooks.js';
import { loadPlugins } from './plugins/loader.js';
import { withAttemptProbe } from './plugins/attempt-probe.js';
import { PluginRunner } from './plugins/runner.js';
import { PluginSession } from './plugins/session.js';
import type { DurableExecutionInvocationInput, DurableExecutionInvocationOutput } from './protocol.js';
import { InvocationStatus } from './protocol.js';
import { Limits } from './protocol.js';
import type { DurableExecutionClient } from './transport/checkpoint-client.js';
import { clientFromEvent } from './transport/invocation-input-with-client.js';
import { DurableExecutionHttpClient } from './transport/durable-execution-http-client.js';
import { injectedLambdaClient } from './transport/injected-lambda-client.js';
import type { DurableExecutionConfig, DurableExecutionHandler, DurableLambdaHandler, LambdaContext } from './types.js';

/** Message of the error thrown for an event that is not a durable invocation. */
export const UNEXPECTED_PAYLOAD_MESSAGE =
  'Unexpected payload provided to start the durable execution.\nCheck your resource configurations to confirm the durability is set.';

const KMS_ERRORS = new Set(['KMSAccessDeniedException', 'KMSDisabledException', 'KMSInvalidStateException', 'KMSNotFoundException']);

type HandlerEnd = { kind: 'returned'; value: unknown } | { kind: 'threw'; error: unknown };

function failed(error: unknown): DurableExecutionInvocationOutput {
  return { Status: InvocationStatus.FAILED, Error: errorToErrorObject(error) };
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

/** How an invocation ends: the response (or the error Lambda must see) and what plugins are told. */
type Ending = { end: InvocationEnd } & ({ response: DurableExecutionInvocationOutput } | { thrown: unknown });

function outcomeEnding(outcome: EarlyOutcome): Ending {
  if (outcome.kind === 'suspend') return { response: { Status: InvocationStatus.PENDING }, end: { status: 'PENDING' } };
  if (outcome.kind === 'throw') return { thrown: outcome.error, end: { status: 'RETRYING', error: outcome.error } };
  return failedEnding(outcome.error);
}

function failedEnding(error: unknown): Ending {
  return { response: failed(error), end: { status: 'FAILED', error } };
}

/** Tells the plugins how the invocation ended, then answers (or throws). */
async function settle(hooks: InvocationHooks, ending: Ending): Promise<DurableExecutionInvocationOutput> {
  await hooks.ended(ending.end);
  if ('thrown' in ending) throw ending.thrown;
  return ending.response;
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
  // Loading starts now (cold start); a failure is reported by every invocation, never unhandled.
  const runnerLoaded = loadPlugins(config?.plugins).then((plugins) => new PluginRunner(plugins));
  runnerLoaded.catch(() => undefined);
  return async (event, lambdaContext) => {
    if (!event?.DurableExecutionArn || !event?.CheckpointToken) throw new Error(UNEXPECTED_PAYLOAD_MESSAGE);
    if (config?.client && config.durableExecutionClient) {
      return failed(
        namedError('ConfigurationError', 'withDurableExecution: pass either `client` or `durableExecutionClient`, not both.'),
      );
    }
    let runner: PluginRunner;
    try {
      runner = withAttemptProbe(await runnerLoaded, event.DurableExecutionArn);
    } catch (error) {
      return failed(error);
    }
    // The default speaks the Lambda API itself: no AWS SDK in the bundle, a faster cold start.
    defaultClient ??= config?.durableExecutionClient ?? (config?.client ? injectedLambdaClient(config.client) : new DurableExecutionHttpClient());
    const client = clientFromEvent(event) ?? defaultClient;
    return runInvocation({ handler, client, event, lambdaContext, runner, config, pipelined: config?.pipelinedCheckpoints === true });
  };
}

async function runInvocation<TEvent, TResult, TLogger extends DurableLogger>(options: {
  runner: PluginRunner;
  config: DurableExecutionConfig | undefined;
  handler: DurableExecutionHandler<TEvent, TResult, TLogger>;
  client: DurableExecutionClient;
  event: DurableExecutionInvocationInput;
  lambdaContext: LambdaContext;
  pipelined: boolean;
}): Promise<DurableExecutionInvocationOutput> {
  const { handler, client, event, lambdaContext } = options;
  const { runner } = options;
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
  const executionInput = input.value;
  const mode = state.size > 1 ? DurableExecutionMode.ReplayMode : DurableExecutionMode.ExecutionMode;
  // Informational only (plugins read it): a malformed list is ignored rather than trusted.
  const updatedOperationIds = Array.isArray(event.UpdatedOperationIds)
    ? event.UpdatedOperationIds.filter((id): id is string => typeof id === 'string')
    : undefined;
  const hooks = new InvocationHooks(runner, {
    state,
    requestId: lambdaContext?.awsRequestId ?? '',
    executionInput,
    updatedOperationIds,
    isFirstInvocation: mode === DurableExecutionMode.ExecutionMode,
  });
  const depth = options.config?.pluginsConfig?.childOperationsDepth;

  const invocation = new Invocation({
    client,
    state,
    requestId: lambdaContext?.awsRequestId ?? '',
    pipelinedCheckpoints: options.pipelined,
    tenantId: lambdaContext?.tenantId,
    remainingTimeMs: () => lambdaContext?.getRemainingTimeInMillis?.() ?? Number.POSITIVE_INFINITY,
    deadlineMargin: options.config?.deadlineMargin,
    plugins: (s) => new PluginSession(s, { runner, updatedOperationIds, rootChildDepth: rootChildDepth(depth) }),
  });
  try {
    await hooks.started();
    const problem = pluginsConfigProblem(options.config);
    if (problem) return await settle(hooks, failedEnding(namedError('ConfigurationError', problem)));
    return await hooks.wrap(async () => settle(hooks, await execute()));
  } finally {
    invocation.dispose();
  }

  async function execute(): Promise<Ending> {
    const logData = durableLogDataProvider({
      requestId: invocation.requestId,
      executionArn: state.durableExecutionArn,
      tenantId: invocation.tenantId,
    });
    invocation.getDurableLogData = logData;
    const logger = createDefaultLogger({ enrichLogContext: runner.active ? () => runner.enrichLogContext() : undefined });
    logger.configureDurableLoggingContext?.({ getDurableLogData: logData });
    const root = new DurableContextImpl<TLogger>(invocation, lambdaContext, initialSettings(logger), { mode });

    const handlerEnd = new Promise<TResult>((resolve) => resolve(root.runAsContext(() => handler(executionInput as TEvent, root)))).then(
      (value): HandlerEnd => ({ kind: 'returned', value }),
      (error: unknown): HandlerEnd => ({ kind: 'threw', error }),
    );
    const first = await Promise.race([handlerEnd, invocation.tracker.outcome]);
    const handlerWon = 'kind' in first && (first.kind === 'returned' || first.kind === 'threw');
    await invocation.pipeline.drain();
    const early = invocation.tracker.terminated;
    // Once the handler has answered, only faults (a failed checkpoint) override its outcome:
    // a suspension decided while the queue drained is moot.
    if (early && (!handlerWon || early.kind !== 'suspend')) return outcomeEnding(early);
    const end = first as HandlerEnd;
    if (end.kind === 'threw') {
      if (isUnrecoverableInvocationError(end.error)) return { thrown: end.error, end: { status: 'RETRYING', error: end.error } };
      return failedEnding(end.error);
    }
    return respondWithResult(invocation, end.value);
  }
}

async function respondWithResult(invocation: Invocation, value: unknown): Promise<Ending> {
  const succeeded = (response: DurableExecutionInvocationOutput): Ending => ({ response, end: { status: 'SUCCEEDED', result: value } });
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return failedEnding(namedError('ResultSerializationError', `The handler's result cannot be serialised as JSON: ${detail}`, error));
  }
  if (json === undefined) return succeeded({ Status: InvocationStatus.SUCCEEDED });
  if (Buffer.byteLength(json, 'utf8') <= Limits.LAMBDA_RESPONSE_SIZE_BYTES) return succeeded({ Status: InvocationStatus.SUCCEEDED, Result: json });
  // Too large for the response: record it on the EXECUTION operation (with its real id).
  const executionId = invocation.state.executionRecord()?.Id ?? hashOperationId(`execution-result-${Date.now()}`);
  const written = invocation.pipeline
    .enqueue({ rawId: 'execution', wireId: executionId, update: { Type: 'EXECUTION', Action: 'SUCCEED', Payload: json } })
    .then(() => undefined);
  await Promise.race([written, invocation.tracker.outcome]);
  await invocation.pipeline.drain();
  const early = invocation.tracker.terminated;
  if (early && early.kind !== 'suspend') return outcomeEnding(early);
  return succeeded({ Status: InvocationStatus.SUCCEEDED, Result: '' });
}


const IDLE_CLIENT: DurableExecutionClient = {
  getExecutionState: () => Promise.reject(new Error('idle invocation')),
  checkpoint: () => Promise.reject(new Error('idle invocation')),
};

/**
 * An invocation and root context that never run (see engine/shape-anchors.ts): kept for the
 * life of the process so the hidden classes of the per-invocation objects survive a full GC
 * between invocations.
 */
function idleRootContext(): DurableContextImpl<DurableLogger> {
  const state = new ExecutionState({ durableExecutionArn: '', checkpointToken: '', operations: [] });
  const invocation = new Invocation({ client: IDLE_CLIENT, state, requestId: '', remainingTimeMs: () => 0, deadlineMargin: false });
  return new DurableContextImpl(invocation, {} as LambdaContext, initialSettings(createDefaultLogger()), { mode: DurableExecutionMode.ExecutionMode });
}

anchorShape(idleRootContext());
