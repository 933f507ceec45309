/**
 * durable-lambda/cdk: the `DurableFunction` construct for the AWS CDK (aws-cdk-lib >= 2.237 and
 * constructs, both optional peers of durable-lambda: install them to use this entry).
 *
 * @example
 * ```ts
 * import { Duration } from 'aws-cdk-lib';
 * import { DurableFunction } from 'durable-lambda/cdk';
 *
 * const orders = new DurableFunction(stack, 'Orders', {
 *   entry: 'src/orders.ts',
 *   durableConfig: { executionTimeout: Duration.days(1) },
 * });
 * ```
 *
 * @packageDocumentation
 */
export {
  DEFAULT_ALIAS_NAME,
  DEFAULT_DURABLE_BUNDLING,
  DEFAULT_RETENTION_DAYS,
  DurableFunction,
  type DurableExecutionConfig,
  type DurableFunctionProps,
} from './durable-function.js';
export {
  DEFAULT_ENCRYPTION_CONTEXT_PURPOSE,
  DEFAULT_PAYLOAD_PREFIX,
  PAYLOAD_ENVIRONMENT,
  minimumOffloadDays,
  type DurablePayloadOptions,
} from './payload-resources.js';
export { CHECKPOINT_ACTIONS, EXECUTION_MANAGEMENT_ACTIONS, LIST_EXECUTIONS_ACTION, SEND_CALLBACK_ACTIONS } from './durable-actions.js';
