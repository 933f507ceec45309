/**
 * Test matchers on a runner's result, written against the matcher protocol Vitest and Jest
 * share (`this.equals`, `{pass, message}`), so the same object extends either `expect`.
 */
import type { ErrorObject, HistoryEvent } from '../protocol.js';
import type { DurableTestExecution, DurableTestResult } from './test-runner.js';

/** The `this` both Vitest and Jest give a matcher (only what these matchers use). */
export interface MatcherState {
  equals(a: unknown, b: unknown): boolean;
  isNot?: boolean;
}

/** What a matcher returns. */
export interface MatcherResult {
  pass: boolean;
  message: () => string;
}

/**
 * Matches any defined value inside {@link DurableMatchers.toMatchHistory} expectations, or any
 * one event when it stands for a whole item.
 *
 * @example
 * ```ts
 * expect(result).toMatchHistory([{ EventType: 'ExecutionStarted', Name: WILDCARD }, WILDCARD, WILDCARD]);
 * ```
 */
export const WILDCARD = '*';

/** Options of `toMatchHistory`. */
export interface MatchHistoryOptions {
  /** Also match InvocationCompleted events (default false: their number is an SDK detail). */
  includeInvocations?: boolean;
}

/** Matchers added by `expect.extend(durableMatchers)`, typed for `expect(result)`. */
export interface DurableMatchers<R = unknown> {
  /** The execution SUCCEEDED and its result equals `expected` (asymmetric matchers allowed). */
  toHaveSucceededWith(expected?: unknown): R;
  /** The execution FAILED; a string or RegExp matches the error message, an object is a subset of the ErrorObject. */
  toHaveFailedWith(expected?: string | RegExp | Partial<Record<keyof ErrorObject, unknown>>): R;
  /**
   * The history's events, in order, each match an expected subset; `'*'` as an item matches any
   * one event, `'*'` as a value any defined value; asymmetric matchers (`expect.any(String)`) work.
   */
  toMatchHistory(expected: readonly unknown[], options?: MatchHistoryOptions): R;
}

type Received = DurableTestResult | DurableTestExecution | readonly HistoryEvent[];

const isAsymmetric = (v: unknown): boolean =>
  v !== null && typeof v === 'object' && typeof (v as { asymmetricMatch?: unknown }).asymmetricMatch === 'function';

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null);

/** Subset match with `'*'` wildcards; the path of the first difference, or undefined. */
const subsetDiff = (state: MatcherState, actual: unknown, expected: unknown, path: string): string | undefined => {
  if (expected === WILDCARD) return actual === undefined ? `${path || 'value'} is missing` : undefined;
  if (isAsymmetric(expected)) return state.equals(actual, expected) ? undefined : `${path || 'value'} does not match`;
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
  return state.equals(actual, expected) ? undefined : `${path || 'value'} is ${show(actual)}, expected ${show(expected)}`;
};

const show = (v: unknown): string => {
  if (isAsymmetric(v)) return String(v);
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
};

const resultOf = (received: unknown, matcher: string): DurableTestResult => {
  const r = received as Partial<DurableTestResult> | null;
  if (r === null || typeof r !== 'object' || typeof r.status !== 'string' || !Array.isArray(r.history)) {
    throw new TypeError(`${matcher} expects the result of a DurableTestRunner (await execution.result() or runner.run()), got ${show(received)}`);
  }
  return r as DurableTestResult;
};

const historyOf = (received: unknown): readonly HistoryEvent[] => {
  if (Array.isArray(received)) return received as HistoryEvent[];
  const r = received as { history?: unknown } | null;
  if (r !== null && typeof r === 'object' && typeof r.history === 'function') return (r as DurableTestExecution).history();
  if (r !== null && typeof r === 'object' && Array.isArray(r.history)) return r.history as HistoryEvent[];
  throw new TypeError(`toMatchHistory expects a runner result, a DurableTestExecution or a list of history events, got ${show(received)}`);
};

const outcome = (r: DurableTestResult): string =>
  r.status === 'SUCCEEDED' ? `SUCCEEDED with ${r.rawResult ?? '(no result)'}` : `${r.status} with ${r.error?.ErrorType ?? 'Error'}: ${r.error?.ErrorMessage ?? ''}`;

const brief = (e: HistoryEvent | undefined): string => (e === undefined ? '(none)' : `${e.EventType}${e.Name !== undefined ? ` "${e.Name}"` : ''}`);

/**
 * The matchers, for `expect.extend` in Vitest or Jest (Vitest users can import
 * `durable-lambda/testing/vitest` instead, which also adds the types).
 *
 * @example
 * expect.extend(durableMatchers);
 * const result = await runner.run({ orderId: 1 });
 * expect(result).toHaveSucceededWith({ charged: true });
 * expect(result).toMatchHistory([{ EventType: 'ExecutionStarted' }, '*', { EventType: 'StepSucceeded', Name: 'charge' }, '*']);
 */
export const durableMatchers = {
  toHaveSucceededWith(this: MatcherState, received: Received, ...args: unknown[]): MatcherResult {
    const r = resultOf(received, 'toHaveSucceededWith');
    const checkValue = args.length > 0;
    const pass = r.status === 'SUCCEEDED' && (!checkValue || this.equals(r.result, args[0]));
    return {
      pass,
      message: () => pass
        ? `expected the execution not to succeed${checkValue ? ` with ${show(args[0])}` : ''}, but it did`
        : `expected the execution to succeed${checkValue ? ` with ${show(args[0])}` : ''}, but it ${outcome(r)}`,
    };
  },

  toHaveFailedWith(this: MatcherState, received: Received, expected?: string | RegExp | Record<string, unknown>): MatcherResult {
    const r = resultOf(received, 'toHaveFailedWith');
    const message = r.error?.ErrorMessage ?? '';
    let matches = true;
    if (typeof expected === 'string') matches = message === expected;
    else if (expected instanceof RegExp) matches = expected.test(message);
    else if (expected !== undefined) matches = subsetDiff(this, r.error ?? {}, expected, 'error') === undefined;
    const pass = r.status === 'FAILED' && matches;
    const wanted = expected === undefined ? '' : ` with ${expected instanceof RegExp ? String(expected) : show(expected)}`;
    return {
      pass,
      message: () => pass ? `expected the execution not to fail${wanted}, but it did` : `expected the execution to fail${wanted}, but it ${outcome(r)}`,
    };
  },

  toMatchHistory(this: MatcherState, received: Received, expected: readonly unknown[], options: MatchHistoryOptions = {}): MatcherResult {
    const events = historyOf(received).filter((e) => options.includeInvocations === true || e.EventType !== 'InvocationCompleted');
    let failure: string | undefined;
    if (events.length !== expected.length) {
      failure = `the history has ${events.length} events, expected ${expected.length}: ${events.map(brief).join(', ')}`;
    } else {
      for (let i = 0; i < expected.length && failure === undefined; i += 1) {
        const diff = subsetDiff(this, events[i], expected[i], '');
        if (diff !== undefined) failure = `event ${i} (${brief(events[i])}): ${diff}`;
      }
    }
    const pass = failure === undefined;
    return {
      pass,
      message: () => pass ? 'expected the history not to match, but it did' : `expected the history to match: ${failure ?? ''}`,
    };
  },
};
