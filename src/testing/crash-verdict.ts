/**
 * Judging one crash run: which step attempts ran more often than the crash allows, and whether a
 * run that ended differently did so only because a re-run attempt got another answer.
 *
 * The rules: an at-most-once attempt never runs twice (the SDK acknowledged its START before it
 * ran, so a replay finds it started and does not run it again). An at-least-once attempt may run
 * a second time only when the crash hit its invocation after the attempt began and before the
 * service committed its outcome (the record was lost, so the replay has nothing to return).
 * Nothing runs three times after one crash, and nothing runs twice in a run without a crash.
 */
import type { HistoryEvent } from '../protocol.js';
import type { AttemptRun, CrashRun } from './crash-run.js';

/** A run that ended with another result because an at-least-once attempt ran again and got another answer. */
export interface RerunDivergence {
  /** The at-least-once operation whose attempt ran again (quoted name or id). */
  operation: string;
  attempt: number;
  /** The operation whose recorded outcome then differed from the original's. */
  differs: string;
}

const label = (a: AttemptRun): string => `'${a.name ?? a.operationId}' attempt ${a.attempt}`;

const attemptsByKey = (run: CrashRun): Map<string, AttemptRun[]> => {
  const byKey = new Map<string, AttemptRun[]>();
  for (const a of run.attempts) {
    const key = `${a.operationId}#${a.attempt}`;
    byKey.set(key, [...(byKey.get(key) ?? []), a]);
  }
  return byKey;
};

/** Why an attempt ran more often than the run's crash allows; empty when none did. */
export const attemptViolations = (run: CrashRun): string[] => {
  const problems: string[] = [];
  for (const runs of attemptsByKey(run).values()) {
    const [first, second] = runs;
    if (first === undefined || second === undefined) continue;
    const where = `invocations ${runs.map((r) => r.invocation).join(', ')}`;
    if (runs.length > 2) {
      problems.push(`step ${label(first)} ran ${runs.length} times (${where}); one crash allows one re-run at most`);
    } else if (first.semantics === 'AT_MOST_ONCE_PER_RETRY') {
      problems.push(`at-most-once step ${label(first)} ran twice (${where})`);
    } else if (run.crashedInvocation === undefined || first.invocation !== run.crashedInvocation) {
      problems.push(`at-least-once step ${label(first)} ran twice (${where}) though no crash interrupted it`);
    } else if (second.invocation === first.invocation) {
      problems.push(`at-least-once step ${label(first)} ran twice in invocation ${first.invocation}`);
    } else if (run.outcomes.some((o) => o.invocation === first.invocation && o.operationId === first.operationId && o.seq > first.seq)) {
      problems.push(`at-least-once step ${label(first)} ran again (${where}) though the service had committed its outcome before the crash`);
    }
  }
  return problems;
};

/** Attempts that ran a second time (each allowed, once {@link attemptViolations} found nothing). */
export const rerunCount = (run: CrashRun): number => [...attemptsByKey(run).values()].filter((runs) => runs.length > 1).length;

/** Each recorded step outcome, keyed by operation id and attempt, in history order. */
const recordedOutcomes = (history: readonly HistoryEvent[]): Map<string, { value: string; name: string }> => {
  const out = new Map<string, { value: string; name: string }>();
  for (const e of history) {
    const succeeded = e.EventType === 'StepSucceeded' ? e.StepSucceededDetails : undefined;
    const failed = e.EventType === 'StepFailed' ? e.StepFailedDetails : undefined;
    const details = succeeded ?? failed;
    if (details === undefined || e.Id === undefined) continue;
    const value = succeeded ? `result ${succeeded.Result?.Payload ?? ''}` : `error ${JSON.stringify(failed?.Error?.Payload ?? {})}`;
    out.set(`${e.Id}#${details.RetryDetails?.CurrentAttempt ?? 1}`, { value, name: e.Name ?? e.Id });
  }
  return out;
};

/**
 * When a recorded step outcome of the run differs from the original's, and the attempt that
 * recorded it began after (or is) an at-least-once attempt that ran again after the crash, the
 * different end came from the outside world: it saw the re-run's side effect, or answered the
 * re-run differently (at-least-once semantics), not from the workflow's code. Returns the re-run
 * attempt. A run whose records all match the original's yet ends differently is the workflow's
 * fault (e.g. a step that assigns a handler variable instead of returning its value).
 */
export const rerunDivergence = (run: CrashRun, originalHistory: readonly HistoryEvent[]): RerunDivergence | undefined => {
  const original = recordedOutcomes(originalHistory);
  const byKey = attemptsByKey(run);
  const reruns = [...byKey.values()].flatMap((runs) => (runs[1] ? [runs[1]] : [])).sort((x, y) => x.seq - y.seq);
  const firstRerun = reruns[0];
  if (firstRerun === undefined) return undefined;
  for (const [key, outcome] of recordedOutcomes(run.history)) {
    if (original.get(key)?.value === outcome.value) continue;
    const recorder = byKey.get(key)?.at(-1);
    if (recorder === undefined || recorder.seq < firstRerun.seq) return undefined;
    return { operation: `'${firstRerun.name ?? firstRerun.operationId}'`, attempt: firstRerun.attempt, differs: `'${outcome.name}'` };
  }
  return undefined;
};
