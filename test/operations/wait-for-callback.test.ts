import { describe, expect, it } from 'vitest';
import { hashOperationId } from '../../src/engine/ids.js';
import {
  CallbackError,
  CallbackExternalError,
  CallbackSubmitterError,
  CallbackTimeoutError,
  ChildContextError,
  SerdesFailedError,
  StepError,
} from '../../src/errors.js';
import { withDurableExecution } from '../../src/handler.js';
import type { DurableContext, WaitForCallbackConfig } from '../../src/types.js';
import { driveToCompletion, invokeOnce } from '../support/drive.js';
import { FakeCheckpointClient } from '../support/fake-checkpoint-client.js';

const h1 = hashOperationId('1');

/** Handler awaiting one waitForCallback; errors are reported in the result. */
function approvalHandler(config?: WaitForCallbackConfig<any>, options: { submit?: (id: string) => Promise<void>; configure?: (ctx: DurableContext) => void } = {}) {
  const submitted: string[] = [];
  const handler = withDurableExecution(async (_e, ctx: DurableContext) => {
    options.configure?.(ctx);
    try {
      const value = await ctx.waitForCallback('approval', async (callbackId, { logger }) => {
        logger.info('submitting', callbackId);
        submitted.push(callbackId);
        await options.submit?.(callbackId);
      }, config);
      return { value };
    } catch (error) {
      const e = error as Error & { cause?: Error; errorData?: string };
      return { error: e.constructor.name, message: e.message, cause: e.cause?.constructor.name, isCallbackError: e instanceof CallbackError, data: e.errorData };
    }
  });
  return { handler, submitted };
}

const resultOf = (outputs: { Status: string; Result?: string }[]): unknown => JSON.parse(outputs.at(-1)?.Result ?? 'null');

