/** Request and response shapes of the service's control-plane API (Lambda API names). */
import type { ErrorObject, ExecutionStatus, HistoryEvent } from '../protocol.js';

export interface StartExecutionRequest {
  /** Registered function name (or ARN), optionally `name:qualifier`. */
  functionName: string;
  /** Invoke payload as JSON text; absent means no payload. */
  payload?: string;
  /** Execution name; idempotent: the same name and payload returns the existing execution. */
  executionName?: string;
  tenantId?: string;
}

export interface GetDurableExecutionResponse {
  DurableExecutionArn: string;
  DurableExecutionName: string;
  FunctionArn: string;
  InputPayload?: string;
  Result?: string;
  Error?: ErrorObject;
  StartTimestamp: Date;
  EndTimestamp?: Date;
  Status: ExecutionStatus;
  Version?: string;
  DurableConfig?: { ExecutionTimeout?: number; RetentionPeriodInDays?: number };
}

export interface GetDurableExecutionHistoryRequest {
  DurableExecutionArn: string;
  IncludeExecutionData?: boolean;
  MaxItems?: number;
  Marker?: string;
  ReverseOrder?: boolean;
}

export interface GetDurableExecutionHistoryResponse {
  Events: HistoryEvent[];
  NextMarker?: string;
}

export interface ListDurableExecutionsByFunctionRequest {
  FunctionName: string;
  Qualifier?: string;
  DurableExecutionName?: string;
  Statuses?: ExecutionStatus[];
  StartedAfter?: Date;
  StartedBefore?: Date;
  ReverseOrder?: boolean;
  Marker?: string;
  MaxItems?: number;
}

export interface DurableExecutionSummary {
  DurableExecutionArn: string;
  DurableExecutionName: string;
  FunctionArn: string;
  Status: ExecutionStatus;
  StartTimestamp: Date;
  EndTimestamp?: Date;
}

export interface ListDurableExecutionsByFunctionResponse {
  DurableExecutions: DurableExecutionSummary[];
  NextMarker?: string;
}

/** Paging helper: the slice for `marker` and the marker of the next page. */
export const page = <T>(items: readonly T[], marker: string | undefined, maxItems: number): { items: T[]; next?: string } => {
  const start = marker === undefined || marker === '' ? 0 : Number.parseInt(marker, 10);
  const from = Number.isFinite(start) && start >= 0 ? start : 0;
  const slice = items.slice(from, from + maxItems);
  const end = from + slice.length;
  return end < items.length ? { items: slice, next: String(end) } : { items: slice };
};
