/**
 * Runs conformance requirements against the local service: one fresh service (virtual clock)
 * per requirement, the handler in worker threads, callback actions performed as the public
 * validator does, then result, history and log matching.
 */
import { rm } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import type { HistoryEvent } from '../protocol.js';
import { CallbackPlanner } from './callbacks.js';
import { loadRequirements, type ConformanceRequirement } from './load.js';
import { matchLogs } from './logs.js';
import { applyWaitForCallbackNames, matchHistory, matchResult, type ConformanceMismatch } from './match.js';
import { resolveVariables, substitute, type Bindings } from './variables.js';
import { bundleHandlers, findHandlerFile, type HarnessSdk } from './harness-bundle.js';
import { DurableExecutionService } from '../service/service.js';
import { WorkerPool } from '../service/invokers/worker-invoker.js';

/** Outcome of one requirement. */
export interface RequirementResult {
  id: string;
  suite: string;
  description: string;
  optional: boolean;
  passed: boolean;
  /** First mismatch or run error, printable. */
  failure?: string;
  mismatch?: ConformanceMismatch;
  status?: string;
  executionArn?: string;
  durationMs: number;
}

/** Options shared by {@link prepareConformance} and {@link runConformance}. */
export interface ConformanceOptions {
  requirementDirs: string[];
  handlersDir: string;
  sdk?: HarnessSdk;
  /** Run only these requirement ids. */
  only?: string[];
  /** Requirements run at the same time (default 4). */
  concurrency?: number;
  /** Real-time limit per requirement in ms (default 60000). */
  timeoutMs?: number;
  /** Where bundles go (default under node_modules/.cache). */
  bundleDir?: string;
  /** Lambda's function timeout of the registered functions, in seconds (default 900). */
  functionTimeoutSeconds?: number;
}

/** A loaded and bundled set of requirements, ready to run one by one (e.g. one test case each). */
export interface PreparedConformance {
  requirements: ConformanceRequirement[];
  run(id: string): Promise<RequirementResult>;
  /** Deletes the bundles (unless `bundleDir` was given). */
  close(): Promise<void>;
}

/**
 * Loads and bundles once; `run(id)` executes one requirement.
 *
 * @example
 * const suite = await prepareConformance({ requirementDirs: ['../shared/conformance/requirements'],
 *   handlersDir: 'test/conformance/handlers', sdk: 'official' });
 * for (const r of suite.requirements) it(r.id, async () => expect((await suite.run(r.id)).failure).toBeUndefined());
 */
export const prepareConformance = async (options: ConformanceOptions): Promise<PreparedConformance> => {
  const all = await loadRequirements(options.requirementDirs);
  const requirements = options.only ? all.filter((r) => options.only?.includes(r.id)) : all;
  const files: Record<string, string> = {};
  for (const r of requirements) {
    const file = findHandlerFile(options.handlersDir, r.id);
    if (file) files[r.id] = file;
  }
  const { outDir, bundles } = await bundleHandlers({ files, sdk: options.sdk ?? 'ours', ...(options.bundleDir ? { outDir: options.bundleDir } : {}) });
  const byId = new Map(requirements.map((r) => [r.id, r]));
  return {
    requirements,
    run: async (id) => {
      const requirement = byId.get(id);
      if (!requirement) throw new Error(`Unknown requirement ${id}`);
      const bundle = bundles[id];
      if (!bundle) return failed(requirement, `no handler file ${id}.{ts,mts,js,mjs} in ${options.handlersDir}`, 0);
      return runRequirement(requirement, bundle, options.timeoutMs ?? 60_000, options.functionTimeoutSeconds);
    },
    close: async () => {
      if (!options.bundleDir) await rm(outDir, { recursive: true, force: true });
    },
  };
};

/**
 * Runs every requirement with bounded concurrency; results come back in requirement-id order.
 *
 * @example
 * const { results, wallTimeMs } = await runConformance({ requirementDirs: ['reqs'], handlersDir: 'handlers', sdk: 'official' });
 */
export const runConformance = async (
  options: ConformanceOptions & { onResult?: (result: RequirementResult) => void },
): Promise<{ results: RequirementResult[]; wallTimeMs: number }> => {
  const started = Date.now();
  const suite = await prepareConformance(options);
  const results: RequirementResult[] = new Array<RequirementResult>(suite.requirements.length);
  let next = 0;
  const workers = Array.from({ length: Math.max(1, options.concurrency ?? 4) }, async () => {
    while (next < suite.requirements.length) {
      const index = next++;
      const requirement = suite.requirements[index];
      if (!requirement) break;
      const result = await suite.run(requirement.id);
      results[index] = result;
      options.onResult?.(result);
    }
  });
  await Promise.all(workers);
  await suite.close();
  return { results, wallTimeMs: Date.now() - started };
};

const failed = (r: ConformanceRequirement, failure: string, durationMs: number, extra: Partial<RequirementResult> = {}): RequirementResult => ({
  id: r.id, suite: r.suite, description: r.description, optional: r.optional, passed: false, failure, durationMs, ...extra,
});

