/**
 * Crash exploration: re-runs a finished execution once per checkpoint boundary and crash phase,
 * ending the invocation there as a crash would, and checks that every run ends as the original
 * did and that no step attempt ran more often than that crash allows (see `crash-verdict.ts`).
 *
 * Phases: `before` (the invocation dies before its checkpoint call reaches the service), `after`
 * (the service committed the checkpoint but the invocation died before hearing back), and
 * `timeout` (the call never returns; the invocation runs on until Lambda ends it at its function
 * timeout, `Sandbox.Timedout`, and nothing it sends after that lands). The service then retries
 * the invocation, which replays. Callbacks are answered as the original run answered them, in
 * the order they started.
 */
import { formatTimeline } from '../service/timeline.js';
import type { LambdaHandler } from '../service/invokers/in-process-invoker.js';
import { recordedAnswers, runWithCrash, type CrashPhase, type CrashRun, type CrashRunSetup } from './crash-run.js';
import { attemptViolations, rerunCount, rerunDivergence, type RerunDivergence } from './crash-verdict.js';
import type { DurableTestExecution } from './test-runner.js';

export type { CrashPhase } from './crash-run.js';

/** A crash run that ended with another result because a re-run attempt got another answer (allowed unless `strict`). */
export interface CrashDivergence extends RerunDivergence {
  boundary: number;
  phase: CrashPhase;
  status: string;
  result: string | undefined;
}

/** What {@link assertCrashSafe} explored. */
export interface CrashSafetyReport {
  /** Checkpoint calls of a crash-free run (each is one boundary). */
  boundaries: number;
  /** Crash runs made (boundaries × phases). */
  runs: number;
  /** Step attempts the crash-free run began (0 for a handler not wrapped by durable-lambda: attempts are then not counted). */
  attempts: number;
  /** At-least-once attempts that ran a second time where a crash had lost their record (allowed), over all runs. */
  reruns: number;
  /** Runs whose end differed only because such a re-run got another answer from the outside world. */
  divergences: CrashDivergence[];
  /** Real time the exploration took, in milliseconds. */
  durationMs: number;
}

/** Options of {@link assertCrashSafe}. */
export interface CrashSafetyOptions {
  /** Phases to explore (default all three). */
  phases?: readonly CrashPhase[];
  /** Chained-invoke targets by FunctionName, as given to the runner. */
  functions?: Record<string, LambdaHandler>;
  /**
   * Builds the handler for each run (default: the execution's own handler). Use it when the
   * handler closes over demo services whose state the earlier runs would otherwise change.
   */
  handlerFactory?: () => LambdaHandler;
  /** Function name of the handler, as given to the runner (default `handler`). */
  functionName?: string;
  /**
   * Also fail a run whose end differs because an at-least-once attempt ran again and the outside
   * world answered it differently (default false: that is what at-least-once allows, and the
   * report lists such runs under `divergences`).
   */
  strict?: boolean;
}

const PHASE_TEXT: Record<CrashPhase, string> = {
  before: 'before the call reached the service',
  after: 'after the service committed it, before the SDK heard back',
  timeout: 'the call never returned and the invocation reached its timeout',
};

const ending = (status: string, result: string | undefined): string => `${status} with ${result ?? '(no result)'}`;

const notCrashSafe = (boundary: number, of: number, phase: CrashPhase, run: CrashRun, problem: string): Error => {
  const carried = run.crashedCall.length > 0 ? run.crashedCall.join(', ') : 'no updates';
  return new Error(
    `Not crash-safe: a crash at checkpoint call ${boundary} of ${of} [${carried}] (${PHASE_TEXT[phase]}): ${problem}.\n` +
      `Timeline of that run:\n${formatTimeline(run.history)}`,
  );
};

/**
 * Re-runs a finished execution of a `DurableTestRunner` once per checkpoint boundary and crash
 * phase. Throws, naming the boundary (checkpoint call, the operations it carried, the phase) and
 * printing that run's timeline, when a run ends with another status or result than the original
 * or a step attempt runs more often than the crash allows.
 *
 * @example
 * const execution = runner.start(input);
 * await execution.result();
 * const report = await assertCrashSafe(execution); // { boundaries, runs, attempts, reruns, divergences, durationMs }
 */
export const assertCrashSafe = async (execution: DurableTestExecution, options: CrashSafetyOptions = {}): Promise<CrashSafetyReport> => {
  const started = Date.now();
  const handler = execution.handler;
  if (handler === undefined) throw new TypeError('assertCrashSafe needs an execution started by a DurableTestRunner (it re-runs the handler)');
  const original = await execution.result();
  const setupFor = (): CrashRunSetup => ({
    handler: options.handlerFactory?.() ?? handler,
    input: execution.service.execution(execution.arn).inputPayload,
    answers: recordedAnswers(original.history),
    functionName: options.functionName ?? 'handler',
    functions: options.functions ?? {},
  });
  const clean = await runWithCrash(setupFor(), undefined, 'before');
  const cleanProblems = attemptViolations(clean);
  if (cleanProblems.length > 0) throw new Error(`Not crash-safe without a crash: ${cleanProblems.join('; ')}.\nTimeline:\n${formatTimeline(clean.history)}`);
  const phases = options.phases ?? ['before', 'after', 'timeout'];
  const report: CrashSafetyReport = { boundaries: clean.checkpointCalls, runs: 0, attempts: clean.attempts.length, reruns: 0, divergences: [], durationMs: 0 };
  for (let boundary = 1; boundary <= clean.checkpointCalls; boundary += 1) {
    for (const phase of phases) {
      report.runs += 1;
      const run = await runWithCrash(setupFor(), boundary, phase);
      const problems = attemptViolations(run);
      if (problems.length > 0) throw notCrashSafe(boundary, clean.checkpointCalls, phase, run, problems.join('; '));
      report.reruns += rerunCount(run);
      if (run.status === original.status && run.result === original.rawResult) continue;
      const differs = `the run ended ${ending(run.status, run.result)} instead of ${ending(original.status, original.rawResult)}`;
      const divergence = rerunDivergence(run, original.history);
      if (divergence === undefined || options.strict === true) {
        const why = divergence ? ` (${divergence.operation} attempt ${divergence.attempt} ran again, then ${divergence.differs} recorded another outcome)` : '';
        throw notCrashSafe(boundary, clean.checkpointCalls, phase, run, differs + why);
      }
      report.divergences.push({ ...divergence, boundary, phase, status: run.status, result: run.result });
    }
  }
  report.durationMs = Date.now() - started;
  return report;
};
