import { describe, expect, it } from 'vitest';
import { hashOperationId } from '../../src/engine/ids.js';
import { InvokeError, SerdesFailedError } from '../../src/errors.js';
import { withDurableExecution } from '../../src/handler.js';
import type { Serdes } from '../../src/serdes/serdes.js';
import type { DurableContext } from '../../src/types.js';
import { driveToCompletion, invokeOnce } from '../support/drive.js';
import { FakeCheckpointClient } from '../support/fake-checkpoint-client.js';

const ID = hashOperationId('1');

describe('invoke (§5.7.4)', () => {
  it('starts a chained invoke with the serialised input, function name and tenant, then suspends', async () => {
    const h = withDurableExecution(async (_e, ctx: DurableContext) => ctx.invoke('charge', 'payments:live', { amount: 5 }, { tenantId: 't-1' }));
    const service = new FakeCheckpointClient();
    expect(await invokeOnce(h, service)).toEqual({ Status: 'PENDING' });
    expect(service.updates).toEqual([
      [
        {
          Type: 'CHAINED_INVOKE',
          Action: 'START',
          Id: ID,
          SubType: 'ChainedInvoke',
          Name: 'charge',
          Payload: '{"amount":5}',
          ChainedInvokeOptions: { FunctionName: 'payments:live', TenantId: 't-1' },
        },
      ],
    ]);
  });

  it('without a name: the first argument is the function, input undefined sends no Payload', async () => {
    const h = withDurableExecution(async (_e, ctx: DurableContext) => ctx.invoke('payments'));
    const service = new FakeCheckpointClient();
    await invokeOnce(h, service);
    expect(service.updates[0]?.[0]).toEqual({
      Type: 'CHAINED_INVOKE',
      Action: 'START',
      Id: ID,
      SubType: 'ChainedInvoke',
      ChainedInvokeOptions: { FunctionName: 'payments' },
    });
  });

  it('returns the deserialised result once the service records it', async () => {
    const h = withDurableExecution(async (_e, ctx: DurableContext) => ctx.invoke('charge', 'payments', { amount: 5 }));
    const service = new FakeCheckpointClient();
    const outputs = await driveToCompletion({ handler: h, service, between: () => service.completeInvoke(ID, { result: '{"paid":true}' }) });
    expect(outputs.at(-1)).toEqual({ Status: 'SUCCEEDED', Result: '{"paid":true}' });
  });

  it.each(['FAILED', 'TIMED_OUT', 'STOPPED'] as const)('throws InvokeError when the child execution is %s', async (status) => {
    let caught: unknown;
    const h = withDurableExecution(async (_e, ctx: DurableContext) => {
      try {
        await ctx.invoke('charge', 'payments', {});
      } catch (error) {
        caught = error;
      }
      return 'handled';
    });
    const service = new FakeCheckpointClient();
    await driveToCompletion({
      handler: h,
      service,
      between: () => service.completeInvoke(ID, { status, error: { ErrorType: 'Boom', ErrorMessage: 'child broke', ErrorData: 'x' } }),
    });
    expect(caught).toBeInstanceOf(InvokeError);
    expect((caught as InvokeError).message).toBe('child broke');
    expect((caught as InvokeError).errorData).toBe('x');
  });

  it('an uncaught child failure fails the execution with the InvokeError, and a replay of it writes nothing', async () => {
    const h = withDurableExecution(async (_e, ctx: DurableContext) => ctx.invoke('charge', 'payments', { amount: 5 }));
    const service = new FakeCheckpointClient();
    const outputs = await driveToCompletion({
      handler: h,
      service,
      between: () => service.completeInvoke(ID, { error: { ErrorType: 'CardDeclined', ErrorMessage: 'declined' } }),
    });
    expect(outputs.at(-1)).toEqual({ Status: 'FAILED', Error: expect.objectContaining({ ErrorType: 'InvokeError', ErrorMessage: 'declined' }) });
    const requestsBefore = service.requests.length;
    expect(await invokeOnce(h, service)).toEqual(outputs.at(-1));
    expect(service.requests.slice(requestsBefore).flatMap((r) => r.Updates ?? [])).toEqual([]);
  });

  it('a payload serdes that throws ends the invocation with SerdesFailedError and starts nothing', async () => {
    const broken: Serdes<unknown> = {
      serialize: async () => {
        throw new Error('cannot write');
      },
      deserialize: async () => undefined,
    };
    const h = withDurableExecution(async (_e, ctx: DurableContext) => ctx.invoke('charge', 'payments', { amount: 5 }, { payloadSerdes: broken }));
    const service = new FakeCheckpointClient();
    const failure = await invokeOnce(h, service).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SerdesFailedError);
    expect((failure as Error).message).toMatch(/"charge".*cannot write/);
    expect(service.updates.flat()).toEqual([]);
  });

  it('a corrupted recorded result ends the invocation with SerdesFailedError (retried), writing nothing', async () => {
    const h = withDurableExecution(async (_e, ctx: DurableContext) => ctx.invoke('charge', 'payments', { amount: 5 }));
    const service = new FakeCheckpointClient();
    expect(await invokeOnce(h, service)).toEqual({ Status: 'PENDING' });
    service.completeInvoke(ID, { result: '{not json' });
    const requestsBefore = service.requests.length;
    await expect(invokeOnce(h, service)).rejects.toThrow(/^\[Unrecoverable Invocation\] Deserialization failed for .*"charge"/);
    expect(service.requests.slice(requestsBefore).flatMap((r) => r.Updates ?? [])).toEqual([]);
  });
});
