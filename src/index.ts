/**
 * durable-lambda: durable AWS Lambda functions in TypeScript.
 *
 * @packageDocumentation
 */
export {
  OperationType,
  OperationStatus,
  OperationAction,
  OperationSubType,
  InvocationStatus,
  ExecutionStatus,
  EventType,
} from './protocol.js';
export type {
  WireTimestamp,
  ErrorObject,
  ExecutionDetails,
  ContextDetails,
  StepDetails,
  WaitDetails,
  CallbackDetails,
  ChainedInvokeDetails,
  Operation,
  OperationUpdate,
  ContextOptions,
  StepOptions,
  WaitOptions,
  CallbackOptions,
  ChainedInvokeOptions,
  CheckpointUpdatedExecutionState,
  CheckpointDurableExecutionRequest,
  CheckpointDurableExecutionResponse,
  GetDurableExecutionStateRequest,
  GetDurableExecutionStateResponse,
  DurableExecutionInvocationInput,
  DurableExecutionInvocationOutput,
  HistoryEvent,
  WireOperation,
  WireStepDetails,
  WireWaitDetails,
} from './protocol.js';
export { defaultSerdes } from './serdes/serdes.js';
export type { Serdes, SerdesContext } from './serdes/serdes.js';
export {
  DurableOperationError,
  StepError,
  CallbackError,
  CallbackExternalError,
  CallbackTimeoutError,
  CallbackSubmitterError,
  InvokeError,
  ChildContextError,
  WaitForConditionError,
  PromiseCombinatorError,
  BatchCompletionError,
  StepInterruptedError,
  StepTimeoutError,
  PluginLoadError,
  DurableExecutionClientError,
  DurableExecutionClientErrorScope,
  isDurableExecutionClientError,
} from './errors.js';
export type { DurableExecutionClientErrorOptions, CompletionReason, StepTimeoutReason } from './errors.js';
export { JitterStrategy } from './retry/jitter.js';
export type { Duration } from './retry/duration.js';
export { createRetryStrategy } from './retry/retry-strategy.js';
export type { RetryStrategyConfig, RetryDecision } from './retry/retry-strategy.js';
export { createLinearRetryStrategy } from './retry/linear-retry-strategy.js';
export type { LinearRetryStrategyConfig } from './retry/linear-retry-strategy.js';
export { retryPresets } from './retry/retry-presets.js';
export { createWaitStrategy } from './retry/wait-strategy.js';
export type { WaitStrategyConfig, WaitForConditionDecision } from './retry/wait-strategy.js';
export { createClassSerdes, createClassSerdesWithDates } from './serdes/class-serdes.js';
export { createFileSystemSerdes, FileSystemSerdesMode, FileSystemPathEncoding } from './serdes/filesystem-serdes.js';
export type { FileSystemSerdesConfig } from './serdes/filesystem-serdes.js';
export { buildPreview, FieldMatchMode, PreviewMode } from './serdes/preview.js';
export type { PreviewField, PreviewConfig } from './serdes/preview.js';
export { withRetry } from './operations/with-retry.js';
export type { WithRetryConfig, RetryableFunc } from './operations/with-retry.js';
export { refreshLogConfig } from './logger/log-config.js';
export type { DurableLogger, DurableContextLogger, DurableLogData, DurableLoggingContext, LoggerConfig } from './logger/types.js';
// Payload pipeline (serdes): extended JSON, compression, envelope encryption, offloading, 256 KiB guard.
export { createPayloadSerdes, MAX_CHECKPOINT_PAYLOAD_BYTES } from './serdes/payload-serdes.js';
export type { PayloadSerdes, PayloadSerdesOptions, PayloadStats, DeserializedValue } from './serdes/payload-serdes.js';
export { createExtendedJson, createExtendedJsonSerdes, jsonCodec } from './serdes/extended-json.js';
export type { ExtendedJsonOptions, RegisteredClass, ValueCodec } from './serdes/extended-json.js';
export { DEFAULT_BROTLI_QUALITY, DEFAULT_COMPRESSION_THRESHOLD_BYTES, zstdAvailable } from './serdes/compression.js';
export type { CompressionOptions } from './serdes/compression.js';
export type { EncryptionOptions, EncryptionStats } from './serdes/encryption.js';
export { isLambdaEnvironment } from './serdes/key-provider.js';
export type { KeyProvider, DataKey } from './serdes/key-provider.js';
export { createLocalKeyProvider } from './serdes/local-key-provider.js';
export type { LocalKeyProviderOptions } from './serdes/local-key-provider.js';
export { createFileBlobStore } from './serdes/blob-store.js';
export type { BlobReadOptions, BlobStore, FileBlobStoreOptions } from './serdes/blob-store.js';
export { DEFAULT_OFFLOAD_THRESHOLD_BYTES } from './serdes/offload.js';
export type { OffloadOptions, OffloadStats } from './serdes/offload.js';
export { describePayload, ENVELOPE_VERSION } from './serdes/envelope.js';
export type { PayloadDescription } from './serdes/envelope.js';
export { decodePayload } from './serdes/decode-payload.js';
export type { DecodePayloadOptions } from './serdes/decode-payload.js';
export {
  PayloadError,
  PayloadTooLargeError,
  PayloadFormatError,
  PayloadSerializationError,
  PayloadIntegrityError,
  DecryptionFailedError,
  BlobNotFoundError,
  BlobStoreError,
  KeyProviderError,
  PayloadConfigurationError,
} from './serdes/errors.js';
export type { PayloadErrorScope, PayloadErrorOptions } from './serdes/errors.js';
// --- Durable engine: handler wrapper, context, operations, transports ---
export { withDurableExecution } from './handler.js';
export { DurablePromise } from './engine/durable-promise.js';
export { StepSemantics } from './types.js';
export type {
  DurableContext,
  DurableExecutionConfig,
  DurableExecutionHandler,
  DurableLambdaHandler,
  LambdaContext,
  StepConfig,
  StepFunc,
  StepContext,
  ChildConfig,
  ChildFunc,
  CreateCallbackConfig,
  CreateCallbackResult,
  WaitForCallbackConfig,
  WaitForCallbackSubmitterFunc,
  WaitForCallbackContext,
  InvokeConfig,
  WaitForConditionCheckFunc,
  WaitForConditionConfig,
  WaitForConditionContext,
  WaitForConditionWaitStrategyFunc,
  SerdesConfig,
  AnySerdes,
  AnySerdesDeserializer,
} from './types.js';
export { NestingType, BatchItemStatus, CompletionOutcome, completeBatch, continueBatch } from './batch-types.js';
export type {
  BatchItem,
  BatchResult,
  CompletionConfig,
  ThresholdCompletionConfig,
  CustomCompletionConfig,
  CompletionStatus,
  CompletionItemStatus,
  CompletionDecision,
  MapFunc,
  MapConfig,
  ParallelFunc,
  ParallelBranchesResult,
  ParallelConfig,
  NamedParallelBranch,
  ConcurrentExecutionItem,
  ConcurrentExecutor,
  ConcurrencyConfig,
} from './batch-types.js';
export type { DurableExecutionClient } from './transport/checkpoint-client.js';
export { DurableExecutionApiClient } from './transport/lambda-api-client.js';
export { DurableExecutionHttpClient } from './transport/durable-execution-http-client.js';
export type { DurableExecutionHttpClientOptions } from './transport/durable-execution-http-client.js';
export type { AwsCredentials, AwsCredentialsProvider } from './transport/credentials.js';
export { LambdaApiError } from './transport/api-response.js';
export { DurableExecutionInvocationInputWithClient } from './transport/invocation-input-with-client.js';
export { SDK_VERSION } from './version.js';
// Instrumentation plugins (2.4, experimental).
export {
  DURABLE_INSTRUMENTATION_PLUGIN_API_VERSION,
  PluginInvocationStatus,
  PluginOperationStatus,
  AttemptEndInfoOutcome,
  INVOKE_CARRIER_FIELD,
} from './plugins/types.js';
export type {
  DurableInstrumentationPlugin,
  DurableInstrumentationPluginProvider,
  DurableInstrumentationPluginType,
  InvocationInfo,
  InvocationEndInfo,
  OperationChangeInfo,
  OperationInfo,
  OperationEndInfo,
  AttemptInfo,
  AttemptEndInfo,
  CheckpointInfo,
} from './plugins/types.js';
