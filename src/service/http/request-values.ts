/**
 * Parsing of the HTTP front's request values (JSON bodies, query-string scalars); every failure
 * is an `InvalidParameterValueException` (400), never a 500.
 */
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
