/**
 * A workflow that touches every kind of operation (steps with retries, at-most-once steps,
 * waits, callbacks (createCallback and waitForCallback), map, nested and concurrent child contexts), plus what the fault tests compare:
 * every step run it records, and a canonical view of the execution's operations and history.
 */
import { createRetryStrategy, StepSemantics, withDurableExecution } from '../../src/index.js';
import type { DurableContext } from '../../src/types.js';
import type { HistoryEvent } from '../../src/protocol.js';
import type { DurableExecutionService } from '../../src/service/service.js';
import type { FaultLog } from '../support/fault-injection.js';

/** Input of one execution: `shape` picks which optional parts run; `pipelined` the checkpoint mode. */
export interface WorkflowInput {
  name: string;
  value: number;
  shape: number;
  pipelined: boolean;
}

export const inputFor = (index: number, seed: number): WorkflowInput => ({
  name: `run-${seed}-${index}`,
  value: (index * 7919 + seed) % 1000,
  shape: (index * 31 + seed) % 8,
  pipelined: index % 2 === 1,
});

/** Counts every step-function run, keyed by execution, step and attempt. */
export class RunLedger {
  /** `exec|step|attempt` → runs that happened in live invocations. */
  readonly runs = new Map<string, number>();
  readonly atMostOnceKeys = new Set<string>();
  /** Runs made by code of an invocation that had already crashed (not real work). */
  abandonedRuns = 0;

  constructor(private readonly faults?: FaultLog) {}

  record(options: { exec: string; step: string; attempt: number; requestId: string; atMostOnce: boolean }): void {
    if (this.faults?.isDead(options.requestId)) {
      this.abandonedRuns += 1;
      return;
    }
    const key = `${options.exec}|${options.step}|${options.attempt}`;
    this.runs.set(key, (this.runs.get(key) ?? 0) + 1);
    if (options.atMostOnce) this.atMostOnceKeys.add(key);
  }

  /** At-most-once attempts that ran more than once (must be empty). */
  atMostOnceViolations(): string[] {
    return [...this.atMostOnceKeys].filter((key) => (this.runs.get(key) ?? 0) > 1);
  }

  /** Extra runs of at-least-once attempts (allowed: the price of a fault), optionally of some executions only. */
  atLeastOnceReruns(ofExecution: (exec: string) => boolean = () => true): number {
    let extra = 0;
    for (const [key, count] of this.runs) {
      if (!this.atMostOnceKeys.has(key) && ofExecution(key.split('|')[0] ?? '')) extra += count - 1;
    }
    return extra;
  }
}

const retryThrice = createRetryStrategy({ maxAttempts: 6, initialDelay: { seconds: 1 }, maxDelay: { seconds: 5 } });

/**
 * The mixed workflow as a durable handler. `service` completes callbacks (two virtual seconds
 * after the submitter ran) and `executionArnOf` maps the execution name to its ARN.
 */
