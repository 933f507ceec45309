/**
 * Export parity (protocol.md §7.1): ONE program that uses every root export of
 * `@aws/durable-execution-sdk-js` 2.4. `npm run typecheck` compiles it twice: against
 * durable-lambda (the root tsconfig maps `durable-lambda` to src/index.ts) and against the
 * official SDK (test/parity/tsconfig.official.json maps the same import to its types). A missing
 * export, or one whose shape differs in a way user code can see, fails the build.
 *
 * Not run: it only has to type-check. Plugin exports: plugin-exports.ts.
 */
import {
  type AnySerdes,
  type AnySerdesDeserializer,
  type BatchItem,
  BatchCompletionError,
  BatchItemStatus,
  type BatchResult,
  CallbackError,
  type CallbackDetails,
  CallbackExternalError,
  type CallbackOptions,
  CallbackSubmitterError,
  CallbackTimeoutError,
  type ChainedInvokeDetails,
  type ChainedInvokeOptions,
  type CheckpointDurableExecutionRequest,
  type CheckpointDurableExecutionResponse,
  type CheckpointUpdatedExecutionState,
  type ChildConfig,
  ChildContextError,
  type CompletionConfig,
  type CompletionDecision,
  type CompletionItemStatus,
  CompletionOutcome,
  type CompletionReason,
  type CompletionStatus,
  type ConcurrencyConfig,
  type ConcurrentExecutionItem,
  type ConcurrentExecutor,
  type ContextDetails,
  type ContextOptions,
  type CustomCompletionConfig,
  type Duration,
  DurableExecutionApiClient,
  type DurableExecutionClient,
  DurableExecutionClientError,
  type DurableExecutionClientErrorOptions,
  DurableExecutionClientErrorScope,
  type DurableExecutionConfig,
  type DurableExecutionHandler,
  type DurableExecutionInvocationInput,
  DurableExecutionInvocationInputWithClient,
  type DurableExecutionInvocationOutput,
  type DurableContext,
  type DurableContextLogger,
  type DurableLambdaHandler,
  type DurableLogData,
  type DurableLogger,
  type DurableLoggingContext,
  DurableOperationError,
  DurablePromise,
  type ErrorObject,
  type ExecutionDetails,
  FieldMatchMode,
  FileSystemPathEncoding,
  type FileSystemSerdesConfig,
  FileSystemSerdesMode,
  type GetDurableExecutionStateRequest,
  type GetDurableExecutionStateResponse,
  InvocationStatus,
  type InvokeConfig,
  InvokeError,
  JitterStrategy,
  type LinearRetryStrategyConfig,
  type MapConfig,
  type MapFunc,
  NestingType,
  type Operation,
  OperationAction,
  OperationStatus,
  OperationSubType,
  OperationType,
  type OperationUpdate,
  PluginLoadError,
  type PreviewConfig,
  type PreviewField,
  PreviewMode,
  PromiseCombinatorError,
  type RetryDecision,
  type RetryStrategyConfig,
  type RetryableFunc,
  SDK_VERSION,
  type Serdes,
  type SerdesConfig,
  type SerdesContext,
  type StepConfig,
  type StepDetails,
  StepError,
  type StepFunc,
  StepInterruptedError,
  type StepOptions,
  StepSemantics,
  type ThresholdCompletionConfig,
  type WaitDetails,
  type WaitForConditionCheckFunc,
  type WaitForConditionConfig,
  type WaitForConditionDecision,
  WaitForConditionError,
  type WaitForConditionWaitStrategyFunc,
  type WaitOptions,
  type WaitStrategyConfig,
  type WireOperation,
  type WireStepDetails,
  type WireTimestamp,
  type WireWaitDetails,
  type WithRetryConfig,
  buildPreview,
  completeBatch,
  continueBatch,
  createClassSerdes,
  createClassSerdesWithDates,
  createFileSystemSerdes,
  createLinearRetryStrategy,
  createRetryStrategy,
  createWaitStrategy,
  defaultSerdes,
  isDurableExecutionClientError,
  refreshLogConfig,
  retryPresets,
  withDurableExecution,
  withRetry,
} from 'durable-lambda';

class Order {
  id = '';
  placedAt = new Date(0);
}

