/**
 * Matching a history against an expectation list: `'*'` is any one event, `'**'` any number of
 * events (none included); other items are subsets of an event. A failure reports the first
 * expectation that could not be placed and the event it was tried against, for the diff.
 */
import type { HistoryEvent } from '../protocol.js';

/** Any defined value, or any one event when it stands for a whole item. */
export const WILDCARD = '*';
/** Any number of events (zero included), as an item of `toMatchHistory`. */
export const ANY_EVENTS = '**';

/** The `this` of a matcher, reduced to what matching needs. */
export interface EqualsState {
  equals(a: unknown, b: unknown): boolean;
}

export const isAsymmetric = (v: unknown): boolean =>
  v !== null && typeof v === 'object' && typeof (v as { asymmetricMatch?: unknown }).asymmetricMatch === 'function';

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null);

/** Subset match with `'*'` wildcards; the path of the first difference, or undefined. */
export const subsetDiff = (state: EqualsState, actual: unknown, expected: unknown, path: string): string | undefined => {
  if (expected === WILDCARD) return actual === undefined ? `${path || 'value'} is missing` : undefined;
  if (isAsymmetric(expected)) return state.equals(actual, expected) ? undefined : `${path || 'value'} does not match ${showValue(expected)}`;
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${path || 'value'} is not an array`;
    if (actual.length !== expected.length) return `${path || 'value'} has ${actual.length} items, expected ${expected.length}`;
    for (let i = 0; i < expected.length; i += 1) {
      const diff = subsetDiff(state, actual[i], expected[i], `${path}[${i}]`);
      if (diff !== undefined) return diff;
    }
    return undefined;
  }
  if (isPlainObject(expected)) {
    if (actual === null || typeof actual !== 'object') return `${path || 'value'} is not an object`;
    for (const [key, value] of Object.entries(expected)) {
      const diff = subsetDiff(state, (actual as Record<string, unknown>)[key], value, path ? `${path}.${key}` : key);
      if (diff !== undefined) return diff;
    }
    return undefined;
  }
  return state.equals(actual, expected) ? undefined : `${path || 'value'} is ${showValue(actual)}, expected ${showValue(expected)}`;
};

/**
 * `actual` cut down to the shape of `expected`, with the parts that matched replaced by the
 * expectation itself, so a diff of (expected, projection) shows only the real differences.
 */
export const projectOnto = (state: EqualsState, actual: unknown, expected: unknown): unknown => {
  if (expected === WILDCARD) return actual === undefined ? undefined : WILDCARD;
  if (isAsymmetric(expected)) return state.equals(actual, expected) ? expected : actual;
  if (Array.isArray(expected) && Array.isArray(actual) && actual.length === expected.length) {
    return actual.map((item, i) => projectOnto(state, item, expected[i]));
  }
  if (isPlainObject(expected) && actual !== null && typeof actual === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(expected)) {
      const got = (actual as Record<string, unknown>)[key];
      if (got !== undefined) out[key] = projectOnto(state, got, value);
    }
    return out;
  }
  return actual;
};

/** A value for a message: asymmetric matchers by their own description, not as JSON. */
export const showValue = (v: unknown): string => {
  if (isAsymmetric(v)) {
    const described = (v as { toAsymmetricMatcher?: () => string }).toAsymmetricMatcher?.();
    return described ?? String(v);
  }
  if (v instanceof Date) return v.toISOString();
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
};

/** Why a history did not match. */
export interface HistoryMismatch {
  /** Index of the first expectation that could not be placed (undefined: events left over). */
  expectedIndex?: number;
  /** The event it was tried against, if any. */
  candidate?: HistoryEvent;
  candidateIndex?: number;
  /** The first difference against the candidate. */
  difference?: string;
  /** Events after the last one the expectation accounted for. */
  leftOver?: HistoryEvent[];
}

/**
 * Matches `events` against `expected` (`'*'` one event, `'**'` any number). Returns undefined
 * on a match. Linear in events times expectations.
 */
export const matchEvents = (state: EqualsState, events: readonly HistoryEvent[], expected: readonly unknown[]): HistoryMismatch | undefined => {
  const n = events.length;
  let reach = new Uint8Array(n + 1);
  reach[0] = 1;
  for (let i = 0; i < expected.length; i += 1) {
    const item = expected[i];
    const next = new Uint8Array(n + 1);
    const first = reach.indexOf(1);
    if (item === ANY_EVENTS) {
      next.fill(1, first);
    } else {
      for (let j = first; j < n; j += 1) {
        if (reach[j] === 1 && (item === WILDCARD || subsetDiff(state, events[j], item, '') === undefined)) next[j + 1] = 1;
      }
    }
    if (!next.includes(1)) {
      const candidateIndex = closestCandidate(events, first, item);
      const candidate = candidateIndex === undefined ? undefined : events[candidateIndex];
      return {
        expectedIndex: i,
        ...(candidate !== undefined && candidateIndex !== undefined
          ? { candidate, candidateIndex, difference: subsetDiff(state, candidate, item, '') ?? '' }
          : {}),
      };
    }
    reach = next;
  }
  if (reach[n] === 1) return undefined;
  return { leftOver: events.slice(reach.lastIndexOf(1)) };
};

/** The event an unplaced expectation most likely meant: same type (and name) first, else the next one. */
const closestCandidate = (events: readonly HistoryEvent[], from: number, item: unknown): number | undefined => {
  if (from >= events.length) return undefined;
  if (isPlainObject(item)) {
    const sameKind = (e: HistoryEvent): boolean =>
      (item.EventType === undefined || e.EventType === item.EventType) && (typeof item.Name !== 'string' || e.Name === item.Name);
    for (let j = from; j < events.length; j += 1) if (sameKind(events[j]!)) return j;
    for (let j = from; j < events.length; j += 1) if (events[j]!.EventType === item.EventType) return j;
  }
  return from;
};

/** `EventType "Name"` of an event. */
export const briefEvent = (e: HistoryEvent | undefined): string => (e === undefined ? '(none)' : `${e.EventType}${e.Name !== undefined ? ` "${e.Name}"` : ''}`);
