/**
 * One requirement's verdict from what a run observed: result, then history, then logs, with one
 * shared binding table. Pure: the runner gathers the observation, this module judges it.
 */
import type { HistoryEvent } from '../protocol.js';
import { CallbackPlanner } from './callbacks.js';
import type { ConformanceRequirement } from './load.js';
import { matchLogs } from './logs.js';
import { type ConformanceMismatch, matchHistory, matchResult } from './match.js';
import { type Bindings, resolveVariables, substitute } from './variables.js';

/** Everything a run of one requirement produced. */
export interface ConformanceObservation {
  executionArn: string;
  /** SUCCEEDED, FAILED, TIMED_OUT, STOPPED, or RUNNING when the run did not finish. */
  status: string;
  /** The execution's serialised result (JSON text), if any. */
  result?: string;
  /** GetDurableExecutionHistory events, in order. */
  events: readonly HistoryEvent[];
  /** Captured stdout/stderr writes of the execution's invocations, in order. */
  logs: readonly string[];
  /** Set when the callback planner reported `no-match` (the requirement then fails). */
  callbackFailure?: string;
}

/** The inputs of one run: fresh bindings, the substituted payload and a callback planner. */
export interface PreparedRun {
  bindings: Bindings;
  /** `Input` after substitution; undefined when the file has no Input. */
  input: unknown;
  planner: CallbackPlanner;
}

/**
 * Resolves the requirement's variables and builds what a runner needs to start it.
 *
 * @example
 * ```ts
 * const run = prepareRun(requirement);
 * const payload = JSON.stringify(run.input ?? null);
 * ```
 */
export function prepareRun(requirement: ConformanceRequirement, generate?: (length: number) => string): PreparedRun {
  const bindings = resolveVariables(requirement.variables, generate);
  return {
    bindings,
    input: requirement.hasInput ? substitute(requirement.input, bindings) : undefined,
    planner: new CallbackPlanner(requirement.callbackActions, bindings),
  };
}

/**
 * Judges an observation: callback-plan failure, then result, then history, then logs.
 * Returns the first mismatch, or undefined when the requirement passes.
 *
 * @example
 * ```ts
 * const mismatch = checkRequirement(requirement, observation, run.bindings);
 * console.log(mismatch ? `FAILED ${formatMismatch(mismatch)}` : 'PASSED');
 * ```
 */
export function checkRequirement(
  requirement: ConformanceRequirement,
  observation: ConformanceObservation,
  bindings: Bindings,
): ConformanceMismatch | undefined {
  if (observation.callbackFailure !== undefined) {
    return {
      path: 'CallbackActions',
      expected: requirement.callbackActions,
      actual: undefined,
      message: observation.callbackFailure,
    };
  }
  if (requirement.expectedResult) {
    const actual = observation.result === undefined ? { status: observation.status } : { status: observation.status, result: observation.result };
    const mismatch = matchResult(requirement.expectedResult, actual, bindings);
    if (mismatch) return mismatch;
  }
  return (
    matchHistory(requirement.expectedHistory, observation.events, bindings) ??
    matchLogs(requirement.expectedLogs, observation.logs, observation.executionArn, bindings)
  );
}

function brief(value: unknown): string {
  const text = value === undefined ? 'undefined' : JSON.stringify(value);
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
}

/** One line: `EventId 4 StepSucceededDetails.Result: expected "x", actual "y" (message)`. */
export function formatMismatch(mismatch: ConformanceMismatch): string {
  const where = [mismatch.eventId === undefined ? '' : `EventId ${mismatch.eventId}`, mismatch.path].filter(Boolean).join(' ');
  return `${where || '(root)'}: expected ${brief(mismatch.expected)}, actual ${brief(mismatch.actual)} (${mismatch.message})`;
}
