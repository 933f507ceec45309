/** The Invoke that starts a durable execution: payload check, idempotent names, the new record. */
import { randomUUID } from 'node:crypto';
import { newExecutionState, type ExecutionState } from './execution-state.js';
import { parseFunctionName } from './arn.js';
import { DurableServiceError, invalidParameter, resourceNotFound } from './service-errors.js';
import type { StartExecutionRequest } from './service-types.js';

/** A start request, with the parent operation when a chained invoke starts it. */
export type StartRequest = StartExecutionRequest & { parent?: ExecutionState['parent'] };

/** What starting an execution reads from the service. */
export interface StartHost {
  readonly region: string;
  readonly account: string;
  now(): number;
  registration(functionName: string): { qualifier: string; executionTimeoutSeconds: number } | undefined;
  executions(): Iterable<ExecutionState>;
}

/**
 * The execution `request` names: an existing one for a repeated name and payload (the start is
 * idempotent), else a new record that the caller adds and schedules (`created: true`).
 */
export const executionToStart = (request: StartRequest, host: StartHost): { exec: ExecutionState; created: boolean } => {
  const { functionName, qualifier } = parseFunctionName(request.functionName);
  const fn = host.registration(functionName);
  if (!fn) throw resourceNotFound(`Function not found: ${request.functionName}`);
  if (request.payload !== undefined) assertJson(request.payload);
  const name = request.executionName ?? randomUUID();
  if (request.executionName !== undefined) {
    const existing = [...host.executions()].find((e) => e.functionName === functionName && e.name === name);
    if (existing) {
      if (existing.inputPayload === request.payload) return { exec: existing, created: false };
      throw new DurableServiceError(
        'DurableExecutionAlreadyStartedException',
        `Durable execution ${name} already started with a different payload`,
        409,
      );
    }
  }
  const exec = newExecutionState({
    name, functionName, qualifier: qualifier ?? fn.qualifier, region: host.region, account: host.account,
    payload: request.payload, executionTimeoutSeconds: fn.executionTimeoutSeconds, now: host.now(),
    ...(request.parent ? { parent: request.parent } : {}),
    ...(request.tenantId !== undefined ? { tenantId: request.tenantId } : {}),
  });
  return { exec, created: true };
};

const assertJson = (payload: string): void => {
  try {
    JSON.parse(payload);
  } catch {
    throw invalidParameter('Could not parse request body into json: the payload is not valid JSON.');
  }
};
