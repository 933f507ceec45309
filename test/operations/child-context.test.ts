import { describe, expect, it } from 'vitest';
import { hashOperationId } from '../../src/engine/ids.js';
import { ChildContextError, StepError } from '../../src/errors.js';
import { withDurableExecution } from '../../src/handler.js';
import type { DurableContext } from '../../src/types.js';
import { driveToCompletion, invokeOnce } from '../support/drive.js';
import { FakeCheckpointClient } from '../support/fake-checkpoint-client.js';

const h1 = hashOperationId('1');

describe('runInChildContext (§5.7.7)', () => {
  it('records START and SUCCEED, children carry ParentId and counter-path ids', async () => {
    const h = withDurableExecution(async (_e, ctx: DurableContext) =>
      ctx.runInChildContext('group', async (child) => {
        const a = await child.step('a', async () => 1);
        const b = await child.runInChildContext(async (grand) => grand.step('b', async () => 2));
        return a + b;
      }),
    );
    const service = new FakeCheckpointClient();
    expect(await invokeOnce(h, service)).toEqual({ Status: 'SUCCEEDED', Result: '3' });
    expect(service.updates.flat().map((u) => [u.Type, u.Action, u.Id, u.ParentId, u.Name])).toEqual([
      ['CONTEXT', 'START', h1, undefined, 'group'],
      ['STEP', 'START', hashOperationId('1-1'), h1, 'a'],
      ['STEP', 'SUCCEED', hashOperationId('1-1'), h1, 'a'],
      ['CONTEXT', 'START', hashOperationId('1-2'), h1, undefined],
      ['STEP', 'START', hashOperationId('1-2-1'), hashOperationId('1-2'), 'b'],
      ['STEP', 'SUCCEED', hashOperationId('1-2-1'), hashOperationId('1-2'), 'b'],
      ['CONTEXT', 'SUCCEED', hashOperationId('1-2'), h1, undefined],
      ['CONTEXT', 'SUCCEED', h1, undefined, 'group'],
    ]);
    expect(service.get(h1)?.SubType).toBe('RunInChildContext');
  });

  it('replays a succeeded context from its stored result without running it', async () => {
    let runs = 0;
    const h = withDurableExecution(async (_e, ctx: DurableContext) => {
      const value = await ctx.runInChildContext('c', async () => {
        runs += 1;
        return { v: 1 };
      }, { subType: 'Custom' });
      await ctx.wait({ seconds: 1 });
      return value;
    });
    const service = new FakeCheckpointClient();
    const outputs = await driveToCompletion({ handler: h, service });
    expect(outputs.at(-1)).toEqual({ Status: 'SUCCEEDED', Result: '{"v":1}' });
    expect(runs).toBe(1);
    expect(service.get(h1)?.SubType).toBe('Custom');
  });

  it('over 256 KiB: stores no result, marks ReplayChildren, and re-executes on replay to the same value', async () => {
    let runs = 0;
    const big = 'q'.repeat(300 * 1024);
    const h = withDurableExecution(async (_e, ctx: DurableContext) => {
      const value = await ctx.runInChildContext('big', async (child) => {
        runs += 1;
        const part = await child.step('part', async () => big);
        return { part, length: part.length };
      }, { summaryGenerator: (r) => `length=${r.length}` });
      await ctx.wait({ seconds: 1 });
      return value.length;
    });
    const service = new FakeCheckpointClient();
    const outputs = await driveToCompletion({ handler: h, service });
    expect(outputs.map((o) => o.Status)).toEqual(['PENDING', 'SUCCEEDED']);
    expect(outputs.at(-1)).toEqual({ Status: 'SUCCEEDED', Result: String(300 * 1024) });
    const succeed = service.updates.flat().find((u) => u.Type === 'CONTEXT' && u.Action === 'SUCCEED');
    expect(succeed?.Payload).toBe(`length=${300 * 1024}`);
    expect(succeed?.ContextOptions).toEqual({ ReplayChildren: true });
    expect(runs).toBe(2);
    expect(service.updates.flat().filter((u) => u.Type === 'STEP')).toHaveLength(2);
  });

  it('over 256 KiB without a summary generator stores an empty payload', async () => {
    const h = withDurableExecution(async (_e, ctx: DurableContext) => {
      await ctx.runInChildContext(async () => 'w'.repeat(256 * 1024 + 10));
      return 'ok';
    });
    const service = new FakeCheckpointClient();
    await invokeOnce(h, service);
    expect(service.updates.flat().find((u) => u.Action === 'SUCCEED' && u.Type === 'CONTEXT')).toMatchObject({ Payload: '', ContextOptions: { ReplayChildren: true } });
  });

  it('records FAIL and throws ChildContextError (or the errorMapper result) on first run and replay', async () => {
    const seen: unknown[] = [];
    const h = withDurableExecution(async (_e, ctx: DurableContext) => {
      for (const mapped of [false, true]) {
        try {
          await ctx.runInChildContext(mapped ? 'mapped' : 'plain', async () => {
            throw new RangeError('bad range');
          }, mapped ? { errorMapper: (e) => new StepError(`mapped: ${e.message}`, e) } : undefined);
        } catch (error) {
          seen.push(error);
        }
      }
      await ctx.wait({ seconds: 1 });
      return 'done';
    });
    const service = new FakeCheckpointClient();
    await driveToCompletion({ handler: h, service });
    expect(seen).toHaveLength(4);
    for (const [i, error] of seen.entries()) {
      if (i % 2 === 0) {
        expect(error).toBeInstanceOf(ChildContextError);
        expect((error as Error).message).toBe('bad range');
      } else {
        expect(error).toBeInstanceOf(StepError);
        expect((error as Error).message).toBe('mapped: bad range');
      }
    }
    expect(service.get(h1)?.ContextDetails?.Error).toEqual({ ErrorType: 'RangeError', ErrorMessage: 'bad range' });
  });

  it('virtual contexts write no CONTEXT record and re-parent their children', async () => {
    const h = withDurableExecution(async (_e, ctx: DurableContext) =>
      ctx.runInChildContext('outer', async (outer) =>
        outer.runInChildContext('flat', async (flat) => flat.step('x', async () => 1), { virtualContext: true }),
      ),
    );
    const service = new FakeCheckpointClient();
    expect(await invokeOnce(h, service)).toEqual({ Status: 'SUCCEEDED', Result: '1' });
    expect(service.updates.flat().map((u) => [u.Type, u.Action, u.Id, u.ParentId])).toEqual([
      ['CONTEXT', 'START', h1, undefined],
      ['STEP', 'START', hashOperationId('1-1-1'), h1],
      ['STEP', 'SUCCEED', hashOperationId('1-1-1'), h1],
      ['CONTEXT', 'SUCCEED', h1, undefined],
    ]);
  });

  it('drops late writes of work still running when its context finished', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const h = withDurableExecution(async (_e, ctx: DurableContext) => {
      await ctx.runInChildContext('c', async (child) => {
        void child.step('late', async () => {
          await gate;
          return 'too late';
        });
        return 'early';
      });
      release();
      await new Promise((resolve) => setTimeout(resolve, 10));
      return 'done';
    });
    const service = new FakeCheckpointClient();
    expect(await invokeOnce(h, service)).toEqual({ Status: 'SUCCEEDED', Result: '"done"' });
    const late = service.updates.flat().filter((u) => u.Id === hashOperationId('1-1'));
    expect(late.map((u) => u.Action)).toEqual(['START']);
  });

  it('child contexts inherit the serdes configured before they are created, and child changes stay local', async () => {
    const tagging = (tag: string) => ({
      serialize: async (v: unknown) => (v === undefined ? undefined : `${tag}|${JSON.stringify(v)}`),
      deserialize: async (s: string | undefined) => (s === undefined ? undefined : JSON.parse(s.slice(s.indexOf('|') + 1))),
    });
    const h = withDurableExecution(async (_e, ctx: DurableContext) => {
      ctx.configureSerdes({ defaultSerdes: tagging('root') });
      await ctx.runInChildContext('c', async (child) => {
        await child.step('inherited', async () => 1);
        child.configureSerdes({ defaultSerdes: tagging('child') });
        await child.step('own', async () => 2);
      });
      await ctx.step('after', async () => 3);
    });
    const service = new FakeCheckpointClient();
    await invokeOnce(h, service);
    const results = Object.fromEntries(service.updates.flat().filter((u) => u.Type === 'STEP' && u.Action === 'SUCCEED').map((u) => [u.Name, u.Payload]));
    expect(results).toEqual({ inherited: 'root|1', own: 'child|2', after: 'root|3' });
  });
});


describe('context id helpers for operations built on child contexts', () => {
  it('peek does not consume an id, skip does', async () => {
    const h = withDurableExecution(async (_e, ctx: DurableContext) => {
      const internal = ctx as unknown as { peekOperationId(): string; skipOperationId(): string };
      const peeked = internal.peekOperationId();
      const skipped = internal.skipOperationId();
      await ctx.step('after', async () => 1);
      return { peeked, skipped };
    });
    const service = new FakeCheckpointClient();
    expect(await invokeOnce(h, service)).toEqual({ Status: 'SUCCEEDED', Result: '{"peeked":"1","skipped":"1"}' });
    expect(service.get(hashOperationId('2'))?.Name).toBe('after');
  });
});
