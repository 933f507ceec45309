/**
 * The IAM actions of Lambda durable executions, grouped by who needs them, and the ARN forms
 * they apply to. Durable executions (and their callbacks) are sub-resources of a QUALIFIED
 * function ARN (`function:<name>:<version>/durable-execution/...`), so `function:<name>:*` is the
 * narrowest resource that covers them; nothing here is ever granted on `*`.
 */

/** What a durable function's own role needs: write checkpoints and read its state. */
export const CHECKPOINT_ACTIONS = ['lambda:CheckpointDurableExecution', 'lambda:GetDurableExecutionState'] as const;

/** What a system that completes callbacks (`waitForCallback`, `createCallback`) needs. */
export const SEND_CALLBACK_ACTIONS = [
  'lambda:SendDurableExecutionCallbackSuccess',
  'lambda:SendDurableExecutionCallbackFailure',
  'lambda:SendDurableExecutionCallbackHeartbeat',
] as const;

/** What an operator or tool that inspects and stops executions needs (per execution). */
export const EXECUTION_MANAGEMENT_ACTIONS = ['lambda:GetDurableExecution', 'lambda:GetDurableExecutionHistory', 'lambda:StopDurableExecution'] as const;

/** Listing executions is per function: by the unqualified name or a qualified one. */
export const LIST_EXECUTIONS_ACTION = 'lambda:ListDurableExecutionsByFunction';

/** `<function ARN>:*`: every version and alias of the function, and the executions under them. */
export const qualifiedArnPattern = (unqualifiedFunctionArn: string): string => `${unqualifiedFunctionArn}:*`;
