/**
 * Reading a Lambda API (restJson) response without the AWS SDK: errors shaped like the SDK's
 * (`name`, `message`, `$fault`, `$metadata`) so that failure classification (§5.6) reads them
 * the same, epoch-second timestamps turned into dates, and which failures are worth a retry.
 */
import type { HttpResponse } from './http-send.js';
import { RESPONSE_TOO_LARGE, TIMEOUT_ERROR } from './http-send.js';

/** The AWS SDK's `$metadata` of a response or error. */
export interface ResponseMetadata {
  httpStatusCode?: number;
  requestId?: string;
  attempts: number;
  totalRetryDelay: number;
}

/** Name of the error for a response body that cannot be read. */
export const MALFORMED_RESPONSE = 'MalformedResponseError';

/**
 * An error answer of the Lambda API; `name` is the service's error type
 * (`ResourceNotFoundException`, `TooManyRequestsException`, ...), like the AWS SDK's errors.
 *
 * @example
 * ```ts
 * try { await client.checkpoint(request); } catch (error) {
 *   if (error instanceof LambdaApiError && error.name === 'TooManyRequestsException') backOff();
 * }
 * ```
 */
export class LambdaApiError extends Error {
  readonly $fault: 'client' | 'server';
  readonly $metadata: ResponseMetadata;

  constructor(options: { name: string; message: string; metadata: ResponseMetadata; cause?: unknown }) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = options.name;
    const status = options.metadata.httpStatusCode ?? 0;
    this.$fault = status >= 500 ? 'server' : 'client';
    this.$metadata = options.metadata;
  }
}

const header = (response: HttpResponse, name: string): string | undefined => {
  const value = response.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/** `x-amzn-requestid` of a response. */
export const requestIdOf = (response: HttpResponse): string | undefined => header(response, 'x-amzn-requestid');

/** `com.amazonaws.lambda#Name:http://...` -> `Name`. */
const errorTypeName = (raw: string): string => (raw.split(':')[0] ?? '').split('#').pop()?.trim() ?? '';

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; error: unknown } {
  if (text.trim() === '') return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, error };
  }
}

const snippet = (text: string): string => (text.length > 200 ? `${text.slice(0, 200)}…` : text);

/** The error an HTTP error answer stands for. */
function errorOf(response: HttpResponse, metadata: ResponseMetadata): LambdaApiError {
  const parsed = parseJson(response.body);
  const body = parsed.ok && typeof parsed.value === 'object' && parsed.value !== null ? (parsed.value as Record<string, unknown>) : {};
  const typed = header(response, 'x-amzn-errortype') ?? (typeof body.__type === 'string' ? body.__type : undefined) ?? (typeof body.code === 'string' ? body.code : undefined);
  const name = (typed && errorTypeName(typed)) || 'UnknownError';
  const text = typeof body.message === 'string' ? body.message : typeof body.Message === 'string' ? body.Message : undefined;
  const message = text ?? `The Lambda API answered HTTP ${response.status}${response.body ? `: ${snippet(response.body)}` : ''}`;
  return new LambdaApiError({ name, message, metadata });
}

/**
 * The JSON body of a successful answer, or the error the answer stands for.
 *
 * @example
 * ```ts
 * const body = readResponse(response, { attempts: 1, totalRetryDelay: 0 });
 * ```
 */
export function readResponse(response: HttpResponse, metadata: Omit<ResponseMetadata, 'httpStatusCode' | 'requestId'>): Record<string, unknown> {
  const full: ResponseMetadata = { httpStatusCode: response.status, requestId: requestIdOf(response), ...metadata };
  if (response.status < 200 || response.status >= 300) throw errorOf(response, full);
  const parsed = parseJson(response.body);
  if (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null || Array.isArray(parsed.value)) {
    throw new LambdaApiError({
      name: MALFORMED_RESPONSE,
      message: `The Lambda API answered HTTP ${response.status} with a body that is not a JSON object: ${snippet(response.body)}`,
      metadata: full,
      cause: parsed.ok ? undefined : parsed.error,
    });
  }
  return parsed.value as Record<string, unknown>;
}

const THROTTLING = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'ThrottledException',
  'SlowDown',
  'PriorRequestNotComplete',
  'EC2ThrottledException',
  'BandwidthLimitExceeded',
]);
const TRANSIENT = new Set([TIMEOUT_ERROR, 'RequestTimeout', 'RequestTimeoutException']);

/** Throttling answers back off from a longer base delay. */
export function isThrottling(error: unknown): boolean {
  return error instanceof LambdaApiError && (THROTTLING.has(error.name) || error.$metadata.httpStatusCode === 429);
}

/**
 * Whether the standard retry mode tries `error` again: throttling, 5xx, timeouts and network
 * errors (anything that is not an answer).
 */
export function isRetryable(error: unknown): boolean {
  if (error instanceof LambdaApiError) {
    const status = error.$metadata.httpStatusCode ?? 0;
    return isThrottling(error) || TRANSIENT.has(error.name) || (status >= 500 && status <= 599);
  }
  return error instanceof Error && error.name !== RESPONSE_TOO_LARGE;
}

const TIMESTAMPS = ['StartTimestamp', 'EndTimestamp'] as const;

const toDate = (value: unknown): unknown => {
  const seconds = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  return Number.isFinite(seconds) ? new Date(Math.round(seconds * 1000)) : value;
};

/** Turns an operation record's epoch-second timestamps into dates in place, as the AWS SDK does. */
function datesOfOperation(operation: unknown): void {
  if (typeof operation !== 'object' || operation === null) return;
  const record = operation as Record<string, any>;
  for (const key of TIMESTAMPS) if (key in record) record[key] = toDate(record[key]);
  const step = record.StepDetails;
  if (step && typeof step === 'object' && 'NextAttemptTimestamp' in step) step.NextAttemptTimestamp = toDate(step.NextAttemptTimestamp);
  const wait = record.WaitDetails;
  if (wait && typeof wait === 'object' && 'ScheduledEndTimestamp' in wait) wait.ScheduledEndTimestamp = toDate(wait.ScheduledEndTimestamp);
}

/** Converts the timestamps of every record in `operations` (if it is a list). */
export function convertOperationDates(operations: unknown): void {
  if (Array.isArray(operations)) operations.forEach(datesOfOperation);
}
