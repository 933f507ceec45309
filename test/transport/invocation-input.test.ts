import { describe, expect, it } from 'vitest';
import { withDurableExecution } from '../../src/handler.js';
import {
  clientFromEvent,
  DurableExecutionInvocationInputWithClient,
  isDurableExecutionClient,
} from '../../src/transport/invocation-input-with-client.js';
import { FakeCheckpointClient, fakeLambdaContext } from '../support/fake-checkpoint-client.js';

describe('event-injected clients (§1.5)', () => {
  it('recognises instances, structural copies from other bundles, and plain events carrying a client', () => {
    const service = new FakeCheckpointClient();
    const event = new DurableExecutionInvocationInputWithClient(service.event(), service);
    expect(DurableExecutionInvocationInputWithClient.isInstance(event)).toBe(true);
    expect(Object.prototype.toString.call(event)).toBe('[object DurableExecutionInvocationInputWithClient]');
    class DurableExecutionInvocationInputWithClientCopy {
      durableExecutionClient = service;
      get [Symbol.toStringTag]() {
        return 'DurableExecutionInvocationInputWithClient';
      }
    }
    expect(DurableExecutionInvocationInputWithClient.isInstance(new DurableExecutionInvocationInputWithClientCopy())).toBe(true);
    expect(DurableExecutionInvocationInputWithClient.isInstance({ ...service.event() })).toBe(false);
    expect(clientFromEvent({ durableExecutionClient: service })).toBe(service);
    expect(clientFromEvent({ durableExecutionClient: { checkpoint: 1 } })).toBeUndefined();
    expect(isDurableExecutionClient(null)).toBe(false);
  });

  it('the event client wins over config.durableExecutionClient', async () => {
    const eventService = new FakeCheckpointClient({ input: { who: 'event' } });
    const configService = new FakeCheckpointClient({ input: { who: 'config' } });
    const handler = withDurableExecution(async (event: { who: string }, ctx) => ctx.step(async () => event.who), {
      durableExecutionClient: configService,
    });
    const output = await handler(new DurableExecutionInvocationInputWithClient(eventService.event(), eventService), fakeLambdaContext());
    expect(output).toEqual({ Status: 'SUCCEEDED', Result: '"event"' });
    expect(eventService.requests).toHaveLength(1);
    expect(configService.requests).toHaveLength(0);
  });
});
