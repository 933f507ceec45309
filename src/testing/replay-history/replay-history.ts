/**
 * The replay gate: runs a handler against a recorded execution without running any step, wait
 * or callback, and reports the first operation that does not match the recording (position,
 * type, subtype, name) or what the new code would run past the end of the recording.
 */
import { REPLAY_PROBE, type ProbedOperation, type ReplayProbe } from '../../engine/replay-probe.js';
import type { ErrorObject, Operation, OperationUpdate } from '../../protocol.js';
import type { LambdaHandler } from '../../service/invokers/in-process-invoker.js';
import { readRecordedExecution, type RecordedExecution } from './recorded-execution.js';
import { callSite } from './call-site.js';

/** An operation as the report shows it. */
export interface ReplayedOperation {
  /** Wire id (the recording's `Id`). */
  readonly id: string;
  /** Counter path of the new code's call (`"3"`, `"2-1"`), when the new code made it. */
  readonly position?: string;
  readonly type: string;
  readonly subType?: string;
  readonly name?: string;
  /** `file:line:column` of the new code's call, when known. */
  readonly location?: string;
}

/** What {@link replayHistory} found. */
export interface ReplayHistoryReport {
  /**
   * `match`: the new code replays the whole recording; `mismatch`: it diverges; `beyond`: it
   * replays the recording and would then run {@link ReplayHistoryReport.next}.
   */
  readonly outcome: 'match' | 'mismatch' | 'beyond';
  /** `match`, or `beyond` when not strict: safe to deploy for this execution. */
  readonly ok: boolean;
  /** Recorded operations the new code replayed before the outcome. */
  readonly replayed: number;
  /** The first divergence: the recorded operation and the new one side by side. */
  readonly mismatch?: {
    readonly reason: 'type' | 'name' | 'subType' | 'removed';
    readonly recorded: ReplayedOperation;
    readonly actual?: ReplayedOperation;
  };
  /** The first operation the new code would run past the recording. */
  readonly next?: ReplayedOperation;
  /** How the handler itself ended, when it ended (a replay that stops early has none). */
  readonly handlerStatus?: 'SUCCEEDED' | 'FAILED' | 'PENDING';
  readonly error?: ErrorObject;
  /** The ARN the replay ran under (the history's, the option's, or a placeholder). */
  readonly arn: string;
}

/** Options of {@link replayHistory}. */
export interface ReplayHistoryOptions {
  /** The new code: a handler built with `withDurableExecution`. */
  readonly handler: LambdaHandler;
  /** A parsed history or state document, or an already read {@link RecordedExecution}. */
  readonly history: unknown;
  /** Count reaching past the recording as a failure (`ok: false`). */
  readonly strict?: boolean;
  /**
   * The execution's ARN when the history does not name it (the AWS CLI's history JSON does
   * not): encrypted payloads are bound to it, so they decrypt only under the right ARN.
   */
  readonly arn?: string;
}

const view = (op: { Id: string; Type: string; SubType?: string | undefined; Name?: string | undefined }): ReplayedOperation => ({
  id: op.Id,
  type: op.Type,
  ...(op.SubType !== undefined ? { subType: op.SubType } : {}),
  ...(op.Name !== undefined ? { name: op.Name } : {}),
});

const probed = (op: ProbedOperation, location: string | undefined): ReplayedOperation => ({
  id: op.wireId,
  position: op.rawId,
  type: op.type,
  ...(op.subType !== undefined ? { subType: op.subType } : {}),
  ...(op.name !== undefined ? { name: op.name } : {}),
  ...(location !== undefined ? { location } : {}),
});

const ENDINGS = ['SUCCEEDED', 'FAILED', 'PENDING'] as const;
const IN_FLIGHT_STEP: ReadonlySet<string> = new Set(['STARTED', 'READY']);

/** Watches the handler's operations against the recording. */
class RecordingProbe implements ReplayProbe {
  replayed = 0;
  readonly visited = new Set<string>();
  readonly ranChildren = new Set<string>();
  mismatch: ReplayHistoryReport['mismatch'];
  next: ReplayedOperation | undefined;
  stopped = false;

  operation(op: ProbedOperation): boolean {
    const record = op.record;
    if (!record) {
      this.next = probed(op, callSite());
      return this.stop();
    }
    const reason = record.Type !== op.type ? 'type' : (record.Name ?? undefined) !== op.name ? 'name' : (record.SubType ?? undefined) !== op.subType ? 'subType' : undefined;
    if (reason) {
      this.mismatch = { reason, recorded: view(record), actual: probed(op, callSite()) };
      return this.stop();
    }
    this.visited.add(op.wireId);
    if (record.ParentId !== undefined) this.ranChildren.add(record.ParentId);
    // A step whose attempt was in flight would run its function again: that is new work.
    if (record.Type === 'STEP' && IN_FLIGHT_STEP.has(record.Status)) {
      this.next = probed(op, callSite());
      return this.stop();
    }
    this.replayed += 1;
    return true;
  }

