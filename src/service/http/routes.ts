/** The HTTP front's route table: the Lambda durable-execution REST routes and `Invoke`. */
import type { ErrorObject, ExecutionStatus } from '../../protocol.js';
import type { DurableExecutionService } from '../service.js';
import { invoke } from './invoke-route.js';
import { jsonBody, queryBool, queryDate, queryInt } from './request-values.js';
import type { RouteEntry } from './route-types.js';

const V = '/2025-12-01';

/** The routes, bound to `service`. */
export const buildRoutes = (service: DurableExecutionService): RouteEntry[] => [
  ['POST', new RegExp(`^${V}/durable-executions/([^/]+)/checkpoint$`), async ({ params, body }) => {
    const req = jsonBody(body);
    return { body: await service.checkpoint({ ...req, DurableExecutionArn: params[0] }) };
  }],
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
  }],
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
  }],
  ['POST', new RegExp(`^${V}/durable-executions/([^/]+)/stop$`), async ({ params, body }) => {
    const error = body.length === 0 ? undefined : (jsonBody(body) as ErrorObject);
    return { body: service.stopExecution(params[0] ?? '', error) };
  }],
  ['GET', new RegExp(`^${V}/durable-executions/([^/]+)$`), async ({ params, query }) => ({
    body: service.getExecution(params[0] ?? '', queryBool(query.get('IncludeExecutionData')) ?? true),
  })],
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
  }],
  ['POST', new RegExp(`^${V}/durable-execution-callbacks/([^/]+)/succeed$`), async ({ params, body }) => {
    service.sendCallbackSuccess(params[0] ?? '', body.length === 0 ? undefined : new Uint8Array(body));
    return { body: {} };
  }],
  ['POST', new RegExp(`^${V}/durable-execution-callbacks/([^/]+)/fail$`), async ({ params, body }) => {
    service.sendCallbackFailure(params[0] ?? '', jsonBody(body) as ErrorObject);
    return { body: {} };
  }],
  ['POST', new RegExp(`^${V}/durable-execution-callbacks/([^/]+)/heartbeat$`), async ({ params }) => {
    service.sendCallbackHeartbeat(params[0] ?? '');
    return { body: {} };
  }],
  ['POST', /^\/2015-03-31\/functions\/([^/]+)\/invocations$/, async (request) => invoke(service, request)],
];
