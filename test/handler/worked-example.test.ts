import { describe, expect, it } from 'vitest';
import { withDurableExecution } from '../../src/handler.js';
import { FakeCheckpointClient, fakeLambdaContext, TEST_ARN } from '../support/fake-checkpoint-client.js';

// §3.10: u = await ctx.step("fetch", f); await ctx.wait({seconds: 30}); return u;
// The fetch takes a few milliseconds (real I/O), so its START goes out alone, as in the spec.
const handler = withDurableExecution(async (_event: unknown, ctx) => {
  const u = await ctx.step('fetch', async () => {
    await new Promise((resolve) => setTimeout(resolve, 5));
    return { id: 7 };
  });
  await ctx.wait({ seconds: 30 });
  return u;
});

describe('worked example of §3.10', () => {
  it('sends the documented checkpoints, suspends, then replays without any checkpoint', async () => {
    const service = new FakeCheckpointClient({ input: { orderId: 42 } });
    const first = await handler({ ...service.event(), durableExecutionClient: service } as never, fakeLambdaContext());
    expect(first).toEqual({ Status: 'PENDING' });
    expect(service.requests.map((r) => JSON.parse(JSON.stringify(r)))).toEqual([
      {
        DurableExecutionArn: TEST_ARN,
        CheckpointToken: 'T1',
        Updates: [{ Type: 'STEP', Action: 'START', Id: 'c4ca4238a0b92382', SubType: 'Step', Name: 'fetch' }],
      },
      {
        DurableExecutionArn: TEST_ARN,
        CheckpointToken: 'T2',
        Updates: [
          { Type: 'STEP', Action: 'SUCCEED', Id: 'c4ca4238a0b92382', SubType: 'Step', Name: 'fetch', Payload: '{"id":7}' },
        ],
      },
      {
        DurableExecutionArn: TEST_ARN,
        CheckpointToken: 'T3',
        Updates: [{ Type: 'WAIT', Action: 'START', Id: 'c81e728d9d4c2f63', SubType: 'Wait', WaitOptions: { WaitSeconds: 30 } }],
      },
    ]);

    service.fireTimers();
    const calls = service.requests.length;
    const second = await handler({ ...service.event(), durableExecutionClient: service } as never, fakeLambdaContext());
    expect(second).toEqual({ Status: 'SUCCEEDED', Result: '{"id":7}' });
    expect(service.requests.length).toBe(calls);
  });

  it('coalesces a START with the SUCCEED of a step that resolves within the same tick', async () => {
    const instant = withDurableExecution(async (_event: unknown, ctx) => ctx.step('fetch', async () => ({ id: 7 })));
    const service = new FakeCheckpointClient();
    const output = await instant({ ...service.event(), durableExecutionClient: service } as never, fakeLambdaContext());
    expect(output).toEqual({ Status: 'SUCCEEDED', Result: '{"id":7}' });
    expect(service.updates.map((batch) => batch.map((u) => u.Action))).toEqual([['START', 'SUCCEED']]);
  });
});
