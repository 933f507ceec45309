/** Read-side answers of the service: GetDurableExecution, history pages, execution lists. */
import type { ExecutionState } from './execution-state.js';
import { withoutExecutionData } from './history.js';
import { invalidParameter } from './service-errors.js';
import {
  page,
  type GetDurableExecutionHistoryRequest,
  type GetDurableExecutionHistoryResponse,
  type GetDurableExecutionResponse,
  type ListDurableExecutionsByFunctionRequest,
  type ListDurableExecutionsByFunctionResponse,
} from './service-types.js';
import { parseFunctionName } from './arn.js';

/** MaxItems as the service reads it: absent/0 = the limit; negative or fractional is an error. */
export const clampMaxItems = (maxItems: number | undefined, limit: number): number => {
  if (maxItems === undefined || maxItems === 0) return limit;
  if (!Number.isInteger(maxItems) || maxItems < 0) throw invalidParameter('MaxItems must be a positive integer.');
  return Math.min(maxItems, limit);
};

/** A page, rejecting markers this service never issued. */
export const pageOrThrow = <T>(items: readonly T[], marker: string | undefined, max: number): { items: T[]; next?: string } => {
  if (marker !== undefined && marker !== '' && !/^\d+$/.test(marker)) throw invalidParameter('Invalid Marker.');
  return page(items, marker, max);
};

/** `GetDurableExecution` for one execution. */
export const describeExecution = (exec: ExecutionState, includeExecutionData: boolean): GetDurableExecutionResponse => {
  const out: GetDurableExecutionResponse = {
    DurableExecutionArn: exec.arn,
    DurableExecutionName: exec.name,
    FunctionArn: exec.functionArn,
    StartTimestamp: new Date(exec.startTime),
    Status: exec.status,
    Version: exec.qualifier,
    DurableConfig: { ExecutionTimeout: exec.executionTimeoutSeconds, RetentionPeriodInDays: 14 },
  };
  if (exec.endTime !== undefined) out.EndTimestamp = new Date(exec.endTime);
  if (includeExecutionData) {
    if (exec.inputPayload !== undefined) out.InputPayload = exec.inputPayload;
    if (exec.result !== undefined) out.Result = exec.result;
    if (exec.error !== undefined) out.Error = structuredClone(exec.error);
  }
  return out;
};

/** `GetDurableExecutionHistory` (IncludeExecutionData defaults to true here). */
export const historyPage = (exec: ExecutionState, request: GetDurableExecutionHistoryRequest): GetDurableExecutionHistoryResponse => {
  const ordered = request.ReverseOrder === true ? [...exec.events].reverse() : exec.events;
  const { items, next } = pageOrThrow(ordered, request.Marker, clampMaxItems(request.MaxItems, 1000));
  const events = items.map((e) => (request.IncludeExecutionData === false ? withoutExecutionData(e) : structuredClone(e)));
  return next === undefined ? { Events: events } : { Events: events, NextMarker: next };
};

/** `ListDurableExecutionsByFunction` over `executions` (oldest first unless ReverseOrder). */
export const listExecutions = (
  executions: Iterable<ExecutionState>,
  request: ListDurableExecutionsByFunctionRequest,
): ListDurableExecutionsByFunctionResponse => {
  const { functionName, qualifier } = parseFunctionName(request.FunctionName);
  const wantedQualifier = request.Qualifier ?? qualifier;
  const matches = [...executions]
    .filter(
      (e) =>
        e.functionName === functionName &&
        (wantedQualifier === undefined || e.qualifier === wantedQualifier) &&
        (request.DurableExecutionName === undefined || e.name === request.DurableExecutionName) &&
        (request.Statuses === undefined || request.Statuses.length === 0 || request.Statuses.includes(e.status)) &&
        (request.StartedAfter === undefined || e.startTime > request.StartedAfter.getTime()) &&
        (request.StartedBefore === undefined || e.startTime < request.StartedBefore.getTime()),
    )
    .sort((a, b) => a.startTime - b.startTime);
  if (request.ReverseOrder === true) matches.reverse();
  const { items, next } = pageOrThrow(matches, request.Marker, clampMaxItems(request.MaxItems, 1000));
  const summaries = items.map((e) => ({
    DurableExecutionArn: e.arn,
    DurableExecutionName: e.name,
    FunctionArn: e.functionArn,
    Status: e.status,
    StartTimestamp: new Date(e.startTime),
    ...(e.endTime !== undefined ? { EndTimestamp: new Date(e.endTime) } : {}),
  }));
  return next === undefined ? { DurableExecutions: summaries } : { DurableExecutions: summaries, NextMarker: next };
};
