import { withDurableExecution } from '@aws/durable-execution-sdk-js';
import { describe, expect, it } from 'vitest';
import type { OperationUpdate } from '../../src/protocol.js';
import { inProcessInvoker } from '../../src/service/invokers/in-process-invoker.js';
import type { FunctionInvoker, InvocationRequest } from '../../src/service/invokers/invoker.js';
import { DurableExecutionService } from '../../src/service/service.js';

/** An invoker that hands each invocation to the test and waits for it to finish. */
const manualInvoker = (): { invoker: FunctionInvoker; next(): Promise<{ req: InvocationRequest; finish(value: unknown): void }> } => {
  const queue: { req: InvocationRequest; finish(value: unknown): void }[] = [];
  const waiters: ((item: { req: InvocationRequest; finish(value: unknown): void }) => void)[] = [];
  return {
    invoker: (req) =>
      new Promise((resolve) => {
        const item = { req, finish: (value: unknown) => resolve({ kind: 'returned', value }) };
        const waiter = waiters.shift();
        if (waiter) waiter(item);
        else queue.push(item);
      }),
    next: () => {
      const item = queue.shift();
      return item ? Promise.resolve(item) : new Promise((resolve) => waiters.push(resolve));
    },
  };
};

const eventOf = (req: InvocationRequest): { DurableExecutionArn: string; CheckpointToken: string; InitialExecutionState: { Operations: { Id: string; Type: string; ExecutionDetails?: { InputPayload?: string } }[]; NextMarker?: string } } =>
  req.event as never;