// --- Retry, wait and completion helpers ---
const exponential: RetryStrategyConfig = { maxAttempts: 3, initialDelay: { seconds: 1 }, maxDelay: { minutes: 1 }, backoffRate: 2, jitter: JitterStrategy.FULL };
const linear: LinearRetryStrategyConfig = { maxAttempts: 4, initialDelay: { seconds: 2 } };
const strategies: ((error: Error, attempt: number) => RetryDecision)[] = [
  createRetryStrategy(exponential),
  createLinearRetryStrategy(linear),
  retryPresets.default,
  retryPresets.noRetry,
  retryPresets.linear,
];
const delay: Duration = { hours: 1, minutes: 2, seconds: 3 };
const decision: RetryDecision = { shouldRetry: true, delay };
const waitConfig: WaitStrategyConfig<{ done: boolean }> = { shouldContinuePolling: (s) => !s.done, maxAttempts: 10 };
const waitStrategy: WaitForConditionWaitStrategyFunc<{ done: boolean }> = createWaitStrategy(waitConfig);
const waitDecision: WaitForConditionDecision = { shouldContinue: true, delay: { seconds: 5 } };
const stopDecision: CompletionDecision = completeBatch(CompletionOutcome.FAILED);
const goOn: CompletionDecision = continueBatch();
const threshold: ThresholdCompletionConfig = { minSuccessful: 1, toleratedFailureCount: 0, toleratedFailurePercentage: 10 };
const custom: CustomCompletionConfig = {
  shouldComplete: (status: CompletionStatus) => {
    const first: CompletionItemStatus | undefined = status.items[0];
    return first?.status === BatchItemStatus.FAILED || status.failureCount > 0 ? stopDecision : goOn;
  },
};
const completions: CompletionConfig[] = [threshold, custom];
const reasons: CompletionReason[] = ['ALL_COMPLETED', 'MIN_SUCCESSFUL_REACHED', 'FAILURE_TOLERANCE_EXCEEDED', 'CUSTOM_COMPLETION_SUCCEEDED', 'CUSTOM_COMPLETION_FAILED'];

// --- Serdes ---
const orderSerdes: Serdes<Order> = createClassSerdes(Order);
const datedSerdes: Serdes<Order> = createClassSerdesWithDates(Order, ['placedAt']);
const anySerdes: AnySerdes = defaultSerdes;
const rawDeserializer: AnySerdesDeserializer = { deserialize: async (data: string | undefined, context: SerdesContext) => `${context.entityId}:${data}` };
const serdesConfig: SerdesConfig = { defaultSerdes: anySerdes, defaultCallbackDeserializer: rawDeserializer };
const previewField: PreviewField = { name: 'user.email', match: FieldMatchMode.PATH };
const previewConfig: PreviewConfig = { mode: PreviewMode.EXCLUDE_ALL, include: [{ name: 'id' }], mask: [previewField], maskString: '#', maxPreviewBytes: 512 };
const preview: Record<string, unknown> | undefined = buildPreview({ id: 1, user: { email: 'a@b.c' } }, previewConfig);
const fsConfig: FileSystemSerdesConfig = {
  storageMode: FileSystemSerdesMode.OVERFLOW,
  pathEncoding: FileSystemPathEncoding.HASH,
  generatePreview: (value: unknown) => buildPreview(value, { mode: PreviewMode.INCLUDE_ALL, exclude: [{ name: 'secret' }] }),
};
const fileSerdes: AnySerdes = createFileSystemSerdes('/mnt/efs', fsConfig);

// --- Operation configs and functions ---
const stepConfig: StepConfig<Order> = { retryStrategy: strategies[0], semantics: StepSemantics.AtMostOncePerRetry, serdes: datedSerdes };
const stepFunc: StepFunc<number> = async ({ attempt, logger }) => {
  logger.info('attempt', attempt);
  return attempt;
};
const childConfig: ChildConfig<string> = {
  subType: 'Custom',
  summaryGenerator: (result: string) => result.slice(0, 10),
  errorMapper: (error: DurableOperationError) => new ChildContextError(error.message, error),
  virtualContext: false,
};
const mapFunc: MapFunc<string, number, DurableLogger> = async (ctx: DurableContext, item: string, index: number, items: string[]) =>
  ctx.step(`len-${index}`, async () => item.length + items.length);
const mapConfig: MapConfig<string, number> = {
  maxConcurrency: 2,
  itemNamer: (item: string, index: number) => `${item}-${index}`,
  completionConfig: completions[0],
  nesting: NestingType.FLAT,
  summaryGenerator: (result: BatchResult<number>) => String(result.successCount),
};
const concurrency: ConcurrencyConfig<number> = { maxConcurrency: 3, nesting: NestingType.NESTED };
const executionItem: ConcurrentExecutionItem<string> = { id: 'i-1', data: 'x', index: 0 };
const executor: ConcurrentExecutor<string, number, DurableLogger> = async (item: ConcurrentExecutionItem<string>, ctx: DurableContext) =>
  ctx.step(async () => item.data.length);