  private stop(): false {
    this.stopped = true;
    return false;
  }
}

/** The first recorded operation the new code should have reached but did not (it was removed). */
function removedOperation(recorded: RecordedExecution, probe: RecordingProbe, executionId: string): Operation | undefined {
  return recorded.operations.find((op) => {
    if (op.Type === 'EXECUTION' || probe.visited.has(op.Id)) return false;
    // Children of a context replayed from its result are never visited; only a parent whose
    // function ran (some child was visited) or the root must have all of its operations reached.
    const parent = op.ParentId;
    return parent === undefined || parent === executionId || probe.ranChildren.has(parent);
  });
}

/**
 * Replays a recorded execution against new code, for tests and deploy gates.
 *
 * @example
 * ```ts
 * const report = await replayHistory({ handler, history: JSON.parse(readFileSync('h.json', 'utf8')) });
 * expect(report.outcome).toBe('match');
 * ```
 */
export async function replayHistory(options: ReplayHistoryOptions): Promise<ReplayHistoryReport> {
  const recorded = isRecorded(options.history) ? options.history : readRecordedExecution(options.history);
  const probe = new RecordingProbe();
  const updates: OperationUpdate[] = [];
  const executionRecord = recorded.operations[0] as Operation;
  // The log as the service would send one more invocation: the EXECUTION still open.
  const operations = recorded.operations.map((op) => (op.Type === 'EXECUTION' ? { ...op, Status: 'STARTED' as const, EndTimestamp: undefined } : op));
  const arn = options.arn ?? recorded.arn ?? `arn:aws:lambda:us-east-1:000000000000:function:replay:1/durable-execution/replay/${executionRecord.Id}`;
  let sequence = 0;
  const client = {
    [REPLAY_PROBE]: probe,
    checkpoint: async (request: { Updates?: OperationUpdate[] }) => {
      updates.push(...(request.Updates ?? []));
      sequence += 1;
      return { CheckpointToken: `replay-${sequence}`, NewExecutionState: { Operations: [] } };
    },
    getExecutionState: async () => ({ Operations: [] }),
  };
  const event = {
    DurableExecutionArn: arn,
    CheckpointToken: 'replay-0',
    InitialExecutionState: { Operations: JSON.parse(JSON.stringify(operations)) as Operation[] },
    durableExecutionClient: client,
  };
  const lambdaContext = { awsRequestId: `replay-${executionRecord.Id}`, getRemainingTimeInMillis: () => 900_000 };
  const output = (await options.handler(event, lambdaContext)) as { Status?: string; Error?: ErrorObject } | undefined;
  const common = { replayed: probe.replayed, arn };
  if (probe.mismatch) return { outcome: 'mismatch', ok: false, mismatch: probe.mismatch, ...common };
  if (probe.next) return { outcome: 'beyond', ok: options.strict !== true, next: probe.next, ...common };
  const status = ENDINGS.find((ending) => ending === output?.Status);
  const ended = { ...(status !== undefined ? { handlerStatus: status } : {}), ...(output?.Error !== undefined ? { error: output.Error } : {}) };
  // A handler without the probe (another SDK) shows new work only as checkpoint traffic.
  const started = updates.find((update) => update.Action === 'START' && !recorded.operations.some((op) => op.Id === update.Id));
  if (started) return { outcome: 'beyond', ok: options.strict !== true, next: view(started), ...common, ...ended };
  if (status !== 'PENDING') {
    const removed = removedOperation(recorded, probe, executionRecord.Id);
    if (removed) return { outcome: 'mismatch', ok: false, mismatch: { reason: 'removed', recorded: view(removed) }, ...common, ...ended };
  }
  const nonDeterministic = /NonDeterministic/.test(output?.Error?.ErrorType ?? '');
  if (nonDeterministic) return { outcome: 'mismatch', ok: false, mismatch: { reason: 'type', recorded: view(executionRecord) }, ...common, ...ended };
  return { outcome: 'match', ok: true, ...common, ...ended };
}

const isRecorded = (value: unknown): value is RecordedExecution =>
  typeof value === 'object' && value !== null && Array.isArray((value as RecordedExecution).operations) && ((value as RecordedExecution).source === 'history' || (value as RecordedExecution).source === 'state');
