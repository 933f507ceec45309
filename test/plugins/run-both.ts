/**
 * Runs one handler body under our SDK or the official one against a fresh in-memory service,
 * invocation after invocation, returning outputs and the exact checkpoint traffic.
 */
import { DurableExecutionInvocationInputWithClient as OfficialInput, withDurableExecution as officialWith } from '@aws/durable-execution-sdk-js';
import { withDurableExecution as ourWith } from '../../src/handler.js';
import type { DurableExecutionConfig } from '../../src/types.js';
import type { FakeOptions } from '../support/fake-checkpoint-client.js';
import { FakeCheckpointClient, fakeLambdaContext } from '../support/fake-checkpoint-client.js';
import type { ScenarioBody } from '../interop/scenarios.js';

export type Sdk = 'ours' | 'official';

/** What a run produced. */
export interface Run {
  outputs: { Status: string; Result?: string; Error?: { ErrorType?: string; ErrorMessage?: string } }[];
  /** JSON of every checkpoint request, in order. */
  traffic: string;
  service: FakeCheckpointClient;
}

/** Options of {@link runWith}. */
export interface RunOptions {
  between?: (service: FakeCheckpointClient, invocation: number) => void;
  service?: FakeOptions;
}

/** Wraps `body` with `sdk` and drives it to a final answer (at most 12 invocations). */
export async function runWith(
  sdk: Sdk,
  body: ScenarioBody,
  config: DurableExecutionConfig,
  options: RunOptions = {},
): Promise<Run> {
  const service = new FakeCheckpointClient({ input: { orderId: 7 }, now: () => 1_700_000_000_000, ...options.service });
  const handler = (sdk === 'ours' ? ourWith(body as never, config) : officialWith(body as never, config as never)) as (
    event: unknown,
    context: unknown,
  ) => Promise<unknown>;
  const outputs: Run['outputs'] = [];
  for (let i = 0; i < 12; i += 1) {
    const raw = service.event();
    // The official input class keeps only ARN, token and state; UpdatedOperationIds rides along.
    const event = Object.assign(new OfficialInput(raw as never, service as never), raw.UpdatedOperationIds ? { UpdatedOperationIds: raw.UpdatedOperationIds } : {});
    const output = (await handler(event, fakeLambdaContext())) as Run['outputs'][number];
    outputs.push(output);
    if (output.Status !== 'PENDING') break;
    service.fireTimers();
    options.between?.(service, i);
  }
  return { outputs, traffic: JSON.stringify(service.requests), service };
}

/** Completes the first STARTED callback (if any) with `result`. */
export function completeCallback(service: FakeCheckpointClient, result: string): void {
  const callback = [...service.operations.values()].find((op) => op.Type === 'CALLBACK' && op.Status === 'STARTED');
  if (callback?.CallbackDetails?.CallbackId) service.succeedCallback(callback.CallbackDetails.CallbackId, result);
}
