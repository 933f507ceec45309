import { describe, expect, it } from 'vitest';
import { hashOperationId } from '../../src/engine/ids.js';
import { withDurableExecution } from '../../src/handler.js';
import type { DurableContext } from '../../src/types.js';
import { driveToCompletion, invokeOnce } from '../support/drive.js';
import { FakeCheckpointClient } from '../support/fake-checkpoint-client.js';

describe('wait (§5.7.2)', () => {
  it('sends one acknowledged START (named or not) and summed Duration seconds, then suspends', async () => {
    const h = withDurableExecution(async (_e, ctx: DurableContext) => {
      await ctx.wait('nap', { hours: 1, minutes: 1, seconds: 1 });
      await ctx.wait({ days: 1 });
      return 'rested';
    });
    const service = new FakeCheckpointClient();
    const outputs = await driveToCompletion({ handler: h, service });
    expect(outputs).toEqual([{ Status: 'PENDING' }, { Status: 'PENDING' }, { Status: 'SUCCEEDED', Result: '"rested"' }]);
    expect(service.updates).toEqual([
      [{ Type: 'WAIT', Action: 'START', Id: hashOperationId('1'), SubType: 'Wait', Name: 'nap', WaitOptions: { WaitSeconds: 3661 } }],
      [{ Type: 'WAIT', Action: 'START', Id: hashOperationId('2'), SubType: 'Wait', WaitOptions: { WaitSeconds: 86400 } }],
    ]);
  });

  it('an unawaited wait does not block the handler from finishing', async () => {
    const h = withDurableExecution(async (_e, ctx: DurableContext) => {
      void ctx.wait({ seconds: 30 });
      return ctx.step(async () => 'finished');
    });
    const service = new FakeCheckpointClient();
    expect(await invokeOnce(h, service)).toEqual({ Status: 'SUCCEEDED', Result: '"finished"' });
  });

  it('parallel waits suspend once both are started', async () => {
    const h = withDurableExecution(async (_e, ctx: DurableContext) => {
      await Promise.all([ctx.wait('a', { seconds: 1 }), ctx.wait('b', { seconds: 2 })]);
      return 'both';
    });
    const service = new FakeCheckpointClient();
    expect(await invokeOnce(h, service)).toEqual({ Status: 'PENDING' });
    expect(service.updates.flat().map((u) => u.Name)).toEqual(['a', 'b']);
    service.fireTimers();
    expect(await invokeOnce(h, service)).toEqual({ Status: 'SUCCEEDED', Result: '"both"' });
  });
});