const runRequirement = async (
  requirement: ConformanceRequirement,
  bundle: string,
  timeoutMs: number,
  functionTimeoutSeconds: number | undefined,
): Promise<RequirementResult> => {
  const limit = functionTimeoutSeconds === undefined ? {} : { functionTimeoutSeconds };
  const started = Date.now();
  const pools: WorkerPool[] = [];
  try {
    const bindings = resolveVariables(requirement.variables);
    const service = new DurableExecutionService();
    const handlerPool = new WorkerPool({ modulePath: bundle, exportPath: ['handler'] });
    pools.push(handlerPool);
    service.registerFunction({ name: 'handler', invoker: handlerPool.invoker, ...limit });
    const mod = (await import(pathToFileURL(bundle).href)) as { functions?: Record<string, { durable?: boolean }> };
    for (const [name, fn] of Object.entries(mod.functions ?? {})) {
      const durable = fn.durable !== false;
      const pool = new WorkerPool({ modulePath: bundle, exportPath: ['functions', name], durable });
      pools.push(pool);
      service.registerFunction({ name, invoker: pool.invoker, durable, ...limit });
    }
    const input = requirement.hasInput ? substitute(requirement.input, bindings) : undefined;
    const payload = input === undefined || input === null ? undefined : JSON.stringify(input);
    const arn = service.startExecution({ functionName: 'handler', ...(payload !== undefined ? { payload } : {}) });
    const callbackFailure = driveCallbacks(service, arn, requirement, bindings);
    const done = await Promise.race([
      service.waitForCompletion(arn),
      new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), timeoutMs).unref()),
    ]);
    const durationMs = Date.now() - started;
    if (!done) {
      service.stopExecution(arn);
      return failed(requirement, `execution did not finish within ${timeoutMs} ms of real time`, durationMs, { executionArn: arn });
    }
    if (callbackFailure.message !== undefined) return failed(requirement, callbackFailure.message, durationMs, { executionArn: arn, status: done.Status });
    const mismatch = check(requirement, service, arn, done, bindings);
    const base = { executionArn: arn, status: done.Status };
    if (mismatch) return failed(requirement, mismatch.message, durationMs, { ...base, mismatch });
    return { id: requirement.id, suite: requirement.suite, description: requirement.description, optional: requirement.optional, passed: true, durationMs, ...base };
  } catch (error) {
    return failed(requirement, `run error: ${error instanceof Error ? error.message : String(error)}`, Date.now() - started);
  } finally {
    await Promise.all(pools.map((p) => p.close()));
  }
};

const check = (
  requirement: ConformanceRequirement,
  service: DurableExecutionService,
  arn: string,
  done: { Status: string; Result?: string },
  bindings: Bindings,
): ConformanceMismatch | undefined => {
  if (requirement.expectedResult) {
    const m = matchResult(requirement.expectedResult, { status: done.Status, ...(done.Result !== undefined ? { result: done.Result } : {}) }, bindings);
    if (m) return m;
  }
  const m = matchHistory(requirement.expectedHistory, service.history(arn), bindings);
  if (m) return m;
  if (requirement.expectedLogs.length > 0) {
    const chunks = service.logLines(arn).map((l) => `${l.text}\n`);
    return matchLogs(requirement.expectedLogs, chunks, arn, bindings);
  }
  return undefined;
};

/** Answers callbacks as the public validator does; reports a no-match through the returned holder. */
const driveCallbacks = (
  service: DurableExecutionService,
  arn: string,
  requirement: ConformanceRequirement,
  bindings: Bindings,
): { message?: string } => {
  const outcome: { message?: string } = {};
  const planner = new CallbackPlanner(requirement.callbackActions, bindings);
  const seen = new Set<string>();
  const plan = (callback: { name?: string; callbackId: string }, from: number): void => {
    const decision = planner.next(callback);
    if (decision.kind === 'leave-open') return;
    if (decision.kind === 'no-match') {
      outcome.message ??= decision.message;
      if (service.getExecution(arn).Status === 'RUNNING') service.stopExecution(arn, { ErrorType: 'Conformance.NoMatch', ErrorMessage: decision.message });
      return;
    }
    const action = decision.action;
    const at = from + action.delaySeconds * 1000;
    service.scheduleAction(arn, at, () => {
      if (action.operation === 'success') service.sendCallbackSuccess(action.callbackId, action.result);
      else if (action.operation === 'failure') service.sendCallbackFailure(action.callbackId, action.error);
      else {
        service.sendCallbackHeartbeat(action.callbackId);
        plan(callback, service.clock.now());
      }
    });
  };
  const scan = (): void => {
    const events: HistoryEvent[] = applyWaitForCallbackNames(service.execution(arn).events);
    for (const event of events) {
      const callbackId = event.CallbackStartedDetails?.CallbackId;
      if (event.EventType !== 'CallbackStarted' || callbackId === undefined || seen.has(callbackId)) continue;
      seen.add(callbackId);
      plan({ ...(event.Name !== undefined ? { name: event.Name } : {}), callbackId }, service.clock.now());
    }
  };
  const unsubscribe = service.subscribe((changed) => {
    if (changed !== arn) return;
    if (service.execution(arn).status !== 'RUNNING') {
      unsubscribe();
      return;
    }
    scan();
  });
  return outcome;
};
