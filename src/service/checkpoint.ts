/**
 * `CheckpointDurableExecution` and `GetDurableExecutionState` on one execution, and the
 * checkpoint tokens that fence invocations (a new token makes the previous one stale).
 */
import { randomBytes } from 'node:crypto';
import type {
  CheckpointDurableExecutionRequest,
  CheckpointDurableExecutionResponse,
  GetDurableExecutionStateRequest,
  GetDurableExecutionStateResponse,
  OperationUpdate,
} from '../protocol.js';
import { Limits } from '../protocol.js';
import { applyUpdates, type ExecutionCompletion, type UpdateEffects } from './apply-updates.js';
import { asWireOperations, copyOperation, visibleOperations, type ExecutionState } from './execution-state.js';
import { enforceServiceLimits } from './metering.js';
import { invalidParameter, resourceNotFound, staleCheckpointToken } from './service-errors.js';
import { clampMaxItems, pageOrThrow } from './service-queries.js';
import { validateUpdates } from './validate-updates.js';

/** Replaces the execution's checkpoint token with a fresh one and returns it. */
export const rotateCheckpointToken = (exec: ExecutionState): string => {
  exec.tokenSeq += 1;
  const body = JSON.stringify({ e: exec.id, s: exec.tokenSeq, n: randomBytes(6).toString('hex') });
  const token = Buffer.from(body).toString('base64url');
  exec.currentToken = token;
  return token;
};

/** What a checkpoint needs from the service that owns the execution. */
export interface CheckpointHost {
  /** Whether the service's per-execution limits are enforced. */
  enforceLimits(): boolean;
  hasFunction(nameOrArn: string): boolean;
  now(): number;
  readonly effects: UpdateEffects;
  setPendingCompletion(exec: ExecutionState, completion: ExecutionCompletion): void;
  notify(arn: string): void;
}

/** `CheckpointDurableExecution` on `exec` (already looked up from the request's ARN). */
export const checkpointExecution = (
  exec: ExecutionState,
  request: CheckpointDurableExecutionRequest,
  host: CheckpointHost,
): CheckpointDurableExecutionResponse => {
  if (typeof request.CheckpointToken !== 'string' || request.CheckpointToken === '') {
    throw invalidParameter('Checkpoint token is required');
  }
  if (request.ClientToken !== undefined) {
    const previous = exec.clientTokens.get(request.ClientToken);
    if (previous && previous.token === request.CheckpointToken) return structuredClone(previous.response);
  }
  if (exec.status !== 'RUNNING' || exec.currentToken !== request.CheckpointToken) throw staleCheckpointToken();
  const updates: OperationUpdate[] = request.Updates ?? [];
  if (!Array.isArray(updates)) throw invalidParameter('Updates must be a list.');
  if (updates.length > Limits.CHECKPOINT_BATCH_UPDATES) {
    throw invalidParameter(`A checkpoint may carry at most ${Limits.CHECKPOINT_BATCH_UPDATES} updates.`);
  }
  validateUpdates(exec, updates);
  if (host.enforceLimits()) enforceServiceLimits(exec, updates);
  for (const u of updates) {
    if (u.Type === 'CHAINED_INVOKE' && u.Action === 'START' && !host.hasFunction(u.ChainedInvokeOptions?.FunctionName ?? '')) {
      throw resourceNotFound(`Function not found: ${u.ChainedInvokeOptions?.FunctionName}`);
    }
  }
  const { changed, completion } = applyUpdates(exec, updates, host.now(), host.effects);
  for (const id of changed) exec.undelivered.add(id);
  const token = rotateCheckpointToken(exec);
  if (completion) {
    host.setPendingCompletion(exec, completion);
    // After an EXECUTION completion no further checkpoint is accepted.
    delete exec.currentToken;
  }
  const operations = [...exec.undelivered]
    .map((id) => exec.operations.get(id)?.op)
    .filter((op) => op !== undefined)
    .map(copyOperation);
  exec.undelivered.clear();
  const response: CheckpointDurableExecutionResponse = {
    CheckpointToken: token,
    NewExecutionState: { Operations: asWireOperations(operations) },
  };
  if (request.ClientToken !== undefined) {
    exec.clientTokens.set(request.ClientToken, { token: request.CheckpointToken, response: structuredClone(response) });
  }
  host.notify(exec.arn);
  return response;
};

/** `GetDurableExecutionState`: pages of the operations the invocation may see. */
export const executionStatePage = (exec: ExecutionState, request: GetDurableExecutionStateRequest): GetDurableExecutionStateResponse => {
  if (exec.currentToken === undefined || exec.currentToken !== request.CheckpointToken) throw staleCheckpointToken();
  const max = clampMaxItems(request.MaxItems, Limits.STATE_PAGE_SIZE);
  const { items, next } = pageOrThrow(visibleOperations(exec), request.Marker, max);
  return next === undefined ? { Operations: asWireOperations(items) } : { Operations: asWireOperations(items), NextMarker: next };
};
