/** The Lambda `Invoke` route: starts a durable execution (sync or `Event`). */
import type { DurableExecutionService } from '../service.js';
import { resourceNotFound } from '../service-errors.js';
import { executionName as checkExecutionName } from './request-values.js';
import type { RouteRequest, RouteResult } from './route-types.js';

/** Handles `POST /2015-03-31/functions/{name}/invocations`. */
export const invoke = async (service: DurableExecutionService, { params, query, body, headers }: RouteRequest): Promise<RouteResult> => {
  const name = params[0] ?? '';
  const qualifier = query.get('Qualifier');
  const functionName = qualifier === null ? name : `${name}:${qualifier}`;
  if (!service.hasFunction(functionName)) throw resourceNotFound(`Function not found: ${name}`);
  const header = (h: string): string | undefined => {
    const v = headers[h];
    return typeof v === 'string' ? v : undefined;
  };
  const named = header('x-amz-durable-execution-name');
  const executionName = named === undefined ? undefined : checkExecutionName(named);
  const tenantId = header('x-amz-tenant-id');
  const arn = service.startExecution({
    functionName,
    ...(body.length > 0 ? { payload: body.toString('utf8') } : {}),
    ...(executionName !== undefined ? { executionName } : {}),
    ...(tenantId !== undefined ? { tenantId } : {}),
  });
  const base = { 'x-amz-durable-execution-arn': arn, 'x-amz-executed-version': service.execution(arn).qualifier };
  if (header('x-amz-invocation-type') === 'Event') return { status: 202, raw: Buffer.alloc(0), headers: base };
  // A synchronous Invoke does not move virtual time: the service's own rule decides.
  const done = await service.waitForCompletion(arn, { moveTime: false });
  if (done.Status === 'SUCCEEDED') return { raw: Buffer.from(done.Result ?? 'null'), headers: base };
  const error = done.Error ?? {};
  return {
    raw: Buffer.from(JSON.stringify({ errorType: error.ErrorType ?? done.Status, errorMessage: error.ErrorMessage ?? `Execution ${done.Status}` })),
    headers: { ...base, 'x-amz-function-error': 'Unhandled' },
  };
};
