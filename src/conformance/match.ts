/**
 * History and result matchers of the conformance harness (rules of `shared/conformance/README.md`,
 * the same as the public Python validator). They return the FIRST mismatch, or undefined.
 */
import type { HistoryEvent } from '../protocol.js';
import type { ExpectedEvent, ExpectedResult } from './load.js';
import { PythonRegexError } from './python-regex.js';
import { type Bindings, regexPattern, stringForm, substituteString, wholeVariableName } from './variables.js';

/** The first difference found between expected and actual. */
export interface ConformanceMismatch {
  /** EventId of the expected event being compared (history matching only). */
  eventId?: number;
  /** Dotted path inside the event or result, e.g. `StepFailedDetails.Error.Payload.ErrorType`. */
  path: string;
  expected: unknown;
  actual: unknown;
  message: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function describe(value: unknown): string {
  return value === undefined ? 'undefined' : JSON.stringify(value);
}

function matchString(expected: string, actual: unknown, path: string, bindings: Bindings): ConformanceMismatch | undefined {
  if (expected === '*') return undefined;
  let pattern: RegExp | undefined;
  try {
    pattern = regexPattern(expected, bindings);
  } catch (error) {
    if (!(error instanceof PythonRegexError)) throw error;
    return { path, expected, actual, message: `${path}: ${error.message}` };
  }
  if (pattern) {
    if (pattern.test(stringForm(actual))) return undefined;
    return { path, expected, actual, message: `${path}: ${describe(actual)} does not match ${pattern}` };
  }
  const name = wholeVariableName(expected);
  if (name !== undefined) {
    if (!bindings.has(name)) {
      bindings.set(name, actual);
      return undefined;
    }
    const bound = bindings.get(name);
    if (deepEqual(bound, actual)) return undefined;
    return {
      path,
      expected: bound,
      actual,
      message: `${path}: expected \${${name}} = ${describe(bound)}, got ${describe(actual)}`,
    };
  }
  const text = substituteString(expected, bindings);
  if (actual === text) return undefined;
  return { path, expected: text, actual, message: `${path}: expected ${describe(text)}, got ${describe(actual)}` };
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  if (isRecord(a) && isRecord(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => key in b && deepEqual(a[key], b[key]));
  }
  return false;
}

/**
 * Matches one expected value against an actual value, recursively, binding `${NAME}` on first use.
 *
 * @example
 * ```ts
 * const bindings = new Map();
 * matchValue({ Id: '${ID1}', Name: '*' }, { Id: 'abc', Name: 'x' }, '', bindings); // undefined
 * bindings.get('ID1'); // 'abc'
 * ```
 */
export function matchValue(expected: unknown, actual: unknown, path: string, bindings: Bindings): ConformanceMismatch | undefined {
  if (typeof expected === 'string') return matchString(expected, actual, path, bindings);
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) {
      return { path, expected, actual, message: `${path}: expected a list, got ${describe(actual)}` };
    }
    if (actual.length !== expected.length) {
      return {
        path,
        expected,
        actual,
        message: `${path}: expected a list of ${expected.length} items, got ${actual.length}`,
      };
    }
    for (let i = 0; i < expected.length; i++) {
      const mismatch = matchValue(expected[i], actual[i], `${path}[${i}]`, bindings);
      if (mismatch) return mismatch;
    }
    return undefined;
  }
  if (isRecord(expected)) {
    if (!isRecord(actual)) {
      return { path, expected, actual, message: `${path}: expected an object, got ${describe(actual)}` };
    }
    for (const [key, value] of Object.entries(expected)) {
      const child = join(path, key);
      if (!(key in actual) || actual[key] === undefined) {
        return { path: child, expected: value, actual: undefined, message: `${child}: missing (expected ${describe(value)})` };
      }
      const mismatch = matchValue(value, actual[key], child, bindings);
      if (mismatch) return mismatch;
    }
    return undefined;
  }
  // Numbers compare by value, booleans and null by identity.
  if (expected === actual) return undefined;
  return { path, expected, actual, message: `${path}: expected ${describe(expected)}, got ${describe(actual)}` };
}

