/**
 * Test matchers on a runner's result, written against the matcher protocol Vitest and Jest
 * share (`this.equals`, `{pass, message}`), so the same object extends either `expect`.
 */
import type { ErrorObject, HistoryEvent } from '../protocol.js';
import { ANY_EVENTS, briefEvent, isAsymmetric, matchEvents, projectOnto, showValue, subsetDiff, WILDCARD, type HistoryMismatch } from './history-match.js';
import type { DurableTestExecution, DurableTestResult } from './test-runner.js';

export { ANY_EVENTS, WILDCARD };

/** The `this` both Vitest and Jest give a matcher (only what these matchers use). */
export interface MatcherState {
  equals(a: unknown, b: unknown): boolean;
  isNot?: boolean;
  /** The framework's printing helpers; diffs come out in its own format when present. */
  utils?: {
    diff(expected: unknown, received: unknown, options?: Record<string, unknown>): string | null | undefined;
    printExpected(value: unknown): string;
    printReceived(value: unknown): string;
  };
}

/** What a matcher returns. */
export interface MatcherResult {
  pass: boolean;
  message: () => string;
}

/** Options of `toMatchHistory` and `toContainHistory`. */
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
   * one event, `'**'` any number of events (none included), `'*'` as a value any defined value;
   * asymmetric matchers (`expect.any(String)`) work.
   */
  toMatchHistory(expected: readonly unknown[], options?: MatchHistoryOptions): R;
  /** The history contains events matching each expected subset, in this order, others between them allowed. */
  toContainHistory(expected: readonly unknown[], options?: MatchHistoryOptions): R;
  /** The execution's metered usage stays within every given limit (see `result.usage`). */
  toStayWithin(limits: Partial<UsageLimits>): R;
}

/** Upper bounds for {@link DurableMatchers.toStayWithin}. */
export interface UsageLimits {
  operations: number;
  storageWrittenBytes: number;
  invocations: number;
}

type Received = DurableTestResult | DurableTestExecution | readonly HistoryEvent[];

const resultOf = (received: unknown, matcher: string): DurableTestResult => {
  const r = received as Partial<DurableTestResult> | null;
  if (r === null || typeof r !== 'object' || typeof r.status !== 'string' || !Array.isArray(r.history)) {
    throw new TypeError(`${matcher} expects the result of a DurableTestRunner (await execution.result() or runner.run()), got ${showValue(received)}`);
  }
  return r as DurableTestResult;
};

const historyOf = (received: unknown, matcher: string): readonly HistoryEvent[] => {
  if (Array.isArray(received)) return received as HistoryEvent[];
  const r = received as { history?: unknown } | null;
  if (r !== null && typeof r === 'object' && typeof r.history === 'function') return (r as DurableTestExecution).history();
  if (r !== null && typeof r === 'object' && Array.isArray(r.history)) return r.history as HistoryEvent[];
  throw new TypeError(`${matcher} expects a runner result, a DurableTestExecution or a list of history events, got ${showValue(received)}`);
};

const outcome = (r: DurableTestResult): string =>
  r.status === 'SUCCEEDED' ? `SUCCEEDED with ${r.rawResult ?? '(no result)'}` : `${r.status} with ${r.error?.ErrorType ?? 'Error'}: ${r.error?.ErrorMessage ?? ''}`;

const show = (state: MatcherState, v: unknown, side: 'expected' | 'received'): string =>
  state.utils === undefined ? showValue(v) : side === 'expected' ? state.utils.printExpected(v) : state.utils.printReceived(v);

/** The framework's diff of an expectation against the event it was tried on (projected to the expectation's keys). */
const diffBlock = (state: MatcherState, expected: unknown, event: HistoryEvent): string => {
  const received = projectOnto(state, event, expected);
  const diff = state.utils?.diff(expected, received);
  return diff ?? `Expected: ${showValue(expected)}\nReceived: ${showValue(received)}`;
};

const eventList = (events: readonly HistoryEvent[]): string => events.map((e, i) => `  ${i}: ${briefEvent(e)}`).join('\n');

const historyMessage = (state: MatcherState, events: readonly HistoryEvent[], expected: readonly unknown[], mismatch: HistoryMismatch, headline: string): string => {
  const lines = [headline];
  if (mismatch.expectedIndex !== undefined) {
    const item = expected[mismatch.expectedIndex];
    if (mismatch.candidate !== undefined) {
      lines.push(`expectation ${mismatch.expectedIndex} ${show(state, item, 'expected')} matched no event; closest: event ${mismatch.candidateIndex} (${briefEvent(mismatch.candidate)}): ${mismatch.difference ?? ''}`);
      if (isPlainObjectLike(item)) lines.push('', diffBlock(state, item, mismatch.candidate));
    } else {
      lines.push(`expectation ${mismatch.expectedIndex} ${show(state, item, 'expected')} matched no event: the history ended before it`);
    }
  } else if (mismatch.leftOver !== undefined) {
    lines.push(`events left over after the last expectation (end with '**' to allow them): ${mismatch.leftOver.map(briefEvent).join(', ')}`);
  }
  lines.push('', `history (${events.length} events):`, eventList(events));
  return lines.join('\n');
};

const isPlainObjectLike = (v: unknown): boolean => v !== null && typeof v === 'object' && !Array.isArray(v) && !isAsymmetric(v);