const check: WaitForConditionCheckFunc<{ done: boolean }> = async (state, { attempt }) => ({ done: state.done || attempt > 2 });
const conditionConfig: WaitForConditionConfig<{ done: boolean }> = { initialState: { done: false }, waitStrategy };
const invokeConfig: InvokeConfig<{ n: number }, string> = { payloadSerdes: defaultSerdes, resultSerdes: defaultSerdes, tenantId: 'acme' };
const attemptFn: RetryableFunc<string> = async (ctx: DurableContext, attempt: number) => ctx.step(`attempt-${attempt}`, async () => 'ok');
const withRetryConfig: WithRetryConfig<string> = { retryStrategy: strategies[1] ?? retryPresets.default, wrapWithRunInChildContext: true, childContextConfig: childConfig };

// --- Logging ---
const logData: DurableLogData = { executionArn: 'arn', requestId: 'r', operationId: '1', attempt: 1, operationName: 'n', tenantId: 't' };
const useLogger = (logger: DurableContextLogger<DurableLogger>, loggingContext: DurableLoggingContext): void => {
  logger.warn('data', loggingContext.getDurableLogData());
};

// --- Errors ---
const errorObject: ErrorObject = { ErrorType: 'StepError', ErrorMessage: 'm', ErrorData: 'd', StackTrace: ['at x'] };
const rebuilt: DurableOperationError = DurableOperationError.fromErrorObject(errorObject);
const errors: Error[] = [
  new StepError('s'),
  new CallbackError('c'),
  new CallbackExternalError('e'),
  new CallbackTimeoutError('t'),
  new CallbackSubmitterError('s'),
  new InvokeError('i'),
  new ChildContextError('c', rebuilt),
  new WaitForConditionError('w'),
  new PromiseCombinatorError('p'),
  new StepInterruptedError('id', 'name'),
  new PluginLoadError('p', { cause: rebuilt }),
];
const clientErrorOptions: DurableExecutionClientErrorOptions = { scope: DurableExecutionClientErrorScope.EXECUTION, cause: rebuilt };
const clientError = new DurableExecutionClientError('denied', clientErrorOptions);
const classified: boolean = isDurableExecutionClientError(clientError) && clientError.scope === 'EXECUTION';
const batchError = (reason: CompletionReason): boolean => new BatchCompletionError(reason, 'b').completionReason === reason;
const toObject: ErrorObject = rebuilt.toErrorObject();

// --- Wire model ---
const timestamp: WireTimestamp = new Date(0);
const details: [ExecutionDetails, ContextDetails, StepDetails, WaitDetails, CallbackDetails, ChainedInvokeDetails] = [
  { InputPayload: '{}' },
  { Result: '1', ReplayChildren: false },
  { Attempt: 1, Result: '2' },
  { ScheduledEndTimestamp: new Date(0) },
  { CallbackId: 'cb', Result: 'r' },
  { Result: 'x', Error: errorObject },
];
const wireStep: WireStepDetails = { Attempt: 2, NextAttemptTimestamp: timestamp };
const wireWait: WireWaitDetails = { ScheduledEndTimestamp: timestamp };
const operation: Operation = { Id: 'c4ca4238a0b92382', Type: OperationType.STEP, Status: OperationStatus.SUCCEEDED, StartTimestamp: new Date(0), StepDetails: details[2] };
const wireOperation: WireOperation = { Id: '1', Type: OperationType.WAIT, Status: OperationStatus.STARTED, StartTimestamp: timestamp, StepDetails: wireStep, WaitDetails: wireWait };
const options: [ContextOptions, StepOptions, WaitOptions, CallbackOptions, ChainedInvokeOptions] = [
  { ReplayChildren: true },
  { NextAttemptDelaySeconds: 2 },
  { WaitSeconds: 3 },
  { TimeoutSeconds: 4, HeartbeatTimeoutSeconds: 5 },
  { FunctionName: 'fn', TenantId: 't' },
];
const update: OperationUpdate = {
  Id: '1',
  Type: OperationType.CONTEXT,
  Action: OperationAction.START,
  SubType: OperationSubType.WAIT_FOR_CALLBACK,
  ContextOptions: options[0],
};
const checkpointRequest: CheckpointDurableExecutionRequest = { DurableExecutionArn: 'arn', CheckpointToken: 't', Updates: [update] };
const newState: CheckpointUpdatedExecutionState = { Operations: [wireOperation], NextMarker: undefined };
const checkpointResponse: CheckpointDurableExecutionResponse = { CheckpointToken: 't2', NewExecutionState: newState };
const stateRequest: GetDurableExecutionStateRequest = { DurableExecutionArn: 'arn', CheckpointToken: 't', Marker: 'm', MaxItems: 10 };
const stateResponse: GetDurableExecutionStateResponse = { Operations: [wireOperation], NextMarker: undefined };
const client: DurableExecutionClient = {
  checkpoint: async (request: CheckpointDurableExecutionRequest) => (request.Updates ? checkpointResponse : checkpointResponse),
  getExecutionState: async (request: GetDurableExecutionStateRequest) => (request.Marker ? stateResponse : stateResponse),
};
const input: DurableExecutionInvocationInput = {
  DurableExecutionArn: 'arn',
  CheckpointToken: 't',
  InitialExecutionState: { Operations: [wireOperation], NextMarker: '' },
};
const withClient = new DurableExecutionInvocationInputWithClient(input, client);
const isInput: boolean = DurableExecutionInvocationInputWithClient.isInstance(withClient);
const outputs: DurableExecutionInvocationOutput[] = [
  { Status: InvocationStatus.SUCCEEDED, Result: '1' },
  { Status: InvocationStatus.FAILED, Error: errorObject },
  { Status: InvocationStatus.PENDING },
];