const NAMED_CHILD_EVENTS = new Set(['CallbackStarted', 'StepStarted', 'StepSucceeded']);

/**
 * Copies a `WaitForCallback` context's `Name` onto its child `CallbackStarted`, `StepStarted` and
 * `StepSucceeded` events that have no `Name` (the validator does this before matching).
 * Returns new event objects; the input is not modified.
 */
export function applyWaitForCallbackNames(events: readonly HistoryEvent[]): HistoryEvent[] {
  const contextNames = new Map<string, string>();
  for (const event of events) {
    if (event.EventType === 'ContextStarted' && event.SubType === 'WaitForCallback' && event.Id && event.Name) {
      contextNames.set(event.Id, event.Name);
    }
  }
  return events.map((event) => {
    const name = event.ParentId === undefined ? undefined : contextNames.get(event.ParentId);
    if (name === undefined || event.Name !== undefined || !NAMED_CHILD_EVENTS.has(event.EventType)) return event;
    return { ...event, Name: name };
  });
}

/**
 * Matches expected history events (each by its `EventId`) against the actual history.
 *
 * @example
 * ```ts
 * const mismatch = matchHistory(requirement.expectedHistory, history.Events, bindings);
 * if (mismatch) console.log(mismatch.eventId, mismatch.path, mismatch.message);
 * ```
 */
export function matchHistory(
  expected: readonly ExpectedEvent[],
  actual: readonly HistoryEvent[],
  bindings: Bindings,
): ConformanceMismatch | undefined {
  const byId = new Map<number, HistoryEvent>();
  for (const event of applyWaitForCallbackNames(actual)) byId.set(event.EventId, event);
  for (const event of expected) {
    const found = byId.get(event.EventId);
    if (!found) {
      return {
        eventId: event.EventId,
        path: '',
        expected: event,
        actual: undefined,
        message: `EventId ${event.EventId}: no such event (history has ${actual.length} events)`,
      };
    }
    const mismatch = matchValue(event, found, '', bindings);
    if (mismatch) return { ...mismatch, eventId: event.EventId, message: `EventId ${event.EventId}: ${mismatch.message}` };
  }
  return undefined;
}

/** The terminal state of an execution as the result matcher sees it. */
export interface ActualResult {
  /** SUCCEEDED, FAILED, TIMED_OUT, STOPPED (or RUNNING when the run did not finish). */
  status: string;
  /** The serialised result (JSON text), when the execution succeeded with one. */
  result?: string;
}

/**
 * Checks the execution status, then (only when SUCCEEDED and a `Result` is expected) matches the
 * expected `Result` against `JSON.parse(actual.result)`.
 *
 * @example
 * ```ts
 * matchResult({ ExecutionStatus: 'SUCCEEDED', Result: 'hi', hasResult: true }, { status: 'SUCCEEDED', result: '"hi"' }, bindings);
 * ```
 */
export function matchResult(
  expected: ExpectedResult,
  actual: ActualResult,
  bindings: Bindings,
): ConformanceMismatch | undefined {
  if (actual.status !== expected.ExecutionStatus) {
    return {
      path: 'ExecutionStatus',
      expected: expected.ExecutionStatus,
      actual: actual.status,
      message: `ExecutionStatus: expected ${expected.ExecutionStatus}, got ${actual.status}`,
    };
  }
  if (!expected.hasResult || actual.status !== 'SUCCEEDED') return undefined;
  if (actual.result === undefined) {
    return { path: 'Result', expected: expected.Result, actual: undefined, message: 'Result: missing' };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(actual.result);
  } catch {
    return {
      path: 'Result',
      expected: expected.Result,
      actual: actual.result,
      message: `Result: not JSON: ${actual.result.slice(0, 200)}`,
    };
  }
  return matchValue(expected.Result, parsed, 'Result', bindings);
}
