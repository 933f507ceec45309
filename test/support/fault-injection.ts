/**
 * Fault injection around the local service's in-process client: an invoker wrapper that makes
 * the checkpoint / state calls of an invocation fail the way the real service and network do
 * (5xx, 429, timeouts, a stale token, a response lost after the service committed it), crashes
 * the "process" at a call, or runs the same invocation twice at once.
 *
 * A crash is modelled the way a dead process looks to the service: the invocation ends with a
 * `crashed` outcome and the abandoned handler never reaches the service again (its calls hang).
 * Code the abandoned handler still runs is not real work; {@link FaultLog.isDead} tells it apart.
 */
import type { CheckpointDurableExecutionRequest, GetDurableExecutionStateRequest } from '../../src/protocol.js';
import type { FunctionInvoker, InvocationOutcome, InvocationRequest, ServiceDurableClient } from '../../src/service/invokers/invoker.js';
import { parseExecutionArn } from '../../src/service/arn.js';
import { DurableServiceError } from '../../src/service/service-errors.js';

/** Faults injected at a service call. */
export const CALL_FAULTS = [
  'checkpoint5xx',
  'throttle429',
  'timeout',
  'invalidToken',
  'lostResponse',
  'crashBeforeCall',
  'crashAfterCommit',
] as const;
export type CallFault = (typeof CALL_FAULTS)[number];

/** Faults decided once per invocation. */
export type InvocationFault = 'doubleInvoke';
export type FaultKind = CallFault | InvocationFault;
export const FAULT_KINDS: readonly FaultKind[] = [...CALL_FAULTS, 'doubleInvoke'];

/** Where a call fault could be injected. */
export interface CallSite {
  method: 'checkpoint' | 'getExecutionState';
  executionArn: string;
  requestId: string;
  /** Index of the call within the invocation (0-based). */
  callIndex: number;
  /** Number of updates the checkpoint carries (0 for state calls and refreshes). */
  updateCount: number;
}

/** Decides which faults to inject. */
export interface FaultPolicy {
  atCall(site: CallSite): CallFault | undefined;
  atInvocation?(request: InvocationRequest): InvocationFault | undefined;
}

/** What was injected, and which invocations "died". */
export class FaultLog {
  readonly counts: Record<FaultKind, number> = Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>;
  private readonly dead = new Set<string>();

  record(kind: FaultKind): void {
    this.counts[kind] += 1;
  }

  markDead(requestId: string): void {
    this.dead.add(requestId);
  }

  /** Whether the invocation with this request id has crashed (its later work never happened). */
  isDead(requestId: string): boolean {
    return this.dead.has(requestId);
  }

  total(): number {
    return Object.values(this.counts).reduce((a, b) => a + b, 0);
  }
}

/** Suffix of the request id of the second copy of a doubly delivered invocation. */
export const DUPLICATE_SUFFIX = '-duplicate';

const never = <T>(): Promise<T> => new Promise<T>(() => undefined);

const networkError = (name: string, message: string, code?: string): Error => {
  const error = new Error(message) as Error & { code?: string; $metadata: object };
  error.name = name;
  if (code !== undefined) error.code = code;
  error.$metadata = {};
  return error;
};

/** The error a call fault raises in the SDK, shaped like what `@aws-sdk/client-lambda` throws. */
const faultError = (fault: 'checkpoint5xx' | 'throttle429' | 'timeout' | 'lostResponse'): Error => {
  switch (fault) {
    case 'checkpoint5xx':
      return new DurableServiceError('ServiceException', 'Injected: internal service error', 500);
    case 'throttle429':
      return new DurableServiceError('TooManyRequestsException', 'Injected: rate exceeded', 429);
    case 'timeout':
      return networkError('TimeoutError', 'Injected: request timed out', 'ETIMEDOUT');
    case 'lostResponse':
      return networkError('Error', 'Injected: socket hang up after the request was sent', 'ECONNRESET');
  }
};

interface Crash {
  readonly outcome: Promise<InvocationOutcome>;
  trigger(): void;
}

const crashSignal = (request: InvocationRequest, log: FaultLog): Crash => {
  let resolve: (outcome: InvocationOutcome) => void = () => undefined;
  const outcome = new Promise<InvocationOutcome>((r) => {
    resolve = r;
  });
  return {
    outcome,
    trigger: () => {
      log.markDead(request.requestId);
      resolve({
        kind: 'crashed',
        error: { ErrorType: 'Runtime.ExitError', ErrorMessage: `RequestId: ${request.requestId} Error: Runtime exited with signal: SIGKILL (injected)` },
      });
    },
  };
};