describe('DurableExecutionService', () => {
  it('runs an official-SDK handler with a step and an hour-long wait in virtual time', async () => {
    const service = new DurableExecutionService();
    service.registerFunction({
      name: 'greeter',
      invoker: inProcessInvoker(withDurableExecution(async (event: string, ctx) => {
        const greeting = await ctx.step('greet', async () => `Hello, ${event}!`);
        await ctx.wait({ hours: 1 });
        return greeting;
      })),
    });
    const started = Date.now();
    const arn = service.startExecution({ functionName: 'greeter', payload: '"World"' });
    const done = await service.waitForCompletion(arn);
    // An hour of waiting must cost no real time (generous bound for a loaded CI machine).
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(arn).toMatch(/^arn:aws:lambda:us-east-1:123456789012:function:greeter:\$LATEST\/durable-execution\/[^/]+\/[^/]+$/);
    expect(done.Status).toBe('SUCCEEDED');
    expect(done.Result).toBe('"Hello, World!"');
    expect(done.EndTimestamp!.getTime() - done.StartTimestamp.getTime()).toBeGreaterThanOrEqual(3_600_000);
    const types = service.history(arn).map((e) => [e.EventId, e.EventType]);
    expect(types).toEqual([
      [1, 'ExecutionStarted'], [2, 'StepStarted'], [3, 'StepSucceeded'], [4, 'WaitStarted'],
      [5, 'InvocationCompleted'], [6, 'WaitSucceeded'], [7, 'InvocationCompleted'], [8, 'ExecutionSucceeded'],
    ]);
    const events = service.history(arn);
    expect(events[0]?.ExecutionStartedDetails).toEqual({ Input: { Payload: '"World"', Truncated: false }, ExecutionTimeout: 31_622_400 });
    expect(events[2]?.StepSucceededDetails?.RetryDetails).toEqual({ CurrentAttempt: 1 });
    expect(events[3]?.WaitStartedDetails?.Duration).toBe(3600);
  });

  it('rotates checkpoint tokens, rejects stale ones and enforces the state machine', async () => {
    const service = new DurableExecutionService();
    const manual = manualInvoker();
    service.registerFunction({ name: 'fn', invoker: manual.invoker });
    const arn = service.startExecution({ functionName: 'fn', payload: '{"a":1}' });
    const inv = await manual.next();
    const event = eventOf(inv.req);
    expect(event.InitialExecutionState.Operations).toHaveLength(1);
    expect(event.InitialExecutionState.Operations[0]?.Type).toBe('EXECUTION');
    expect(event.InitialExecutionState.Operations[0]?.ExecutionDetails?.InputPayload).toBe('{"a":1}');
    const client = inv.req.client!;
    const start: OperationUpdate = { Id: 's1', Type: 'STEP', SubType: 'Step', Action: 'START', Name: 'one' };
    const r1 = await client.checkpoint({ DurableExecutionArn: arn, CheckpointToken: event.CheckpointToken, Updates: [start] });
    expect(r1.CheckpointToken).toBeDefined();
    expect(r1.NewExecutionState?.Operations?.map((o) => [o.Id, o.Status])).toEqual([['s1', 'STARTED']]);
    await expect(client.checkpoint({ DurableExecutionArn: arn, CheckpointToken: event.CheckpointToken, Updates: [] }))
      .rejects.toMatchObject({ name: 'InvalidParameterValueException', message: expect.stringMatching(/^Invalid Checkpoint Token/) });
    const token = r1.CheckpointToken!;
    await expect(client.checkpoint({ DurableExecutionArn: arn, CheckpointToken: token, Updates: [start] }))
      .rejects.toMatchObject({ name: 'InvalidParameterValueException', message: 'Invalid current STEP state to start.', $metadata: { httpStatusCode: 400 } });
    await expect(client.checkpoint({ DurableExecutionArn: arn, CheckpointToken: token, Updates: [{ Id: 'w', Type: 'WAIT', Action: 'SUCCEED' }] }))
      .rejects.toMatchObject({ message: 'Invalid WAIT action.' });
    await expect(client.checkpoint({ DurableExecutionArn: arn, CheckpointToken: token, Updates: [{ Id: 'x', ParentId: 's1', Type: 'STEP', Action: 'START' }] }))
      .rejects.toMatchObject({ message: 'Invalid parent operation id.' });
    await expect(client.checkpoint({ DurableExecutionArn: arn, CheckpointToken: token, Updates: [{ Id: 's1', Type: 'STEP', Action: 'RETRY' }] }))
      .rejects.toMatchObject({ message: 'Invalid StepOptions for the given action.' });
    await expect(client.checkpoint({ DurableExecutionArn: arn, CheckpointToken: token, Updates: [{ Id: 's1', Type: 'STEP', Action: 'SUCCEED', Payload: 'x'.repeat(1024 * 1024 + 1) }] }))
      .rejects.toMatchObject({ message: 'Payload size must be at most 1048576 bytes.' });
    await expect(client.checkpoint({ DurableExecutionArn: arn, CheckpointToken: token, Updates: [
      { Id: 'e', Type: 'EXECUTION', Action: 'SUCCEED', Payload: '1' }, { Id: 's1', Type: 'STEP', Action: 'SUCCEED' },
    ] })).rejects.toMatchObject({ message: 'EXECUTION checkpoint must be the last update.' });
    await expect(client.checkpoint({ DurableExecutionArn: arn, CheckpointToken: token, Updates: [
      { Id: 'w2', Type: 'WAIT', Action: 'START', WaitOptions: { WaitSeconds: 1 } }, { Id: 'w2', Type: 'WAIT', Action: 'CANCEL' },
    ] })).rejects.toMatchObject({ message: 'Cannot update the same operation twice in a single request.' });
    // Rejected batches change nothing and leave the token valid; ClientToken retries are idempotent.
    const retry = { DurableExecutionArn: arn, CheckpointToken: token, ClientToken: 'c-1', Updates: [{ Id: 's1', Type: 'STEP' as const, Action: 'SUCCEED' as const, Payload: '1' }] };
    const r2 = await client.checkpoint(retry);
    const r2again = await client.checkpoint(retry);
    expect(r2again).toEqual(r2);
    expect(service.history(arn).filter((e) => e.EventType === 'StepSucceeded')).toHaveLength(1);
    const state = await client.getExecutionState({ DurableExecutionArn: arn, CheckpointToken: r2.CheckpointToken!, MaxItems: 1 });
    expect(state.Operations).toHaveLength(1);
    expect(state.NextMarker).toBe('1');
    const page2 = await client.getExecutionState({ DurableExecutionArn: arn, CheckpointToken: r2.CheckpointToken!, Marker: '1', MaxItems: 1 });
    expect(page2.Operations?.map((o) => o.Id)).toEqual(['s1']);
    expect(page2.NextMarker).toBeUndefined();
    inv.finish({ Status: 'SUCCEEDED', Result: '1' });
    const done = await service.waitForCompletion(arn);
    expect(done.Status).toBe('SUCCEEDED');
  });

  it('prunes children of finished contexts unless ReplayChildren', async () => {
    const service = new DurableExecutionService();
    const manual = manualInvoker();
    service.registerFunction({ name: 'fn', invoker: manual.invoker });
    const arn = service.startExecution({ functionName: 'fn' });
    const inv = await manual.next();
    const client = inv.req.client!;
    const r = await client.checkpoint({
      DurableExecutionArn: arn,
      CheckpointToken: eventOf(inv.req).CheckpointToken,
      Updates: [
        { Id: 'c1', Type: 'CONTEXT', Action: 'START' },
        { Id: 'c1s', ParentId: 'c1', Type: 'STEP', Action: 'SUCCEED', Payload: '1' },
        { Id: 'c1', Type: 'CONTEXT', Action: 'SUCCEED', Payload: '1' },
        { Id: 'c2', Type: 'CONTEXT', Action: 'START' },
        { Id: 'c2s', ParentId: 'c2', Type: 'STEP', Action: 'SUCCEED', Payload: '2' },
        { Id: 'c2', Type: 'CONTEXT', Action: 'SUCCEED', ContextOptions: { ReplayChildren: true } },
        { Id: 'w', Type: 'WAIT', Action: 'START', WaitOptions: { WaitSeconds: 5 } },
      ],
    });
    const ids = (await client.getExecutionState({ DurableExecutionArn: arn, CheckpointToken: r.CheckpointToken! })).Operations?.map((o) => o.Id);
    expect(ids?.slice(1)).toEqual(['c1', 'c2', 'c2s', 'w']);
    inv.finish({ Status: 'PENDING' });
    const second = await manual.next();
    expect(eventOf(second.req).InitialExecutionState.Operations.map((o) => o.Id).slice(1)).toEqual(['c1', 'c2', 'c2s', 'w']);
    expect((second.req.event as { UpdatedOperationIds: string[] }).UpdatedOperationIds).toEqual(['w']);
    second.finish({ Status: 'SUCCEEDED' });
    expect((await service.waitForCompletion(arn)).Status).toBe('SUCCEEDED');
  });

  it('records invocation faults and retries them, then fails after the attempt limit', async () => {
    const service = new DurableExecutionService({ maxInvocationAttempts: 3 });
    let calls = 0;
    service.registerFunction({
      name: 'broken',
      invoker: inProcessInvoker(async () => {
        calls += 1;
        if (calls === 1) throw new TypeError('boom');
        return 'not a durable response';
      }),
    });
    const arn = service.startExecution({ functionName: 'broken' });
    const done = await service.waitForCompletion(arn);
    expect(done.Status).toBe('FAILED');
    const completed = service.history(arn).filter((e) => e.EventType === 'InvocationCompleted');
    expect(completed.map((e) => e.InvocationCompletedDetails?.Error?.Payload?.ErrorType)).toEqual([
      'TypeError', 'Runtime.InvalidResponse', 'Runtime.InvalidResponse',
    ]);
    expect(done.Error?.ErrorType).toBe('Runtime.InvalidResponse');
  });

  it('stops, lists, pages history in reverse and hides execution data on request', async () => {
    const service = new DurableExecutionService();
    const manual = manualInvoker();
    service.registerFunction({ name: 'fn', invoker: manual.invoker });
    const a = service.startExecution({ functionName: 'fn', payload: '1', executionName: 'first' });
    expect(service.startExecution({ functionName: 'fn', payload: '1', executionName: 'first' })).toBe(a);
    expect(() => service.startExecution({ functionName: 'fn', payload: '2', executionName: 'first' }))
      .toThrow(expect.objectContaining({ name: 'DurableExecutionAlreadyStartedException' }));
    const b = service.startExecution({ functionName: 'fn', payload: '2', executionName: 'second' });
    const stop = service.stopExecution(b, { ErrorType: 'Manual', ErrorMessage: 'stopped by test' });
    expect(stop.StopTimestamp).toBeInstanceOf(Date);
    expect(service.getExecution(b).Status).toBe('STOPPED');
    expect(() => service.stopExecution(b)).toThrow(expect.objectContaining({ name: 'InvalidParameterValueException' }));
    const list = service.listExecutionsByFunction({ FunctionName: 'fn', MaxItems: 1 });
    expect(list.DurableExecutions.map((e) => e.DurableExecutionName)).toEqual(['first']);
    const rest = service.listExecutionsByFunction({ FunctionName: 'fn', Marker: list.NextMarker!, MaxItems: 1 });
    expect(rest.DurableExecutions.map((e) => [e.DurableExecutionName, e.Status])).toEqual([['second', 'STOPPED']]);
    expect(service.listExecutionsByFunction({ FunctionName: 'fn', Statuses: ['STOPPED'] }).DurableExecutions).toHaveLength(1);
    const hist = service.getExecutionHistory({ DurableExecutionArn: b, ReverseOrder: true, MaxItems: 1 });
    expect(hist.Events.map((e) => e.EventType)).toEqual(['ExecutionStopped']);
    expect(hist.Events[0]?.ExecutionStoppedDetails?.Error?.Payload).toEqual({ ErrorType: 'Manual', ErrorMessage: 'stopped by test' });
    const noData = service.getExecutionHistory({ DurableExecutionArn: b, IncludeExecutionData: false });
    expect(noData.Events[0]?.ExecutionStartedDetails?.Input).toEqual({ Truncated: false });
    expect(() => service.getExecutionHistory({ DurableExecutionArn: b, Marker: 'zz' })).toThrow(/Invalid Marker/);
    expect(() => service.getExecution('arn:nope')).toThrow(expect.objectContaining({ name: 'ResourceNotFoundException' }));
    (await manual.next()).finish({ Status: 'SUCCEEDED' });
    expect((await service.waitForCompletion(a)).Status).toBe('SUCCEEDED');
  });

  it('re-invokes at once when a callback completes during an invocation that then suspends', async () => {
    const service = new DurableExecutionService();
    const manual = manualInvoker();
    service.registerFunction({ name: 'fn', invoker: manual.invoker });
    const arn = service.startExecution({ functionName: 'fn' });
    const inv = await manual.next();
    const r = await inv.req.client!.checkpoint({
      DurableExecutionArn: arn,
      CheckpointToken: eventOf(inv.req).CheckpointToken,
      Updates: [{ Id: 'cb', Type: 'CALLBACK', Action: 'START', CallbackOptions: { TimeoutSeconds: 60 } }],
    });
    const callbackId = r.NewExecutionState?.Operations?.[0]?.CallbackDetails?.CallbackId;
    expect(callbackId).toEqual(expect.any(String));
    service.sendCallbackSuccess(callbackId!, new TextEncoder().encode('"done"'));
    inv.finish({ Status: 'PENDING' });
    const second = await manual.next();
    const seen = (second.req.event as { InitialExecutionState: { Operations: { Id: string; Status: string; CallbackDetails?: { Result?: string } }[] } })
      .InitialExecutionState.Operations.find((o) => o.Id === 'cb');
    expect(seen).toMatchObject({ Status: 'SUCCEEDED', CallbackDetails: { Result: '"done"' } });
    second.finish({ Status: 'SUCCEEDED', Result: '"done"' });
    const events = (await service.waitForCompletion(arn), service.history(arn)).map((e) => e.EventType);
    expect(events).toEqual(['ExecutionStarted', 'CallbackStarted', 'CallbackSucceeded', 'InvocationCompleted', 'InvocationCompleted', 'ExecutionSucceeded']);
    expect(() => service.sendCallbackSuccess(callbackId!)).toThrow(expect.objectContaining({ name: 'CallbackTimeoutException' }));
  });

  it('runs on a scaled real-time clock and enforces the execution timeout', async () => {
    const service = new DurableExecutionService({ clock: 'real', timeScale: 5 });
    service.registerFunction({
      name: 'slow',
      executionTimeoutSeconds: 4,
      invoker: inProcessInvoker(withDurableExecution(async (_event: unknown, ctx) => {
        await ctx.wait({ seconds: 2 });
        await ctx.wait({ seconds: 10 });
        return 'never';
      })),
    });
    const started = Date.now();
    const arn = service.startExecution({ functionName: 'slow' });
    const done = await service.waitForCompletion(arn);
    const elapsed = Date.now() - started;
    expect(done.Status).toBe('TIMED_OUT');
    // 4 s of service time at 5x is 800 ms of wall time.
    expect(elapsed).toBeGreaterThanOrEqual(700);
    expect(elapsed).toBeLessThan(8000);
    const events = service.history(arn).map((e) => e.EventType);
    expect(events.slice(0, 6)).toEqual(['ExecutionStarted', 'WaitStarted', 'InvocationCompleted', 'WaitSucceeded', 'WaitStarted', 'InvocationCompleted']);
    expect(events.at(-1)).toBe('ExecutionTimedOut');
  });

  it('rejects a time scale that is not a positive number', () => {
    expect(() => new DurableExecutionService({ clock: 'real', timeScale: 0 })).toThrow(/positive number/);
  });

  it('truncates history payloads over 256 KiB but keeps them whole in the operation log', async () => {
    // Limits off: the service refuses such a step payload by default (test/service/metering.test.ts).
    const service = new DurableExecutionService({ enforceLimits: false });
    const manual = manualInvoker();
    service.registerFunction({ name: 'fn', invoker: manual.invoker });
    const arn = service.startExecution({ functionName: 'fn' });
    const inv = await manual.next();
    const big = JSON.stringify('x'.repeat(300 * 1024));
    await inv.req.client!.checkpoint({
      DurableExecutionArn: arn,
      CheckpointToken: eventOf(inv.req).CheckpointToken,
      Updates: [{ Id: 'big', Type: 'STEP', Action: 'SUCCEED', Payload: big }],
    });
    inv.finish({ Status: 'SUCCEEDED', Result: '"small"' });
    await service.waitForCompletion(arn);
    const event = service.history(arn).find((e) => e.EventType === 'StepSucceeded');
    expect(event?.StepSucceededDetails?.Result?.Truncated).toBe(true);
    expect(event?.StepSucceededDetails?.Result?.Payload).toHaveLength(256 * 1024);
    expect(service.execution(arn).operations.get('big')?.op.StepDetails?.Result).toBe(big);
    const done = service.history(arn).at(-1);
    expect(done?.ExecutionSucceededDetails?.Result).toEqual({ Payload: '"small"', Truncated: false });
  });

  it('pages the initial state through GetDurableExecutionState for the official SDK', async () => {
    const service = new DurableExecutionService({ eventPageSize: 2 });
    const pagesRequested: (string | undefined)[] = [];
    const inner = inProcessInvoker(withDurableExecution(async (_event: unknown, ctx) => {
      const values: number[] = [];
      for (let i = 0; i < 5; i += 1) values.push(await ctx.step(`s${i}`, async () => i));
      await ctx.wait({ seconds: 30 });
      return values;
    }));
    service.registerFunction({
      name: 'paged',
      invoker: (req) =>
        inner({
          ...req,
          client: {
            checkpoint: (r) => req.client!.checkpoint(r),
            getExecutionState: (r) => {
              pagesRequested.push(r.Marker);
              return req.client!.getExecutionState(r);
            },
          },
        }),
    });
    const arn = service.startExecution({ functionName: 'paged' });
    const done = await service.waitForCompletion(arn);
    expect(done).toMatchObject({ Status: 'SUCCEEDED', Result: '[0,1,2,3,4]' });
    // Second invocation: EXECUTION + 5 steps + wait = 7 operations, 2 in the event, then pages of up to 1000.
    expect(pagesRequested).toEqual(['2']);
    expect(service.history(arn).filter((e) => e.EventType === 'StepStarted')).toHaveLength(5);
  });

  it('stops the child execution when its CHAINED_INVOKE is cancelled', async () => {
    const service = new DurableExecutionService();
    const parent = manualInvoker();
    const child = manualInvoker();
    service.registerFunction({ name: 'parent', invoker: parent.invoker });
    service.registerFunction({ name: 'child', invoker: child.invoker });
    const arn = service.startExecution({ functionName: 'parent' });
    const inv = await parent.next();
    const r = await inv.req.client!.checkpoint({
      DurableExecutionArn: arn,
      CheckpointToken: eventOf(inv.req).CheckpointToken,
      Updates: [{ Id: 'i', Type: 'CHAINED_INVOKE', Action: 'START', Payload: '{"n":1}', ChainedInvokeOptions: { FunctionName: 'child' } }],
    });
    const childArn = service.history(arn).find((e) => e.EventType === 'ChainedInvokeStarted')?.ChainedInvokeStartedDetails?.DurableExecutionArn;
    expect(service.getExecution(childArn!)).toMatchObject({ Status: 'RUNNING', InputPayload: '{"n":1}' });
    await inv.req.client!.checkpoint({
      DurableExecutionArn: arn, CheckpointToken: r.CheckpointToken!, Updates: [{ Id: 'i', Type: 'CHAINED_INVOKE', Action: 'CANCEL' }],
    });
    expect(service.getExecution(childArn!).Status).toBe('STOPPED');
    expect(service.execution(arn).operations.get('i')?.op.Status).toBe('CANCELLED');
    inv.finish({ Status: 'SUCCEEDED' });
    expect((await service.waitForCompletion(arn)).Status).toBe('SUCCEEDED');
  });
});
