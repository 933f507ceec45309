/**
 * Parsing of the HTTP front's request values (JSON bodies, query-string scalars); every failure
 * is an `InvalidParameterValueException` (400), never a 500.
 */
import type { ErrorObject } from '../../protocol.js';
import { invalidParameter } from '../service-errors.js';

/** The JSON body, `{}` when empty. */
export const jsonBody = (body: Buffer): any => {
  if (body.length === 0) return {};
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw invalidParameter('Request body is not valid JSON.');
  }
};

/** A `true`/`false` query value. */
export const queryBool = (value: string | null): boolean | undefined => (value === null ? undefined : value === 'true');

/** A non-negative integer query value. */
export const queryInt = (value: string | null): number | undefined => {
  if (value === null) return undefined;
  if (!/^\d+$/.test(value)) throw invalidParameter(`Invalid integer: ${value}`);
  return Number(value);
};

/** A timestamp query value: epoch seconds or an ISO date. */
export const queryDate = (value: string | null): Date | undefined => {
  if (value === null) return undefined;
  const d = new Date(/^\d+(\.\d+)?$/.test(value) ? Number(value) * 1000 : value);
  if (Number.isNaN(d.getTime())) throw invalidParameter(`Invalid timestamp: ${value}`);
  return d;
};

/** The JSON body, which must be an object (`{}` when empty). */
export const jsonObjectBody = (body: Buffer): Record<string, unknown> => {
  const value: unknown = jsonBody(body);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw invalidParameter('Request body must be a JSON object.');
  return value as Record<string, unknown>;
};

const ERROR_FIELDS = ['ErrorType', 'ErrorMessage', 'ErrorData'] as const;

/** An `ErrorObject` body: optional string fields and a `StackTrace` of strings. */
export const errorObjectBody = (body: Buffer): ErrorObject => {
  const value = jsonObjectBody(body);
  for (const field of ERROR_FIELDS) {
    if (value[field] !== undefined && typeof value[field] !== 'string') throw invalidParameter(`Error.${field} must be a string.`);
  }
  const trace = value.StackTrace;
  if (trace !== undefined && (!Array.isArray(trace) || !trace.every((line) => typeof line === 'string'))) {
    throw invalidParameter('Error.StackTrace must be a list of strings.');
  }
  return value;
};

/** Durable execution names, as the API documents them: 1-64 of `[a-zA-Z0-9-_]`. */
const EXECUTION_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/** Checks a `DurableExecutionName`. */
export const executionName = (value: string): string => {
  if (!EXECUTION_NAME.test(value)) {
    throw invalidParameter(`DurableExecutionName must be 1 to 64 characters of [a-zA-Z0-9-_] (got ${value.length} characters).`);
  }
  return value;
};

/** A path segment, percent-decoded; a malformed `%` sequence is a 400, not a 500. */
export const pathParam = (raw: string): string => {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw invalidParameter(`Malformed percent-encoding in the path: ${raw.slice(0, 80)}`);
  }
};
