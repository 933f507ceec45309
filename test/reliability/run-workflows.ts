/**
 * Runs many executions of the mixed workflow against the local service, optionally through the
 * fault injector, and collects what the randomized tests and the soak compare.
 */
import { inProcessInvoker } from '../../src/service/invokers/in-process-invoker.js';
import { DurableExecutionService } from '../../src/service/service.js';
import type { GetDurableExecutionResponse } from '../../src/service/service-types.js';
import { FaultLog, faultyInvoker, type FaultPolicy } from '../support/fault-injection.js';
import { canonicalHistory, canonicalOperations, mixedWorkflow, RunLedger, type WorkflowInput } from './mixed-workflow.js';

/** What one execution ended with, in comparable form. */
export interface ExecutionOutcome {
  status: GetDurableExecutionResponse['Status'];
  result: string | undefined;
  error: string | undefined;
  operations: string[];
  history: { exact: string[]; interrupted: string[] };
  invocations: number;
}

export interface BatchResult {
  outcomes: Map<string, ExecutionOutcome>;
  ledger: RunLedger;
  faults: FaultLog;
}

/** Runs `inputs`, each in its own local service, with at most `concurrency` executions in flight. */
export const runWorkflows = async (options: {
  inputs: readonly WorkflowInput[];
  policy?: FaultPolicy;
  concurrency?: number;
}): Promise<BatchResult> => {
  const faults = new FaultLog();
  const ledger = new RunLedger(faults);
  const outcomes = new Map<string, ExecutionOutcome>();
  const queue = [...options.inputs];
  const worker = async (): Promise<void> => {
    for (let input = queue.shift(); input; input = queue.shift()) {
      // One service (and virtual clock) per execution: in a shared service, time can only jump
      // while no invocation of any execution runs, which would couple unrelated executions.
      // Faults are capped per execution well below the retry budget, so it never ends a run.
      const service = new DurableExecutionService({ maxInvocationAttempts: 20 });
      let arn = '';
      const handler = mixedWorkflow({ service, ledger, executionArnOf: () => arn, pipelined: input.pipelined });
      const base = inProcessInvoker(handler);
      service.registerFunction({ name: 'mixed', invoker: options.policy ? faultyInvoker(base, options.policy, faults) : base });
      arn = service.startExecution({ functionName: 'mixed', executionName: input.name, payload: JSON.stringify(input) });
      const done = await service.waitForCompletion(arn);
      outcomes.set(input.name, {
        status: done.Status,
        result: done.Result,
        error: done.Error ? `${done.Error.ErrorType}: ${done.Error.ErrorMessage}` : undefined,
        operations: canonicalOperations(service, arn),
        history: canonicalHistory(service.history(arn)),
        invocations: service.execution(arn).invocationCount,
      });
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 10 }, () => worker()));
  return { outcomes, ledger, faults };
};
