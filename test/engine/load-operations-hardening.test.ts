/**
 * Issue 19 finding 11: the state loader never resolves conflicts silently and always ends.
 * Each test failed on the code before the fix.
 */
import { describe, expect, it } from 'vitest';
import { hashOperationId } from '../../src/engine/ids.js';
import { loadOperations } from '../../src/engine/load-operations.js';
import { withDurableExecution } from '../../src/index.js';
import type { DurableExecutionInvocationInput, GetDurableExecutionStateResponse } from '../../src/protocol.js';
import type { DurableExecutionClient } from '../../src/transport/checkpoint-client.js';
import { fakeLambdaContext, FakeCheckpointClient, TEST_ARN } from '../support/fake-checkpoint-client.js';

const EXECUTION: object = { Id: 'exec', Type: 'EXECUTION', Status: 'STARTED', ExecutionDetails: { InputPayload: '{}' } };
const step = (status: string, extra: object = {}): object => ({ Id: hashOperationId('1'), Type: 'STEP', SubType: 'Step', Name: 'charge', Status: status, ...extra });

const pages = (next: (marker: string) => GetDurableExecutionStateResponse): DurableExecutionClient => ({
  checkpoint: async () => { throw new Error('not used'); },
  getExecutionState: async (params) => next(params.Marker ?? ''),
});
const noPages = pages(() => { throw new Error('not used'); });
const eventWith = (operations: unknown[], extra: Partial<Record<keyof DurableExecutionInvocationInput, unknown>> = {}): DurableExecutionInvocationInput =>
  ({ DurableExecutionArn: TEST_ARN, CheckpointToken: 't', InitialExecutionState: { Operations: operations }, ...extra }) as DurableExecutionInvocationInput;
const errorOf = (promise: Promise<unknown>): Promise<unknown> => promise.then(() => undefined, (e: unknown) => e);

describe('finding 11: the state loader fails closed', () => {
  it.each([
    ['a duplicated operation id', [EXECUTION, step('SUCCEEDED'), step('STARTED')], /appears twice/],
    ['an unknown Status', [EXECUTION, step('DONE')], /unknown Status "DONE"/],
    ['a missing Status', [EXECUTION, { Id: 'x', Type: 'STEP' }], /"x" has no Status/],
    ['no EXECUTION record', [step('SUCCEEDED')], /no EXECUTION record/],
    ['two EXECUTION records', [EXECUTION, { ...EXECUTION, Id: 'exec-2' }], /2 EXECUTION records/],
  ])('names %s', async (_label, operations, message) => {
    const error = await errorOf(loadOperations(noPages, eventWith(operations)));
    expect(error).toMatchObject({ name: 'InvalidExecutionStateError' });
    expect((error as Error).message).toMatch(message);
  });

  it.each([
    ['a non-string ARN', { DurableExecutionArn: 42 }, /DurableExecutionArn is a number/],
    ['a non-string token', { CheckpointToken: { t: 1 } }, /CheckpointToken is a object/],
  ])('names %s', async (_label, extra, message) => {
    const error = await errorOf(loadOperations(noPages, eventWith([EXECUTION], extra)));
    expect(error).toMatchObject({ name: 'InvalidExecutionStateError' });
    expect((error as Error).message).toMatch(message);
  });

  it('a SUCCEEDED step followed by a STARTED record does not re-run the side effect', async () => {
    const fake = new FakeCheckpointClient();
    let charged = 0;
    const handler = withDurableExecution(async (_e: unknown, ctx) => ctx.step('charge', async () => { charged += 1; return 'charged'; }), { durableExecutionClient: fake });
    const event = fake.event();
    const ops = event.InitialExecutionState?.Operations ?? [];
    const forged = { ...event, InitialExecutionState: { Operations: [...ops, step('SUCCEEDED', { StepDetails: { Result: '"charged"' } }), step('STARTED')] } };
    expect(await errorOf(handler(forged as never, fakeLambdaContext()))).toMatchObject({ name: 'InvalidExecutionStateError' });
    expect(charged).toBe(0);
  });

  it('loads a 300 000-record page without overflowing the stack', async () => {
    const big = Array.from({ length: 300_000 }, (_, i) => ({ Id: `op-${i}`, Type: 'STEP', Status: 'SUCCEEDED' })) as never[];
    const client = pages((marker) => (marker === 'p2' ? { Operations: big } : { Operations: [] }));
    const loaded = await loadOperations(client, { ...eventWith([EXECUTION]), InitialExecutionState: { Operations: [EXECUTION as never], NextMarker: 'p2' } });
    expect(loaded).toHaveLength(300_001);
  });

  it('ends when the service keeps returning new markers', async () => {
    let calls = 0;
    // Each page takes a macrotask, so that the test's own timeout can fire on the old endless loop.
    const client: DurableExecutionClient = {
      checkpoint: async () => { throw new Error('not used'); },
      getExecutionState: async () => {
        await new Promise((resolve) => setImmediate(resolve));
        calls += 1;
        return { Operations: [], NextMarker: `m-${calls}` };
      },
    };
    const started = Date.now();
    const error = await errorOf(loadOperations(client, { ...eventWith([EXECUTION]), InitialExecutionState: { Operations: [EXECUTION as never], NextMarker: 'm-0' } }));
    expect(error).toMatchObject({ name: 'InvalidExecutionStateError' });
    expect((error as Error).message).toMatch(/new page markers past 10000 pages/);
    expect(calls).toBe(10_000);
    expect(Date.now() - started).toBeLessThan(5_000);
  }, 10_000);
});