describe('waitForCallback (§5.7.6)', () => {
  it('is a WaitForCallback CONTEXT holding an unnamed CALLBACK (W-1) and an unnamed submitter STEP (W-2)', async () => {
    const { handler, submitted } = approvalHandler({ timeout: { minutes: 2 }, heartbeatTimeout: { seconds: 30 } });
    const service = new FakeCheckpointClient();
    expect(await invokeOnce(handler, service)).toEqual({ Status: 'PENDING' });
    expect(service.updates.flat().map((u) => [u.Type, u.SubType, u.Action, u.Id, u.ParentId, u.Name])).toEqual([
      ['CONTEXT', 'WaitForCallback', 'START', h1, undefined, 'approval'],
      ['CALLBACK', 'Callback', 'START', hashOperationId('1-1'), h1, undefined],
      ['STEP', 'Step', 'START', hashOperationId('1-2'), h1, undefined],
      ['STEP', 'Step', 'SUCCEED', hashOperationId('1-2'), h1, undefined],
    ]);
    expect(service.updates.flat()[1]?.CallbackOptions).toEqual({ TimeoutSeconds: 120, HeartbeatTimeoutSeconds: 30 });
    expect(submitted).toEqual([service.get(hashOperationId('1-1'))?.CallbackDetails?.CallbackId]);
  });

  it('returns the raw string, stores it JSON-quoted in the context, and does not submit again on replay', async () => {
    const { handler, submitted } = approvalHandler();
    const service = new FakeCheckpointClient();
    const outputs = await driveToCompletion({ handler, service, between: () => service.succeedCallback(submitted[0] as string, '{"ok":1}') });
    expect(resultOf(outputs)).toEqual({ value: '{"ok":1}' });
    expect(service.get(h1)?.ContextDetails?.Result).toBe(JSON.stringify('{"ok":1}'));
    expect(submitted).toHaveLength(1);
    // A later invocation replays the whole thing from the CONTEXT record.
    const replay = await invokeOnce(handler, service);
    expect(replay).toEqual(outputs.at(-1));
    expect(submitted).toHaveLength(1);
  });

  it('applies config.serdes once, outside the child context', async () => {
    const seen: (string | undefined)[] = [];
    const { handler, submitted } = approvalHandler({
      serdes: {
        deserialize: async (s) => {
          seen.push(s);
          return s === undefined ? undefined : (JSON.parse(s) as unknown);
        },
      },
    });
    const service = new FakeCheckpointClient();
    const outputs = await driveToCompletion({ handler, service, between: () => service.succeedCallback(submitted[0] as string, '{"ok":1}') });
    expect(resultOf(outputs)).toEqual({ value: { ok: 1 } });
    expect(seen).toEqual(['{"ok":1}']);
  });

  it('with a context default callback deserializer the child keeps the raw string unquoted', async () => {
    const { handler, submitted } = approvalHandler(undefined, {
      configure: (ctx) => ctx.configureSerdes({ defaultCallbackDeserializer: { deserialize: async (s) => `<${s}>` } }),
    });
    const service = new FakeCheckpointClient();
    const outputs = await driveToCompletion({ handler, service, between: () => service.succeedCallback(submitted[0] as string, 'yes') });
    expect(resultOf(outputs)).toEqual({ value: '<yes>' });
    expect(service.get(h1)?.ContextDetails?.Result).toBe('yes');
  });

  it('a failed callback surfaces as CallbackExternalError (message and data kept)', async () => {
    const { handler, submitted } = approvalHandler();
    const service = new FakeCheckpointClient();
    const outputs = await driveToCompletion({
      handler,
      service,
      between: () => service.failCallback(submitted[0] as string, { ErrorType: 'Denied', ErrorMessage: 'no way', ErrorData: 'd1' }),
    });
    expect(resultOf(outputs)).toMatchObject({ error: CallbackExternalError.name, message: 'no way', isCallbackError: true });
    expect(service.get(h1)).toMatchObject({ Status: 'FAILED', ContextDetails: { Error: { ErrorType: 'CallbackExternalError' } } });
  });

  it('a timed out callback surfaces as CallbackTimeoutError', async () => {
    const { handler, submitted } = approvalHandler({ timeout: { seconds: 5 } });
    const service = new FakeCheckpointClient();
    const outputs = await driveToCompletion({ handler, service, between: () => service.timeOutCallback(submitted[0] as string) });
    expect(resultOf(outputs)).toMatchObject({ error: CallbackTimeoutError.name, isCallbackError: true });
  });

  it('a submitter that keeps failing becomes CallbackSubmitterError (cause: the StepError), after its retries', async () => {
    let attempts = 0;
    const { handler } = approvalHandler(
      { retryStrategy: (_error, attempt) => ({ shouldRetry: attempt < 3, delay: { seconds: 1 } }) },
      {
        submit: async () => {
          attempts += 1;
          throw new Error('mail server down');
        },
      },
    );
    const service = new FakeCheckpointClient();
    const outputs = await driveToCompletion({ handler, service });
    expect(attempts).toBe(3);
    expect(resultOf(outputs)).toEqual({
      error: CallbackSubmitterError.name,
      message: 'mail server down',
      cause: StepError.name,
      isCallbackError: true,
    });
  });

  it('a recorded failure of another durable type becomes ChildContextError; unknown types rebuild as StepError (submitter)', async () => {
    for (const [errorType, expected] of [
      ['InvokeError', ChildContextError.name],
      ['WaitForConditionError', ChildContextError.name],
      ['CallbackError', CallbackError.name],
      ['TypeError', CallbackSubmitterError.name],
    ]) {
      const { handler, submitted } = approvalHandler();
      const service = new FakeCheckpointClient();
      service.operations.set(h1, {
        Id: h1,
        Type: 'CONTEXT',
        SubType: 'WaitForCallback',
        Name: 'approval',
        Status: 'FAILED',
        ContextDetails: { Error: { ErrorType: errorType, ErrorMessage: 'broken' } },
      });
      const output = await invokeOnce(handler, service);
      expect(JSON.parse((output as { Result: string }).Result)).toMatchObject({ error: expected, message: 'broken' });
      expect(submitted).toEqual([]);
    }
  });

  it('a missing submitter rejects with a clear message and consumes no id', async () => {
    const handler = withDurableExecution(async (_e, ctx: DurableContext) => {
      const call = (...args: unknown[]): PromiseLike<unknown> => (ctx.waitForCallback as (...a: unknown[]) => PromiseLike<unknown>)(...args);
      const messages: string[] = [];
      for (const args of [['approval'], ['approval', { timeout: { seconds: 1 } }], [42], [null]]) {
        await call(...args).then(undefined, (error: Error) => messages.push(error.message));
      }
      await ctx.step('next', async () => 1);
      return messages;
    });
    const service = new FakeCheckpointClient();
    const output = await invokeOnce(handler, service);
    const messages = JSON.parse((output as { Result: string }).Result) as string[];
    expect(messages).toHaveLength(4);
    expect(messages[0]).toMatch(/^waitForCallback requires a submitter function when name is provided/);
    expect(messages[1]).toMatch(/^waitForCallback requires a submitter function when name is provided/);
    expect(messages[2]).toMatch(/^waitForCallback requires a submitter function, got number/);
    expect(messages[3]).toMatch(/^waitForCallback requires a submitter function, got null/);
    expect(service.updates.flat().map((u) => [u.Id, u.Name])).toEqual([
      [h1, 'next'],
      [h1, 'next'],
    ]);
  });

  it('a throwing deserializer ends the invocation with SerdesFailedError naming the operation', async () => {
    const { handler, submitted } = approvalHandler({
      serdes: {
        deserialize: async () => {
          throw new Error('unreadable');
        },
      },
    });
    const service = new FakeCheckpointClient();
    await invokeOnce(handler, service);
    service.succeedCallback(submitted[0] as string, 'x');
    const failure = invokeOnce(handler, service);
    await expect(failure).rejects.toBeInstanceOf(SerdesFailedError);
    await expect(failure).rejects.toThrow('Deserialization failed for step "approval" (1): unreadable');
  });

  it('unnamed waitForCallback(submitter, config) records no names', async () => {
    const handler = withDurableExecution(async (_e, ctx: DurableContext) => ctx.waitForCallback(async () => undefined, { timeout: { seconds: 9 } }));
    const service = new FakeCheckpointClient();
    await invokeOnce(handler, service);
    expect(service.updates.flat().map((u) => u.Name)).toEqual([undefined, undefined, undefined, undefined]);
    expect(service.updates.flat()[1]?.CallbackOptions).toEqual({ TimeoutSeconds: 9, HeartbeatTimeoutSeconds: undefined });
  });

  it('calling the parent context inside a child is context misuse reported for "waitForCallback"', async () => {
    const handler = withDurableExecution(async (_e, ctx: DurableContext) =>
      ctx.runInChildContext('child', async () => ctx.waitForCallback('inner', async () => undefined)),
    );
    const output = await invokeOnce(handler, new FakeCheckpointClient());
    expect(output).toEqual({ Status: 'FAILED', Error: expect.objectContaining({ ErrorMessage: expect.stringContaining('Context usage error in "waitForCallback"') }) });
  });
});