export const mixedWorkflow = (options: {
  service: DurableExecutionService;
  ledger: RunLedger;
  executionArnOf: (name: string) => string;
  pipelined?: boolean;
}) =>
  withDurableExecution(async (input: WorkflowInput, ctx: DurableContext) => {
    const { ledger, service } = options;
    const requestId = ctx.lambdaContext.awsRequestId;
    const tracked = <T>(step: string, atMostOnce: boolean, fn: (attempt: number) => T) =>
      (stepCtx: { attempt?: number }): Promise<T> => {
        const attempt = stepCtx.attempt ?? 1;
        ledger.record({ exec: input.name, step, attempt, requestId, atMostOnce });
        return Promise.resolve(fn(attempt));
      };

    const loaded = await ctx.step('load', tracked('load', false, () => input.value + 1));
    const charged = await ctx.step(
      'charge',
      tracked('charge', true, () => loaded * 2),
      { semantics: StepSemantics.AtMostOncePerRetry, retryStrategy: retryThrice },
    );
    const flaky = await ctx.step(
      'flaky',
      tracked('flaky', false, (attempt) => {
        if (attempt < 2 + (input.shape % 2)) throw new Error(`transient failure ${attempt}`);
        return attempt;
      }),
      { retryStrategy: retryThrice },
    );
    await ctx.wait('cool-off', { seconds: 30 + input.shape });

    const fulfilled = await ctx.runInChildContext('fulfil', async (child) => {
      const picked = await child.step('pick', tracked('pick', false, () => charged + 3));
      const packed = await child.runInChildContext('pack', async (inner) => {
        const box = await inner.step('box', tracked('box', true, () => picked * 10), {
          semantics: StepSemantics.AtMostOncePerRetry,
          retryStrategy: retryThrice,
        });
        if (input.shape % 4 === 0) await inner.wait('dry', { minutes: 5 });
        return box + 1;
      });
      return { picked, packed };
    });

    // A callback completed from outside: the submitting step asks the service to deliver it
    // two virtual seconds later (a duplicate submission is refused by the closed callback).
    const [approvalResult, callbackId] = await ctx.createCallback<string>('approval', { timeout: { hours: 1 } });
    await ctx.step(
      'submit-approval',
      tracked('submit-approval', false, () => {
        const arn = options.executionArnOf(input.name);
        service.scheduleAction(arn, service.clock.now() + 2_000, () => service.sendCallbackSuccess(callbackId, JSON.stringify(`ok-${input.value}`)));
        return callbackId.length > 0;
      }),
    );
    const approval = await approvalResult;

    // waitForCallback: the submitter (a step inside the callback's child context) asks the
    // service to answer later; map: one child context per item, each with a step.
    const confirmation = await ctx.waitForCallback<string>(
      'confirm',
      async (id) => {
        ledger.record({ exec: input.name, step: 'confirm-submit', attempt: 1, requestId, atMostOnce: false });
        service.scheduleAction(options.executionArnOf(input.name), service.clock.now() + 1_000, () => service.sendCallbackSuccess(id, JSON.stringify(`confirmed-${input.value}`)));
      },
      { timeout: { hours: 1 } },
    );
    const mapped = await ctx.map('items', [1, 2, 3].slice(0, 1 + (input.shape % 3)), async (item, value, index) =>
      item.step(`item-${index}`, tracked(`item-${index}`, false, () => value * input.value)),
    );

    let parallel: number[] = [];
    if (input.shape >= 2) {
      parallel = await Promise.all(
        [0, 1].map((branch) =>
          ctx.runInChildContext(`branch-${branch}`, async (child) => {
            const a = await child.step(`b${branch}-a`, tracked(`b${branch}-a`, false, () => input.value + branch));
            const b = await child.step(`b${branch}-b`, tracked(`b${branch}-b`, branch === 1, () => a * 3), {
              ...(branch === 1 ? { semantics: StepSemantics.AtMostOncePerRetry, retryStrategy: retryThrice } : {}),
            });
            return a + b;
          }),
        ),
      );
    }
    if (input.shape % 3 === 0) await ctx.wait('settle', { hours: 1 });
    return ctx.step('summarise', tracked('summarise', false, () => ({ loaded, charged, flaky, fulfilled, approval, confirmation, mapped: mapped.getResults(), parallel })));
  }, { pipelinedCheckpoints: options.pipelined === true });

/** Operations of an execution without what legitimately differs between runs (times, attempts, callback ids). */
export const canonicalOperations = (service: DurableExecutionService, arn: string): string[] => {
  const exec = service.execution(arn);
  return [...exec.operations.values()]
    .map(({ op }) =>
      JSON.stringify([
        op.Id === exec.executionOperationId ? 'EXECUTION' : op.Id,
        op.ParentId ?? null,
        op.Type,
        op.SubType ?? null,
        op.Name ?? null,
        op.Status,
        op.StepDetails?.Result ?? null,
        op.ContextDetails?.Result ?? null,
        op.CallbackDetails?.Result ?? null,
      ]),
    )
    .sort();
};

/** Events that occur exactly once per operation however often invocations fail. */
const EXACTLY_ONCE: ReadonlySet<string> = new Set([
  'ExecutionStarted',
  'ExecutionSucceeded',
  'ContextStarted',
  'ContextSucceeded',
  'WaitStarted',
  'WaitSucceeded',
  'CallbackStarted',
  'CallbackSucceeded',
]);

const eventKey = (e: HistoryEvent): string =>
  JSON.stringify([
    e.EventType,
    e.EventType.startsWith('Execution') ? 'EXECUTION' : (e.Id ?? null),
    e.ParentId ?? null,
    e.Name ?? null,
    e.ContextSucceededDetails?.Result?.Payload ?? e.ExecutionSucceededDetails?.Result?.Payload ?? e.CallbackSucceededDetails?.Result?.Payload ?? null,
    e.StepSucceededDetails?.Result?.Payload ?? null,
    e.StepFailedDetails?.Error?.Payload?.ErrorType ?? null,
  ]);

/**
 * The history split into what must match a fault-free run exactly (once-only events, final
 * step results and designed step failures) and the extra step failures faults may add.
 */
export const canonicalHistory = (events: readonly HistoryEvent[]): { exact: string[]; interrupted: string[] } => {
  const exact: string[] = [];
  const interrupted: string[] = [];
  for (const e of events) {
    if (EXACTLY_ONCE.has(e.EventType) || e.EventType === 'StepSucceeded') exact.push(eventKey(e));
    else if (e.EventType === 'StepFailed') {
      if (e.StepFailedDetails?.Error?.Payload?.ErrorType === 'StepInterruptedError') interrupted.push(eventKey(e));
      else exact.push(eventKey(e));
    }
  }
  return { exact: exact.sort(), interrupted };
};
