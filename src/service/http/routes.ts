/** The HTTP front's route table: the Lambda durable-execution REST routes and `Invoke`. */
import type { ExecutionStatus } from '../../protocol.js';
import type { DurableExecutionService } from '../service.js';
import { invoke } from './invoke-route.js';
import { errorObjectBody, jsonObjectBody, queryBool, queryDate, queryInt } from './request-values.js';
import type { RouteEntry } from './route-types.js';

const V = '/2025-12-01';
const KIB = 1024;
const MIB = 1024 * KIB;
/**
 * Request body caps, from the API's own limits: a checkpoint carries at most a 6 MB EXECUTION
 * payload plus the rest of its batch; callback results and errors are at most 1 MB; a
 * RequestResponse invoke payload 6 MB and an Event one 1 MB; GET and heartbeat requests have none.
 */
const CHECKPOINT_BODY = 8 * MIB;
const CALLBACK_BODY = 1 * MIB;
const STOP_BODY = 1 * MIB;
const NO_BODY = 1 * KIB;
const invokeBody = (headers: Record<string, string | string[] | undefined>): number => (headers['x-amz-invocation-type'] === 'Event' ? 1 * MIB : 6 * MIB);

/** The routes, bound to `service`. */
export const buildRoutes = (service: DurableExecutionService): RouteEntry[] => [
  ['POST', new RegExp(`^${V}/durable-executions/([^/]+)/checkpoint$`), async ({ params, body }) => {
    const req = jsonObjectBody(body);
    return { body: await service.checkpoint({ ...req, DurableExecutionArn: params[0] } as Parameters<DurableExecutionService['checkpoint']>[0]) };
  }, CHECKPOINT_BODY],
  ['GET', new RegExp(`^${V}/durable-executions/([^/]+)/state$`), async ({ params, query }) => {
    const marker = query.get('Marker');
    const max = queryInt(query.get('MaxItems'));
    return {
      body: await service.getExecutionState({
        DurableExecutionArn: params[0] ?? '',
        CheckpointToken: query.get('CheckpointToken') ?? '',
        ...(marker !== null ? { Marker: marker } : {}),
        ...(max !== undefined ? { MaxItems: max } : {}),
      }),
    };
  }, NO_BODY],
  ['GET', new RegExp(`^${V}/durable-executions/([^/]+)/history$`), async ({ params, query }) => {
    const include = queryBool(query.get('IncludeExecutionData'));
    const reverse = queryBool(query.get('ReverseOrder'));
    const max = queryInt(query.get('MaxItems'));
    const marker = query.get('Marker');
    return {
      body: service.getExecutionHistory({
        DurableExecutionArn: params[0] ?? '',
        ...(include !== undefined ? { IncludeExecutionData: include } : {}),
        ...(reverse !== undefined ? { ReverseOrder: reverse } : {}),
        ...(max !== undefined ? { MaxItems: max } : {}),
        ...(marker !== null ? { Marker: marker } : {}),
      }),
    };
  }, NO_BODY],
  ['POST', new RegExp(`^${V}/durable-executions/([^/]+)/stop$`), async ({ params, body }) => {
    const error = body.length === 0 ? undefined : errorObjectBody(body);
    return { body: service.stopExecution(params[0] ?? '', error) };
  }, STOP_BODY],
  ['GET', new RegExp(`^${V}/durable-executions/([^/]+)$`), async ({ params, query }) => ({
    body: service.getExecution(params[0] ?? '', queryBool(query.get('IncludeExecutionData')) ?? true),
  }), NO_BODY],
  ['GET', new RegExp(`^${V}/functions/([^/]+)/durable-executions$`), async ({ params, query }) => {
    const statuses = query.getAll('Statuses') as ExecutionStatus[];
    const opt = <K extends string, T>(k: K, v: T | undefined | null): Record<K, T> | object => (v === undefined || v === null ? {} : { [k]: v });
    return {
      body: service.listExecutionsByFunction({
        FunctionName: params[0] ?? '',
        ...opt('Qualifier', query.get('Qualifier')),
        ...opt('DurableExecutionName', query.get('DurableExecutionName')),
        ...(statuses.length > 0 ? { Statuses: statuses } : {}),
        ...opt('StartedAfter', queryDate(query.get('StartedAfter'))),
        ...opt('StartedBefore', queryDate(query.get('StartedBefore'))),
        ...opt('ReverseOrder', queryBool(query.get('ReverseOrder'))),
        ...opt('Marker', query.get('Marker')),
        ...opt('MaxItems', queryInt(query.get('MaxItems'))),
      }),
    };
  }, NO_BODY],
  ['POST', new RegExp(`^${V}/durable-execution-callbacks/([^/]+)/succeed$`), async ({ params, body }) => {
    service.sendCallbackSuccess(params[0] ?? '', body.length === 0 ? undefined : new Uint8Array(body));
    return { body: {} };
  }, CALLBACK_BODY],
  ['POST', new RegExp(`^${V}/durable-execution-callbacks/([^/]+)/fail$`), async ({ params, body }) => {
    service.sendCallbackFailure(params[0] ?? '', errorObjectBody(body));
    return { body: {} };
  }, CALLBACK_BODY],
  ['POST', new RegExp(`^${V}/durable-execution-callbacks/([^/]+)/heartbeat$`), async ({ params }) => {
    service.sendCallbackHeartbeat(params[0] ?? '');
    return { body: {} };
  }, NO_BODY],
  ['GET', /^\/2015-03-31\/functions\/?$/, async () => ({ body: { Functions: service.listFunctions() } }), NO_BODY],
  ['POST', /^\/2015-03-31\/functions\/([^/]+)\/invocations$/, async (request) => invoke(service, request), invokeBody],
];
