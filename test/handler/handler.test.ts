import { describe, expect, it } from 'vitest';
import { InvocationStatus } from '../../src/protocol.js';
import { hashOperationId } from '../../src/engine/ids.js';
import { DurableExecutionClientError, SerdesFailedError } from '../../src/errors.js';
import { UNEXPECTED_PAYLOAD_MESSAGE, withDurableExecution } from '../../src/handler.js';
import type { Serdes } from '../../src/serdes/serdes.js';
import type { DurableContext } from '../../src/types.js';
import { driveToCompletion, invokeOnce } from '../support/drive.js';
import { EXECUTION_ID, FakeCheckpointClient, fakeLambdaContext, serviceError, TEST_ARN } from '../support/fake-checkpoint-client.js';

describe('withDurableExecution: input', () => {
  const handler = withDurableExecution(async (event: { n: number }) => event.n * 2);

  it.each([
    ['no ARN', { CheckpointToken: 't', InitialExecutionState: { Operations: [] } }],
    ['no token', { DurableExecutionArn: TEST_ARN, InitialExecutionState: { Operations: [] } }],
    ['not an object', undefined],
  ])('throws the documented error for an event with %s', async (_label, event) => {
    await expect(handler(event as never, fakeLambdaContext())).rejects.toThrow(UNEXPECTED_PAYLOAD_MESSAGE);
  });

  it('passes the parsed InputPayload to the handler and maps the result (§2.2)', async () => {
    const service = new FakeCheckpointClient({ input: { n: 21 } });
    expect(await invokeOnce(handler, service)).toEqual({ Status: 'SUCCEEDED', Result: '42' });
  });

  it('gives `{}` when the InputPayload is absent, and omits Result for undefined', async () => {
    const seen: unknown[] = [];
    const h = withDurableExecution(async (event: unknown) => void seen.push(event));
    const service = new FakeCheckpointClient();
    delete service.get(EXECUTION_ID)?.ExecutionDetails?.InputPayload;
    expect(await invokeOnce(h, service)).toEqual({ Status: 'SUCCEEDED' });
    expect(seen).toEqual([{}]);
  });

  it('fails the execution with a clear error for a malformed InputPayload, without running the handler', async () => {
    let ran = false;
    const h = withDurableExecution(async () => (ran = true));
    const output = await invokeOnce(h, new FakeCheckpointClient({ inputPayload: '{not json' }));
    expect(output.Status).toBe('FAILED');
    expect(output.Status === InvocationStatus.FAILED && output.Error.ErrorType).toBe('InvalidInputPayloadError');
    expect(output.Status === InvocationStatus.FAILED && output.Error.ErrorMessage).toMatch(/^The execution's InputPayload is not valid JSON: /);
    expect(ran).toBe(false);
  });

  it('pages the rest of the log in with GetDurableExecutionState (MaxItems 1000, event token)', async () => {
    const body = async (_e: unknown, ctx: DurableContext) => {
      const values: unknown[] = [];
      for (let i = 0; i < 5; i += 1) values.push(await ctx.step(`s${i}`, async () => i));
      return values;
    };
    const h = withDurableExecution(body);
    const service = new FakeCheckpointClient({ pageSize: 2 });
    await invokeOnce(h, service);
    const before = service.requests.length;
    const output = await invokeOnce(h, service);
    expect(output).toEqual({ Status: 'SUCCEEDED', Result: '[0,1,2,3,4]' });
    expect(service.requests.length).toBe(before);
    expect(service.stateRequests.map((r) => [r.Marker, r.MaxItems, r.CheckpointToken])).toEqual([
      ['2', 1000, 'T' + String(before + 2)],
      ['4', 1000, 'T' + String(before + 2)],
    ]);
  });

  it('ignores records of unknown types that no call matches', async () => {
    const service = new FakeCheckpointClient({ input: { n: 1 } });
    service.operations.set('ffffffffffffffff', { Id: 'ffffffffffffffff', Type: 'TELEPORT' as never, Status: 'SUCCEEDED' });
    service.operations.set('', { Id: '', Type: 'STEP', Status: 'SUCCEEDED' });
    expect(await invokeOnce(handler, service)).toEqual({ Status: 'SUCCEEDED', Result: '2' });
  });
});

describe('withDurableExecution: transports and configuration', () => {
  it('fails before any service call when both client and durableExecutionClient are configured', async () => {
    const service = new FakeCheckpointClient();
    const h = withDurableExecution(async () => 1, { client: {} as never, durableExecutionClient: service });
    const output = await h(service.event(), fakeLambdaContext());
    expect(output.Status).toBe('FAILED');
    expect(service.requests).toHaveLength(0);
  });

  it('uses config.durableExecutionClient when the event carries none', async () => {
    const service = new FakeCheckpointClient({ input: { n: 2 } });
    const h = withDurableExecution(async (_e, ctx) => ctx.step('x', async () => 'y'), { durableExecutionClient: service });
    expect(await h(service.event(), fakeLambdaContext())).toEqual({ Status: 'SUCCEEDED', Result: '"y"' });
    expect(service.requests).toHaveLength(1);
  });

  it('fails the execution when paging in state meets a KMS or EXECUTION-scoped error, rethrows others', async () => {
    const h = withDurableExecution(async () => 1);
    for (const [error, expected] of [
      [serviceError('KMSAccessDeniedException', 502), 'FAILED'],
      [new DurableExecutionClientError('gone', { scope: 'EXECUTION' }), 'FAILED'],
      [serviceError('ServiceException', 500), 'throw'],
    ] as const) {
      const service = new FakeCheckpointClient({ pageSize: 0 });
      service.getExecutionState = async () => {
        throw error;
      };
      const event = { ...service.event(), InitialExecutionState: { Operations: [], NextMarker: '0' }, durableExecutionClient: service };
      if (expected === 'throw') await expect(h(event as never, fakeLambdaContext())).rejects.toBe(error);
      else expect((await h(event as never, fakeLambdaContext())).Status).toBe('FAILED');
    }
  });

  it.each([
    ['5xx', serviceError('ServiceException', 503), 'throw'],
    ['429', serviceError('TooManyRequestsException', 429), 'throw'],
    ['stale token', serviceError('InvalidParameterValueException', 400, 'Invalid Checkpoint Token: stale'), 'throw'],
    ['4xx', serviceError('ValidationException', 400, 'rejected'), 'FAILED'],
    ['KMS', serviceError('KMSNotFoundException', 502), 'FAILED'],
  ])('maps a %s checkpoint failure to %s', async (_label, error, expected) => {
    const service = new FakeCheckpointClient();
    service.failNextCheckpoint(error);
    const h = withDurableExecution(async (_e, ctx) => ctx.step('s', async () => 1));
    if (expected === 'throw') {
      await expect(invokeOnce(h, service)).rejects.toThrow(/^\[Unrecoverable Invocation\] Checkpoint failed: /);
    } else {
      const output = await invokeOnce(h, service);
      expect(output).toEqual({
        Status: 'FAILED',
        Error: { ErrorType: 'CheckpointUnrecoverableExecutionError', ErrorMessage: expect.stringMatching(/^\[Unrecoverable Execution\] Checkpoint failed: /) },
      });
    }
  });

  it('a stale token from the real token chain is rejected by the fake service and retried by Lambda', async () => {
    const service = new FakeCheckpointClient();
    const h = withDurableExecution(async (_e, ctx) => ctx.step('s', async () => 1));
    const event = { ...service.event(), CheckpointToken: 'T-old', durableExecutionClient: service };
    await expect(h(event as never, fakeLambdaContext())).rejects.toThrow('Invalid Checkpoint Token');
  });
});

describe('withDurableExecution: outcomes', () => {
  it('first run and full replay return the same value', async () => {
    const body = async (event: { base: number }, ctx: DurableContext) => {
      const a = await ctx.step('a', async () => ({ when: new Date(0), n: event.base }));
      await ctx.wait('w', { seconds: 1 });
      const b = await ctx.runInChildContext('child', async (child) => child.step(async () => [a, 'x']));
      return { a, b };
    };
    const h = withDurableExecution(body);
    const service = new FakeCheckpointClient({ input: { base: 3 } });
    const outputs = await driveToCompletion({ handler: h, service });
    expect(outputs.map((o) => o.Status)).toEqual(['PENDING', 'SUCCEEDED']);
    const calls = service.requests.length;
    const replay = await invokeOnce(h, service);
    expect(replay).toEqual(outputs.at(-1));
    expect(service.requests.length).toBe(calls);
    expect(JSON.parse((replay as { Result: string }).Result)).toEqual({
      a: { when: '1970-01-01T00:00:00.000Z', n: 3 },
      b: [{ when: '1970-01-01T00:00:00.000Z', n: 3 }, 'x'],
    });
  });

  it('returns FAILED with the error object when the handler throws', async () => {
    const h = withDurableExecution(async () => {
      throw new RangeError('nope');
    });
    expect(await invokeOnce(h, new FakeCheckpointClient())).toEqual({ Status: 'FAILED', Error: { ErrorType: 'RangeError', ErrorMessage: 'nope' } });
  });

  it('sends a result over 6 MiB through EXECUTION SUCCEED with the real execution id', async () => {
    const big = 'z'.repeat(6 * 1024 * 1024);
    const h = withDurableExecution(async () => big);
    const service = new FakeCheckpointClient();
    const output = await invokeOnce(h, service);
    expect(output).toEqual({ Status: 'SUCCEEDED', Result: '' });
    const last = service.updates.at(-1);
    expect(last).toHaveLength(1);
    expect(last?.[0]).toMatchObject({ Type: 'EXECUTION', Action: 'SUCCEED', Id: EXECUTION_ID });
    expect(last?.[0]?.Payload).toBe(JSON.stringify(big));
  });

  it('detects non-determinism on replay and fails the execution', async () => {
    let variant = 'first';
    const h = withDurableExecution(async (_e, ctx) => {
      await (variant === 'first' ? ctx.step('load', async () => 1) : ctx.wait('load', { seconds: 1 }));
      await ctx.wait({ seconds: 5 });
      return 'done';
    });
    const service = new FakeCheckpointClient();
    expect(await invokeOnce(h, service)).toEqual({ Status: 'PENDING' });
    variant = 'second';
    const output = await invokeOnce(h, service);
    expect(output).toEqual({
      Status: 'FAILED',
      Error: {
        ErrorType: 'NonDeterministicExecutionError',
        ErrorMessage: expect.stringMatching(/^\[Unrecoverable Execution\] Non-deterministic execution detected: Operation type mismatch/),
      },
    });
  });

  it.each([
    ['name', (ctx: DurableContext) => ctx.step('other', async () => 1), 'name mismatch'],
    ['type (step → child context)', (ctx: DurableContext) => ctx.runInChildContext('load', async () => 1), 'type mismatch'],
  ])('detects a %s change', async (_label, replayCall, message) => {
    let replaying = false;
    const h = withDurableExecution(async (_e, ctx) => {
      await (replaying ? replayCall(ctx) : ctx.step('load', async () => 1));
      await ctx.wait({ seconds: 5 });
    });
    const service = new FakeCheckpointClient();
    await invokeOnce(h, service);
    replaying = true;
    const output = await invokeOnce(h, service);
    expect(output.Status === InvocationStatus.FAILED && output.Error.ErrorMessage).toContain(message);
  });

  it('fails the execution when a parent context is used inside a child or a step', async () => {
    const misuses: ((ctx: DurableContext) => Promise<unknown>)[] = [
      (ctx) => ctx.runInChildContext('c', async () => ctx.step('inner', async () => 1)),
      (ctx) => ctx.step('outer', async () => ctx.wait({ seconds: 1 })),
    ];
    for (const misuse of misuses) {
      const output = await invokeOnce(withDurableExecution(async (_e, ctx) => misuse(ctx)), new FakeCheckpointClient());
      expect(output).toEqual({
        Status: 'FAILED',
        Error: { ErrorType: 'Error', ErrorMessage: expect.stringMatching(/^Context usage error in "(step|wait)"/) },
      });
    }
  });

  it('throws SerdesFailedError naming the operation when a serdes fails', async () => {
    const broken: Serdes<number> = {
      serialize: async () => {
        throw new Error('cannot write');
      },
      deserialize: async () => 1,
    };
    const h = withDurableExecution(async (_e, ctx) => ctx.step('save', async () => 1, { serdes: broken }));
    const failure = await invokeOnce(h, new FakeCheckpointClient()).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(SerdesFailedError);
    expect((failure as Error).message).toBe('[Unrecoverable Invocation] Serialization failed for step "save" (1): cannot write');
  });

  it('a corrupted step result in the log throws SerdesFailedError (the service retries; nothing is written)', async () => {
    const service = new FakeCheckpointClient();
    service.operations.set(hashOperationId('1'), {
      Id: hashOperationId('1'),
      Type: 'STEP',
      SubType: 'Step',
      Name: 'load',
      Status: 'SUCCEEDED',
      StepDetails: { Attempt: 1, Result: '{corrupt' },
    });
    const h = withDurableExecution(async (_e, ctx) => ctx.step('load', async () => 1));
    await expect(invokeOnce(h, service)).rejects.toThrow(/^\[Unrecoverable Invocation\] Deserialization failed for step "load" \(1\): /);
    expect(service.requests).toHaveLength(0);
  });
});

describe('withDurableExecution: after the response', () => {
  it('an unawaited step that finishes after the handler answered writes nothing more', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const h = withDurableExecution(async (_e, ctx: DurableContext) => {
      void ctx.step('background', async () => {
        await gate;
        return 'late';
      });
      return 'answered';
    });
    const service = new FakeCheckpointClient();
    expect(await invokeOnce(h, service)).toEqual({ Status: 'SUCCEEDED', Result: '"answered"' });
    const before = service.requests.length;
    release();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(service.requests.length).toBe(before);
    expect(service.updates.flat().map((u) => u.Action)).toEqual(['START']);
  });
});