// --- The handler: every operation, withRetry and both configs of withDurableExecution ---
const body: DurableExecutionHandler<{ items: string[] }, unknown> = async (event, context: DurableContext) => {
  context.configureSerdes(serdesConfig);
  context.configureSerdes({ defaultSerdes: fileSerdes });
  useLogger(context.logger, { getDurableLogData: () => logData });
  const arn: string = context.executionContext.durableExecutionArn;
  const order: Order = await context.step('order', async () => new Order(), stepConfig);
  const plain: Order = await context.step(async () => new Order(), { serdes: orderSerdes });
  const attempt: number = await context.step(stepFunc);
  const child: string = await context.runInChildContext('child', async (ctx) => ctx.step(async () => 'c'), childConfig);
  await context.wait('pause', delay);
  await context.wait({ seconds: 1 });
  const condition: { done: boolean } = await context.waitForCondition('poll', check, conditionConfig);
  const [callback, callbackId]: [DurablePromise<string>, string] = await context.createCallback('cb', { timeout: { minutes: 5 } });
  const viaCallback: string = await context.waitForCallback('approval', async (id, { logger }) => logger.info(id), { timeout: delay, retryStrategy: strategies[2] });
  const parsed: number = await context.waitForCallback<number>(async () => undefined, { serdes: { deserialize: async (s) => Number(s) } });
  const invoked: string = await context.invoke('charge', 'arn:fn', { n: 1 }, invokeConfig);
  const mapped: BatchResult<number> = await context.map('map', event.items, mapFunc, mapConfig);
  const firstItem: BatchItem<number> | undefined = mapped.all[0];
  const parallel: BatchResult<number> = await context.parallel('par', [async (ctx) => ctx.step(async () => 1), { name: 'b', func: async () => 2 }], concurrency);
  const all: number[] = await context.promise.all('all', [context.step(async () => 1), context.step(async () => 2)]);
  const settled: PromiseSettledResult<number>[] = await context.promise.allSettled([context.step(async () => 1)]);
  const any: number = await context.promise.any([context.step(async () => 1)]);
  const race: number = await context.promise.race('race', [context.step(async () => 1)]);
  const retried: string = await withRetry(context, 'retry', attemptFn, withRetryConfig);
  const anonymous: string = await withRetry(context, attemptFn, { retryStrategy: retryPresets.linear });
  return { arn, order, plain, attempt, child, condition, callback: await callback, callbackId, viaCallback, parsed, invoked, firstItem, parallel, all, settled, any, race, retried, anonymous };
};
const config: DurableExecutionConfig = { durableExecutionClient: new DurableExecutionApiClient() };
export const handler: DurableLambdaHandler = withDurableExecution(body, config);
export const handlerWithoutConfig: DurableLambdaHandler = withDurableExecution(body);

refreshLogConfig();
const version: string = SDK_VERSION;
const lazy = new DurablePromise<number>(async () => 1);

/** Keeps every value referenced (the program is never run). */
export const parityValues: unknown[] = [
  strategies, decision, waitDecision, reasons, batchError, preview, executionItem, executor, attemptFn, errors, classified,
  toObject, details, operation, options, checkpointRequest, stateRequest, isInput, outputs, version, lazy,
];