const filtered = (received: unknown, matcher: string, options: MatchHistoryOptions): readonly HistoryEvent[] =>
  historyOf(received, matcher).filter((e) => options.includeInvocations === true || e.EventType !== 'InvocationCompleted');

/**
 * The matchers, for `expect.extend` in Vitest or Jest (Vitest users can import
 * `durable-lambda/testing/vitest` instead, which also adds the types).
 *
 * @example
 * expect.extend(durableMatchers);
 * const result = await runner.run({ orderId: 1 });
 * expect(result).toHaveSucceededWith({ charged: true });
 * expect(result).toMatchHistory([{ EventType: 'ExecutionStarted' }, '**', { EventType: 'ExecutionSucceeded' }]);
 * expect(result).toContainHistory([{ EventType: 'StepSucceeded', Name: 'charge' }, { EventType: 'WaitSucceeded' }]);
 * expect(result).toStayWithin({ operations: 500, storageWrittenBytes: 10_000_000 });
 */
export const durableMatchers = {
  toHaveSucceededWith(this: MatcherState, received: Received, ...args: unknown[]): MatcherResult {
    const r = resultOf(received, 'toHaveSucceededWith');
    const checkValue = args.length > 0;
    const pass = r.status === 'SUCCEEDED' && (!checkValue || this.equals(r.result, args[0]));
    const wanted = checkValue ? ` with ${showValue(args[0])}` : '';
    return {
      pass,
      message: () => {
        if (pass) return `expected the execution not to succeed${wanted}, but it did`;
        const headline = `expected the execution to succeed${wanted}, but it ${outcome(r)}`;
        const diff = r.status === 'SUCCEEDED' && checkValue ? this.utils?.diff(args[0], r.result) : undefined;
        return diff ? `${headline}\n\n${diff}` : headline;
      },
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
    const wanted = expected === undefined ? '' : ` with ${expected instanceof RegExp ? String(expected) : showValue(expected)}`;
    return {
      pass,
      message: () => {
        if (pass) return `expected the execution not to fail${wanted}, but it did`;
        const headline = `expected the execution to fail${wanted}, but it ${outcome(r)}`;
        const diff = r.status === 'FAILED' && isPlainObjectLike(expected) ? this.utils?.diff(expected, projectOnto(this, r.error ?? {}, expected)) : undefined;
        return diff ? `${headline}\n\n${diff}` : headline;
      },
    };
  },

  toMatchHistory(this: MatcherState, received: Received, expected: readonly unknown[], options: MatchHistoryOptions = {}): MatcherResult {
    const events = filtered(received, 'toMatchHistory', options);
    const fixedLength = !expected.includes(ANY_EVENTS);
    let mismatch: HistoryMismatch | undefined;
    let headline = 'expected the history to match';
    if (fixedLength && events.length !== expected.length) {
      headline = `expected the history to match: the history has ${events.length} events, expected ${expected.length}: ${events.map(briefEvent).join(', ')} ('**' matches any number of events)`;
      mismatch = matchEvents(this, events, expected) ?? {};
    } else {
      mismatch = matchEvents(this, events, expected);
      const at = mismatch?.expectedIndex;
      if (mismatch !== undefined && fixedLength && at !== undefined) {
        headline = `expected the history to match: event ${at} (${briefEvent(events[at])}): ${subsetDiff(this, events[at], expected[at], '') ?? ''}`;
        mismatch = { expectedIndex: at, candidateIndex: at, ...(events[at] !== undefined ? { candidate: events[at] } : {}), difference: subsetDiff(this, events[at], expected[at], '') ?? '' };
      }
    }
    const pass = mismatch === undefined;
    return {
      pass,
      message: () => pass ? 'expected the history not to match, but it did' : historyMessage(this, events, expected, mismatch ?? {}, headline),
    };
  },

  toContainHistory(this: MatcherState, received: Received, expected: readonly unknown[], options: MatchHistoryOptions = {}): MatcherResult {
    const events = filtered(received, 'toContainHistory', options);
    const pattern = [ANY_EVENTS, ...expected.flatMap((item) => [item, ANY_EVENTS])];
    const mismatch = matchEvents(this, events, pattern);
    const pass = mismatch === undefined;
    const unplaced = mismatch?.expectedIndex === undefined ? undefined : { ...mismatch, expectedIndex: (mismatch.expectedIndex - 1) / 2 };
    return {
      pass,
      message: () => pass
        ? 'expected the history not to contain these events in this order, but it did'
        : historyMessage(this, events, expected, unplaced ?? {}, 'expected the history to contain these events in this order'),
    };
  },

  toStayWithin(this: MatcherState, received: Received, limits: Partial<UsageLimits>): MatcherResult {
    const r = resultOf(received, 'toStayWithin');
    const usage = r.usage;
    const over = (Object.keys(limits) as (keyof UsageLimits)[])
      .filter((key) => limits[key] !== undefined && usage[key] > (limits[key] ?? 0))
      .map((key) => `${key} ${usage[key]} > ${limits[key]}`);
    const pass = over.length === 0;
    const all = `operations ${usage.operations}, storageWrittenBytes ${usage.storageWrittenBytes}, invocations ${usage.invocations}`;
    return {
      pass,
      message: () => pass
        ? `expected the execution's usage to exceed ${showValue(limits)}, but it stayed within (${all})`
        : `expected the execution's usage to stay within ${showValue(limits)}: ${over.join(', ')} (${all})`,
    };
  },
};
