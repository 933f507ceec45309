/**
 * Attribute names of the OpenTelemetry plugin: OpenTelemetry semantic conventions where they
 * exist (`faas.*`, `error.type`), the `durable.*` namespace otherwise.
 */
export const Attr = {
  /** On every span: the durable execution ARN, to join invocations in any backend. */
  EXECUTION_ARN: 'durable.execution.arn',
  /** Semantic convention: the Lambda request id of the invocation. */
  INVOCATION_ID: 'faas.invocation_id',
  INVOCATION_FIRST: 'durable.invocation.first',
  INVOCATION_STATUS: 'durable.invocation.status',
  /** Semantic convention: whether the invocation was a cold start (first in this process). */
  COLDSTART: 'faas.coldstart',
  OPERATION_ID: 'durable.operation.id',
  OPERATION_PARENT_ID: 'durable.operation.parent_id',
  OPERATION_NAME: 'durable.operation.name',
  OPERATION_TYPE: 'durable.operation.type',
  OPERATION_SUBTYPE: 'durable.operation.subtype',
  OPERATION_STATUS: 'durable.operation.status',
  OPERATION_RESULT_BYTES: 'durable.operation.result.bytes',
  OPERATION_ATTEMPTS: 'durable.operation.attempts',
  ATTEMPT_NUMBER: 'durable.attempt.number',
  ATTEMPT_OUTCOME: 'durable.attempt.outcome',
  ATTEMPT_NEXT_DELAY: 'durable.attempt.next_delay_seconds',
  CHECKPOINT_UPDATES: 'durable.checkpoint.updates',
  CHECKPOINT_PAYLOAD_BYTES: 'durable.checkpoint.payload.bytes',
  /** Semantic convention: the error's class. */
  ERROR_TYPE: 'error.type',
} as const;
