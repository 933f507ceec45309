/**
 * Drives a wrapped handler against a {@link FakeCheckpointClient} invocation after invocation,
 * firing timers between them, until it stops being PENDING.
 */
import { InvocationStatus, type DurableExecutionInvocationOutput } from '../../src/protocol.js';
import type { DurableLambdaHandler } from '../../src/types.js';
import type { FakeCheckpointClient } from './fake-checkpoint-client.js';
import { fakeLambdaContext } from './fake-checkpoint-client.js';

/** Outputs of every invocation, last one final. */
export async function driveToCompletion(options: {
  handler: DurableLambdaHandler;
  service: FakeCheckpointClient;
  maxInvocations?: number;
  /** Called between invocations (after timers fired), e.g. to complete callbacks. */
  between?: (invocation: number) => void;
}): Promise<DurableExecutionInvocationOutput[]> {
  const outputs: DurableExecutionInvocationOutput[] = [];
  for (let i = 0; i < (options.maxInvocations ?? 20); i += 1) {
    const event = { ...options.service.event(), durableExecutionClient: options.service };
    const output = await options.handler(event, fakeLambdaContext());
    outputs.push(output);
    if (output.Status !== InvocationStatus.PENDING) return outputs;
    options.service.fireTimers();
    options.between?.(i);
  }
  return outputs;
}

/** One invocation with the service's next event. */
export function invokeOnce(handler: DurableLambdaHandler, service: FakeCheckpointClient): Promise<DurableExecutionInvocationOutput> {
  return handler({ ...service.event(), durableExecutionClient: service } as never, fakeLambdaContext());
}