const faultyClient = (options: {
  inner: ServiceDurableClient;
  request: InvocationRequest;
  policy: FaultPolicy;
  log: FaultLog;
  crash: Crash;
}): ServiceDurableClient => {
  const { inner, request, policy, log, crash } = options;
  let callIndex = 0;
  const call = async <Req extends { CheckpointToken: string }, Res>(
    method: CallSite['method'],
    req: Req,
    send: (r: Req) => Promise<Res>,
  ): Promise<Res> => {
    if (log.isDead(request.requestId)) return never();
    const updates = (req as Partial<CheckpointDurableExecutionRequest>).Updates;
    const fault = policy.atCall({
      method,
      executionArn: request.executionArn,
      requestId: request.requestId,
      callIndex: callIndex++,
      updateCount: Array.isArray(updates) ? updates.length : 0,
    });
    if (fault === undefined) return send(req);
    log.record(fault);
    switch (fault) {
      case 'invalidToken':
        return send({ ...req, CheckpointToken: `${req.CheckpointToken}-tampered` });
      case 'crashBeforeCall':
        crash.trigger();
        return never();
      case 'crashAfterCommit':
        await send(req).catch(() => undefined);
        crash.trigger();
        return never();
      case 'lostResponse':
        await send(req);
        throw faultError(fault);
      default:
        throw faultError(fault);
    }
  };
  return {
    checkpoint: (req: CheckpointDurableExecutionRequest) => call('checkpoint', req, (r) => inner.checkpoint(r)),
    getExecutionState: (req: GetDurableExecutionStateRequest) => call('getExecutionState', req, (r) => inner.getExecutionState(r)),
  };
};

/**
 * Wraps an invoker so that the invocations it runs see the faults `policy` picks.
 *
 * @example
 * const log = new FaultLog();
 * service.registerFunction({ name: 'fn', invoker: faultyInvoker(inProcessInvoker(handler), policy, log) });
 */
export const faultyInvoker = (inner: FunctionInvoker, policy: FaultPolicy, log: FaultLog): FunctionInvoker => async (request) => {
  const client = request.client;
  if (!client) return inner(request);
  const crash = crashSignal(request, log);
  const run = (req: InvocationRequest): Promise<InvocationOutcome> =>
    inner({ ...req, client: faultyClient({ inner: client, request: req, policy, log, crash }) });
  if (policy.atInvocation?.(request) === 'doubleInvoke') {
    log.record('doubleInvoke');
    // Lambda may deliver one invocation twice: both copies hold the same token and race.
    const duplicate = inner({ ...request, requestId: `${request.requestId}${DUPLICATE_SUFFIX}` });
    const primary = await Promise.race([run(request), crash.outcome]);
    await duplicate;
    return primary;
  }
  return Promise.race([run(request), crash.outcome]);
};

/** Deterministic PRNG (mulberry32) so every fault plan replays from its seed. */
export const seededRandom = (seed: number): (() => number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

/** Options of {@link randomFaults}. */
export interface RandomFaultOptions {
  seed: number;
  /** Probability that a given call gets a fault (default 0.15). */
  callRate?: number;
  /** Probability that an invocation is delivered twice (default 0.05). */
  doubleRate?: number;
  /** At most this many faults per execution, so the invocation retry budget is never exhausted (default 4). */
  maxPerExecution?: number;
  kinds?: readonly CallFault[];
}

const hashText = (text: string): number => {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
};

/**
 * A seeded policy that scatters faults over calls and invocations. Each execution draws from
 * its own generator (seeded by the seed and the execution name), so a plan replays the same
 * however executions interleave.
 */
export const randomFaults = (options: RandomFaultOptions): FaultPolicy => {
  const callRate = options.callRate ?? 0.15;
  const doubleRate = options.doubleRate ?? 0.05;
  const max = options.maxPerExecution ?? 4;
  const kinds = options.kinds ?? CALL_FAULTS;
  const perExecution = new Map<string, { random: () => number; used: number }>();
  const stateOf = (arn: string): { random: () => number; used: number } => {
    const name = parseExecutionArn(arn)?.executionName ?? arn;
    let state = perExecution.get(name);
    if (!state) {
      state = { random: seededRandom((options.seed ^ hashText(name)) >>> 0), used: 0 };
      perExecution.set(name, state);
    }
    return state;
  };
  const draw = (arn: string, rate: number): boolean => {
    const state = stateOf(arn);
    if (state.random() >= rate || state.used >= max) return false;
    state.used += 1;
    return true;
  };
  return {
    atCall: (site) => (draw(site.executionArn, callRate) ? kinds[Math.floor(stateOf(site.executionArn).random() * kinds.length)] : undefined),
    atInvocation: (request) => (draw(request.executionArn, doubleRate) ? 'doubleInvoke' : undefined),
  };
};
