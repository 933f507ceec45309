/**
 * The enums the official testing library exports, as values with the same members. The SDK's
 * wire enums are re-exported from our protocol so one `OperationStatus` serves both the SDK and
 * the test API.
 */
export { OperationStatus, OperationType, ExecutionStatus } from '../../protocol.js';

/**
 * What {@link DurableOperation.waitForData} waits for: `STARTED` (the operation exists),
 * `SUBMITTED` (for `waitForCallback`: the submitter finished; otherwise the same as COMPLETED)
 * or `COMPLETED` (a terminal status).
 *
 * @example
 * ```ts
 * const approval = runner.getOperation('approval');
 * await approval.waitForData(WaitingOperationStatus.SUBMITTED);
 * await approval.sendCallbackSuccess('"yes"');
 * ```
 */
export const WaitingOperationStatus = {
  STARTED: 'STARTED',
  SUBMITTED: 'SUBMITTED',
  COMPLETED: 'COMPLETED',
} as const;
/** One of {@link WaitingOperationStatus}. */
export type WaitingOperationStatus = (typeof WaitingOperationStatus)[keyof typeof WaitingOperationStatus];

/**
 * Lambda `InvocationType` (the values of `@aws-sdk/client-lambda`), used by
 * `CloudDurableTestRunner`'s `config.invocationType`.
 *
 * @example
 * ```ts
 * const runner = new CloudDurableTestRunner({ functionName: 'orders', config: { invocationType: InvocationType.Event } });
 * ```
 */
export const InvocationType = {
  DryRun: 'DryRun',
  Event: 'Event',
  RequestResponse: 'RequestResponse',
} as const;
/** One of {@link InvocationType}. */
export type InvocationType = (typeof InvocationType)[keyof typeof InvocationType];
