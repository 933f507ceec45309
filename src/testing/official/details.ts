/** Conversions shared by the views and results: JSON results, error objects, timestamps. */
import type { ErrorObject, WireTimestamp } from '../../protocol.js';
import type { TestResultError } from './types.js';

/** `JSON.parse` of a result, or the text itself when it is not JSON; undefined stays undefined. */
export const parseResult = <T>(text: string | undefined): T | undefined => {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    return text as T;
  }
};

/** An ErrorObject as tests see it. */
export const toTestError = (error: ErrorObject | undefined): TestResultError | undefined =>
  error === undefined
    ? undefined
    : {
        errorMessage: error.ErrorMessage,
        errorType: error.ErrorType,
        errorData: error.ErrorData,
        stackTrace: error.StackTrace ? [...error.StackTrace] : undefined,
      };

/** A wire timestamp (Date, ISO text or epoch seconds) as a Date. */
export const toDate = (value: WireTimestamp | undefined): Date | undefined => {
  if (value === undefined) return undefined;
  if (value instanceof Date) return value;
  return typeof value === 'number' ? new Date(value * 1000) : new Date(value);
};
