import { describe, expect, it } from 'vitest';
import { hashOperationId } from '../../src/engine/ids.js';
import { CallbackError, CallbackExternalError, CallbackTimeoutError, SerdesFailedError } from '../../src/errors.js';
import { withDurableExecution } from '../../src/handler.js';
import type { CreateCallbackConfig, DurableContext } from '../../src/types.js';
import { driveToCompletion, invokeOnce } from '../support/drive.js';
import { FakeCheckpointClient } from '../support/fake-checkpoint-client.js';

function callbackHandler(config?: CreateCallbackConfig<any>, configure?: (ctx: DurableContext) => void) {
  const ids: string[] = [];
  const handler = withDurableExecution(async (_e, ctx: DurableContext) => {
    configure?.(ctx);
    const [promise, callbackId] = await ctx.createCallback('approval', config);
    ids.push(callbackId);
    try {
      return { value: await promise };
    } catch (error) {
      const e = error as Error & { errorData?: string };
      return { error: e.constructor.name, message: e.message, isCallbackError: e instanceof CallbackError, data: e.errorData };
    }
  });
  return { handler, ids };
}

describe('createCallback (§5.7.5)', () => {
  it('acknowledges START with the timeouts, returns the service CallbackId and suspends', async () => {
    const { handler, ids } = callbackHandler({ timeout: { minutes: 2 }, heartbeatTimeout: { seconds: 30 } });
    const service = new FakeCheckpointClient();
    expect(await invokeOnce(handler, service)).toEqual({ Status: 'PENDING' });
    expect(service.updates).toEqual([
      [
        {
          Type: 'CALLBACK',
          Action: 'START',
          Id: hashOperationId('1'),
          SubType: 'Callback',
          Name: 'approval',
          CallbackOptions: { TimeoutSeconds: 120, HeartbeatTimeoutSeconds: 30 },
        },
      ],
    ]);
    expect(ids).toEqual([service.get(hashOperationId('1'))?.CallbackDetails?.CallbackId]);
  });

  it('passes the raw result string through by default', async () => {
    const { handler, ids } = callbackHandler();
    const service = new FakeCheckpointClient();
    const outputs = await driveToCompletion({ handler, service, between: () => service.succeedCallback(ids[0] as string, '{"ok":1}') });
    expect(outputs.at(-1)).toEqual({ Status: 'SUCCEEDED', Result: JSON.stringify({ value: '{"ok":1}' }) });
    expect(ids[1]).toBe(ids[0]);
  });

  it('applies a deserialize-only serdes, or the context default callback deserializer', async () => {
    for (const variant of ['config', 'context'] as const) {
      const deserializer = { deserialize: async (s: string | undefined) => JSON.parse(s ?? 'null') as unknown };
      const { handler, ids } =
        variant === 'config'
          ? callbackHandler({ serdes: deserializer })
          : callbackHandler(undefined, (ctx) => ctx.configureSerdes({ defaultCallbackDeserializer: deserializer }));
      const service = new FakeCheckpointClient();
      const outputs = await driveToCompletion({ handler, service, between: () => service.succeedCallback(ids[0] as string, '{"ok":1}') });
      expect(outputs.at(-1)).toEqual({ Status: 'SUCCEEDED', Result: '{"value":{"ok":1}}' });
    }
  });

  it('throws CallbackExternalError for a failed callback, with message and data', async () => {
    const { handler, ids } = callbackHandler();
    const service = new FakeCheckpointClient();
    const outputs = await driveToCompletion({
      handler,
      service,
      between: () => service.failCallback(ids[0] as string, { ErrorType: 'Denied', ErrorMessage: 'no way', ErrorData: 'd1' }),
    });
    expect(JSON.parse((outputs.at(-1) as { Result: string }).Result)).toEqual({
      error: CallbackExternalError.name,
      message: 'no way',
      isCallbackError: true,
      data: 'd1',
    });
  });

  it('throws CallbackTimeoutError for a timed out callback', async () => {
    const { handler, ids } = callbackHandler({ timeout: { seconds: 5 } });
    const service = new FakeCheckpointClient();
    const outputs = await driveToCompletion({ handler, service, between: () => service.timeOutCallback(ids[0] as string) });
    expect(JSON.parse((outputs.at(-1) as { Result: string }).Result)).toMatchObject({ error: CallbackTimeoutError.name, isCallbackError: true });
  });

  it('a throwing deserializer ends the invocation with SerdesFailedError', async () => {
    const { handler, ids } = callbackHandler({
      serdes: {
        deserialize: async () => {
          throw new Error('unreadable');
        },
      },
    });
    const service = new FakeCheckpointClient();
    await invokeOnce(handler, service);
    service.succeedCallback(ids[0] as string, 'x');
    await expect(invokeOnce(handler, service)).rejects.toBeInstanceOf(SerdesFailedError);
  });

  it('rejects with CallbackError when the service returns no CallbackId', async () => {
    const service = new FakeCheckpointClient();
    const original = service.checkpoint.bind(service);
    service.checkpoint = async (request) => {
      const response = await original(request);
      for (const op of response.NewExecutionState?.Operations ?? []) delete op.CallbackDetails;
      return response;
    };
    const h = withDurableExecution(async (_e, ctx: DurableContext) => ctx.createCallback('cb'));
    const output = await invokeOnce(h, service);
    expect(output).toEqual({ Status: 'FAILED', Error: { ErrorType: 'CallbackError', ErrorMessage: expect.stringContaining('No callback ID found') } });
  });
});
