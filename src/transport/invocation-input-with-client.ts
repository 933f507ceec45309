/**
 * An invocation event carrying its own transport (test runners inject their service this way).
 */
import type { DurableExecutionInvocationInput, WireOperation } from '../protocol.js';
import type { DurableExecutionClient } from './checkpoint-client.js';

const TAG = 'DurableExecutionInvocationInputWithClient';

/**
 * An event plus the {@link DurableExecutionClient} to use for it; wins over any configured
 * client.
 *
 * @example
 * ```ts
 * const event = new DurableExecutionInvocationInputWithClient(wireEvent, emulatorClient);
 * await handler(event, lambdaContext);
 * ```
 */
export class DurableExecutionInvocationInputWithClient implements DurableExecutionInvocationInput {
  readonly durableExecutionClient: DurableExecutionClient;
  readonly InitialExecutionState: { Operations: WireOperation[]; NextMarker?: string };
  readonly DurableExecutionArn: string;
  readonly CheckpointToken: string;
  readonly UpdatedOperationIds?: string[];

  constructor(params: DurableExecutionInvocationInput, durableExecutionClient: DurableExecutionClient) {
    this.durableExecutionClient = durableExecutionClient;
    this.InitialExecutionState = params.InitialExecutionState;
    this.DurableExecutionArn = params.DurableExecutionArn;
    this.CheckpointToken = params.CheckpointToken;
    if (params.UpdatedOperationIds) this.UpdatedOperationIds = params.UpdatedOperationIds;
  }

  /** Recognises instances structurally too, so copies of this class from other bundles count. */
  static isInstance(event: unknown): event is DurableExecutionInvocationInputWithClient {
    if (event instanceof DurableExecutionInvocationInputWithClient) return true;
    if (typeof event !== 'object' || event === null) return false;
    const tagged = Object.prototype.toString.call(event) === `[object ${TAG}]` || event.constructor?.name === TAG;
    return tagged && isDurableExecutionClient((event as { durableExecutionClient?: unknown }).durableExecutionClient);
  }

  get [Symbol.toStringTag](): string {
    return TAG;
  }
}

/** True for any object with `checkpoint` and `getExecutionState` functions. */
export function isDurableExecutionClient(value: unknown): value is DurableExecutionClient {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<DurableExecutionClient>;
  return typeof candidate.checkpoint === 'function' && typeof candidate.getExecutionState === 'function';
}

/** The client an event carries (`event.durableExecutionClient`), if any. */
export function clientFromEvent(event: unknown): DurableExecutionClient | undefined {
  if (typeof event !== 'object' || event === null) return undefined;
  const candidate = (event as { durableExecutionClient?: unknown }).durableExecutionClient;
  return isDurableExecutionClient(candidate) ? candidate : undefined;
}
