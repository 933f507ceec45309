import * as official from '@aws/durable-execution-sdk-js';
import { describe, expect, it } from 'vitest';
import {
  BatchCompletionError,
  CallbackError,
  CallbackExternalError,
  CallbackSubmitterError,
  CallbackTimeoutError,
  CheckpointUnrecoverableExecutionError,
  CheckpointUnrecoverableInvocationError,
  ChildContextError,
  DurableExecutionClientError,
  DurableExecutionClientErrorScope,
  DurableOperationError,
  InvokeError,
  NonDeterministicExecutionError,
  PluginLoadError,
  PromiseCombinatorError,
  SerdesFailedError,
  StepError,
  StepInterruptedError,
  UnrecoverableError,
  UnrecoverableExecutionError,
  UnrecoverableInvocationError,
  WaitForConditionError,
  errorFromErrorObject,
  errorToErrorObject,
  isDurableExecutionClientError,
  isUnrecoverableError,
  isUnrecoverableExecutionError,
  isUnrecoverableInvocationError,
} from '../src/errors.js';

describe('durable operation errors', () => {
  const cases: [new (m?: string) => DurableOperationError, string, string][] = [
    [StepError, 'StepError', 'Step failed'],
    [CallbackError, 'CallbackError', 'Callback failed'],
    [CallbackExternalError, 'CallbackExternalError', 'Callback failed'],
    [CallbackTimeoutError, 'CallbackTimeoutError', 'Callback timed out'],
    [CallbackSubmitterError, 'CallbackSubmitterError', 'Callback submitter failed'],
    [InvokeError, 'InvokeError', 'Invoke failed'],
    [ChildContextError, 'ChildContextError', 'Child context failed'],
    [WaitForConditionError, 'WaitForConditionError', 'Wait for condition failed'],
    [PromiseCombinatorError, 'PromiseCombinatorError', 'Promise combinator failed'],
  ];

  it.each(cases)('%o has errorType/name %s and default message %s', (Cls, type, message) => {
    const e = new Cls();
    expect(e.errorType).toBe(type);
    expect(e.name).toBe(type);
    expect(e.message).toBe(message);
    expect(e).toBeInstanceOf(DurableOperationError);
    expect(e).toBeInstanceOf(Error);
    expect(new Cls('custom').message).toBe('custom');
  });

  it('callback subclasses are CallbackErrors', () => {
    expect(new CallbackExternalError()).toBeInstanceOf(CallbackError);
    expect(new CallbackTimeoutError()).toBeInstanceOf(CallbackError);
    expect(new CallbackSubmitterError()).toBeInstanceOf(CallbackError);
  });

  it('a user subclass gets its class name and its own errorType on the wire', () => {
    class PaymentDeclinedError extends DurableOperationError {
      readonly errorType = 'PaymentDeclinedError';
    }
    const e = new PaymentDeclinedError('declined');
    expect(e.name).toBe('PaymentDeclinedError');
    expect(errorToErrorObject(e)).toMatchObject({ ErrorType: 'PaymentDeclinedError', ErrorMessage: 'declined' });
    expect(errorFromErrorObject(errorToErrorObject(e)).cause?.name).toBe('PaymentDeclinedError');
  });

  it('keeps cause and errorData', () => {
    const cause = new RangeError('inner');
    const e = new StepError('outer', cause, 'data');
    expect(e.cause).toBe(cause);
    expect(e.errorData).toBe('data');
  });

  it('BatchCompletionError carries completionReason and a default message naming it', () => {
    const e = new BatchCompletionError('CUSTOM_COMPLETION_FAILED');
    expect(e.completionReason).toBe('CUSTOM_COMPLETION_FAILED');
    expect(e.errorType).toBe('BatchCompletionError');
    expect(e.message).toBe('Batch completed as failed by shouldComplete (CUSTOM_COMPLETION_FAILED)');
    expect(new BatchCompletionError('ALL_COMPLETED', 'quorum lost').message).toBe('quorum lost');
  });

  it('toErrorObject writes type, message, data and never a stack trace', () => {
    expect(new InvokeError('x', undefined, 'd').toErrorObject()).toEqual({
      ErrorType: 'InvokeError',
      ErrorMessage: 'x',
      ErrorData: 'd',
      StackTrace: undefined,
    });
  });

  it('toErrorObject takes errorData from the first durable error along the cause chain', () => {
    const inner = new CallbackExternalError('ext', undefined, 'payload');
    const middle = new Error('plain', { cause: inner });
    const outer = new ChildContextError('child', middle);
    expect(outer.toErrorObject().ErrorData).toBe('payload');
  });

  it('toErrorObject stops looking after 10 levels of cause', () => {
    const deep = (levels: number): Error => {
      let node: Error = new StepError('bottom', undefined, 'deep-data');
      for (let i = 0; i < levels; i++) node = new Error(`level ${i}`, { cause: node });
      return node;
    };
    // The durable error sits at depth levels+1 counting from the outer error's cause.
    expect(new StepError('top', deep(9)).toErrorObject().ErrorData).toBe('deep-data');
    expect(new StepError('top', deep(10)).toErrorObject().ErrorData).toBeUndefined();
  });

  it('own errorData wins over the cause chain', () => {
    const e = new StepError('top', new StepError('in', undefined, 'inner'), 'own');
    expect(e.toErrorObject().ErrorData).toBe('own');
  });
});

describe('errorToErrorObject', () => {
  it('maps a TypeError to its name and message', () => {
    expect(errorToErrorObject(new TypeError('bad'))).toEqual({ ErrorType: 'TypeError', ErrorMessage: 'bad', StackTrace: undefined });
  });

  it('maps an error-like object by name and message', () => {
    expect(errorToErrorObject({ name: 'Custom', message: 'm' })).toMatchObject({ ErrorType: 'Custom', ErrorMessage: 'm' });
  });

  it.each([42, 'text', null, undefined, { message: 'no name' }])('maps %o to Unknown error', (value) => {
    expect(errorToErrorObject(value)).toEqual({ ErrorMessage: 'Unknown error' });
  });

  it('delegates durable errors to toErrorObject', () => {
    expect(errorToErrorObject(new CallbackTimeoutError(undefined, undefined, 'd'))).toMatchObject({
      ErrorType: 'CallbackTimeoutError',
      ErrorMessage: 'Callback timed out',
      ErrorData: 'd',
    });
  });

  it('never writes a stack trace', () => {
    expect(errorToErrorObject(new Error('x')).StackTrace).toBeUndefined();
  });
});

describe('errorFromErrorObject', () => {
  it('turns a user TypeError into a StepError whose cause is named TypeError', () => {
    const wire = errorToErrorObject(new TypeError('x'));
    const e = errorFromErrorObject(wire);
    expect(e).toBeInstanceOf(StepError);
    expect(e.message).toBe('x');
    expect(e.cause).toBeInstanceOf(Error);
    expect(e.cause?.name).toBe('TypeError');
    expect(e.cause?.message).toBe('x');
    expect(e.cause?.stack).toBeUndefined();
  });

  it.each([
    ['StepError', StepError],
    ['CallbackError', CallbackError],
    ['CallbackExternalError', CallbackExternalError],
    ['CallbackTimeoutError', CallbackTimeoutError],
    ['CallbackSubmitterError', CallbackSubmitterError],
    ['InvokeError', InvokeError],
    ['ChildContextError', ChildContextError],
    ['WaitForConditionError', WaitForConditionError],
    ['PromiseCombinatorError', PromiseCombinatorError],
  ] as const)('rebuilds %s as its own class', (type, Cls) => {
    const e = errorFromErrorObject({ ErrorType: type, ErrorMessage: 'm', ErrorData: 'd' });
    expect(e).toBeInstanceOf(Cls);
    expect(e.errorType).toBe(type);
    expect(e.errorData).toBe('d');
    expect(e.cause?.name).toBe(type);
  });

  it('uses the class default message when the wire has none', () => {
    expect(errorFromErrorObject({ ErrorType: 'CallbackTimeoutError' }).message).toBe('Callback timed out');
    expect(errorFromErrorObject({ ErrorType: 'Weird' }).message).toBe('Unknown error');
  });

  it('rebuilds BatchCompletionError and prototype keys as StepError', () => {
    expect(errorFromErrorObject({ ErrorType: 'BatchCompletionError', ErrorMessage: 'b' })).toBeInstanceOf(StepError);
    const e = errorFromErrorObject({ ErrorType: 'toString', ErrorMessage: 't' });
    expect(e).toBeInstanceOf(StepError);
    expect(e.cause?.name).toBe('toString');
  });

  it('handles a missing ErrorObject and a missing ErrorType', () => {
    const none = errorFromErrorObject(undefined);
    expect(none).toBeInstanceOf(StepError);
    expect(none.message).toBe('Unknown error');
    expect(none.cause?.name).toBe('Error');
    expect(errorFromErrorObject({ ErrorMessage: 'Unknown error' }).cause?.name).toBe('Error');
  });

  it('joins a service-provided StackTrace into the cause stack', () => {
    const e = errorFromErrorObject({ ErrorType: 'X', ErrorMessage: 'm', StackTrace: ['a', 'b'] });
    expect(e.cause?.stack).toBe('a\nb');
    expect(e.stackTrace).toEqual(['a', 'b']);
  });

  it('round-trips: rebuilt error writes the same ErrorObject again', () => {
    const wire = { ErrorType: 'CallbackExternalError', ErrorMessage: 'no', ErrorData: 'x', StackTrace: undefined };
    expect(errorFromErrorObject(wire).toErrorObject()).toEqual(wire);
    expect(DurableOperationError.fromErrorObject(wire)).toBeInstanceOf(CallbackExternalError);
  });
});

describe('StepInterruptedError', () => {
  it('is a plain Error with the interruption message', () => {
    const e = new StepInterruptedError('1', 'charge');
    expect(e).not.toBeInstanceOf(DurableOperationError);
    expect(e.name).toBe('StepInterruptedError');
    expect(e.message).toBe(
      'The step execution process was initiated but failed to reach completion due to an interruption.',
    );
  });
});

describe('unrecoverable errors', () => {
  it('prefix messages by scope and carry termination reasons', () => {
    const cause = new Error('socket closed');
    const inv = new CheckpointUnrecoverableInvocationError(undefined, cause);
    expect(inv.message).toBe('[Unrecoverable Invocation] Checkpoint operation failed');
    expect(inv.terminationReason).toBe('CHECKPOINT_FAILED');
    expect(inv.originalError).toBe(cause);
    expect(inv.stack).toContain('Caused by: Error: socket closed');
    const exe = new CheckpointUnrecoverableExecutionError('rejected');
    expect(exe.message).toBe('[Unrecoverable Execution] rejected');
    expect(exe.name).toBe('CheckpointUnrecoverableExecutionError');
    const serdes = new SerdesFailedError();
    expect(serdes.message).toBe('[Unrecoverable Invocation] Serdes operation failed');
    expect(serdes.terminationReason).toBe('SERDES_FAILED');
    const nd = new NonDeterministicExecutionError('type mismatch');
    expect(nd.message).toBe('[Unrecoverable Execution] type mismatch');
    expect(nd.terminationReason).toBe('NON_DETERMINISM');
    expect(nd.name).toBe('NonDeterministicExecutionError');
  });

  it('classify by scope', () => {
    const inv = new SerdesFailedError();
    const exe = new NonDeterministicExecutionError('x');
    expect(inv).toBeInstanceOf(UnrecoverableInvocationError);
    expect(exe).toBeInstanceOf(UnrecoverableExecutionError);
    expect(exe).toBeInstanceOf(UnrecoverableError);
    expect([isUnrecoverableError(inv), isUnrecoverableError(exe)]).toEqual([true, true]);
    expect([isUnrecoverableInvocationError(inv), isUnrecoverableInvocationError(exe)]).toEqual([true, false]);
    expect([isUnrecoverableExecutionError(inv), isUnrecoverableExecutionError(exe)]).toEqual([false, true]);
  });

  it('does not treat ordinary or marker-less values as unrecoverable', () => {
    expect(isUnrecoverableError(new StepError())).toBe(false);
    expect(isUnrecoverableError({ isUnrecoverable: true })).toBe(false);
    expect(isUnrecoverableError(Object.assign(new Error('foreign copy'), { isUnrecoverable: true }))).toBe(true);
  });
});

describe('DurableExecutionClientError', () => {
  it('defaults to INVOCATION scope and keeps the cause', () => {
    const cause = new Error('503');
    const e = new DurableExecutionClientError('down', { cause });
    expect(e.scope).toBe('INVOCATION');
    expect(e.cause).toBe(cause);
    expect(e.name).toBe('DurableExecutionClientError');
    expect(new DurableExecutionClientError('x', { scope: DurableExecutionClientErrorScope.EXECUTION }).scope).toBe('EXECUTION');
  });

  it('is matched structurally, and not with an unknown scope', () => {
    expect(isDurableExecutionClientError(new DurableExecutionClientError('x'))).toBe(true);
    const foreign = Object.assign(new Error('x'), { isDurableExecutionClientError: true, scope: 'EXECUTION' });
    expect(isDurableExecutionClientError(foreign)).toBe(true);
    const malformed = Object.assign(new Error('x'), { isDurableExecutionClientError: true, scope: 'GLOBAL' });
    expect(isDurableExecutionClientError(malformed)).toBe(false);
    expect(isDurableExecutionClientError({ isDurableExecutionClientError: true, scope: 'EXECUTION' })).toBe(false);
  });
});

describe('PluginLoadError', () => {
  it('prefixes the message and keeps the cause', () => {
    const cause = new Error('not found');
    const e = new PluginLoadError('my-plugin', { cause });
    expect(e.message).toBe('Dynamic plugin configuration failed: my-plugin');
    expect(e.name).toBe('PluginLoadError');
    expect(e.cause).toBe(cause);
  });
});

describe('parity with @aws/durable-execution-sdk-js', () => {
  const pairs = [
    [StepError, official.StepError],
    [CallbackError, official.CallbackError],
    [CallbackExternalError, official.CallbackExternalError],
    [CallbackTimeoutError, official.CallbackTimeoutError],
    [CallbackSubmitterError, official.CallbackSubmitterError],
    [InvokeError, official.InvokeError],
    [ChildContextError, official.ChildContextError],
    [WaitForConditionError, official.WaitForConditionError],
    [PromiseCombinatorError, official.PromiseCombinatorError],
  ] as const;

  it.each(pairs)('%o has the official name, errorType, default message and wire form', (Ours, Theirs) => {
    const cause = new CallbackExternalError('inner', undefined, 'data');
    const ours = new Ours(undefined, cause);
    const theirs = new Theirs(undefined, new official.CallbackExternalError('inner', undefined, 'data'));
    expect([ours.name, ours.errorType, ours.message]).toEqual([theirs.name, theirs.errorType, theirs.message]);
    expect(ours.toErrorObject()).toEqual(theirs.toErrorObject());
  });

  it.each(['StepError', 'CallbackTimeoutError', 'PromiseCombinatorError', 'BatchCompletionError', 'TypeError', undefined])(
    'rebuilds ErrorType %s into the same class name, message and cause as the official SDK',
    (type) => {
      const wire = { ErrorType: type, ErrorMessage: 'm', ErrorData: 'd' };
      const ours = errorFromErrorObject(wire);
      const theirs = official.DurableOperationError.fromErrorObject(wire);
      expect([ours.name, ours.errorType, ours.message, ours.errorData]).toEqual([theirs.name, theirs.errorType, theirs.message, theirs.errorData]);
      expect([ours.cause?.name, ours.cause?.message]).toEqual([theirs.cause?.name, theirs.cause?.message]);
    },
  );

  it('BatchCompletionError, StepInterruptedError and PluginLoadError match', () => {
    const ours = new BatchCompletionError('CUSTOM_COMPLETION_FAILED');
    const theirs = new official.BatchCompletionError('CUSTOM_COMPLETION_FAILED');
    expect([ours.name, ours.errorType, ours.message]).toEqual([theirs.name, theirs.errorType, theirs.message]);
    expect(new StepInterruptedError('1').message).toBe(new official.StepInterruptedError('1').message);
    expect(new PluginLoadError('p').message).toBe(new official.PluginLoadError('p').message);
  });

  it('an official DurableExecutionClientError is recognised structurally', () => {
    const theirs = new official.DurableExecutionClientError('x', { scope: 'EXECUTION' });
    expect(isDurableExecutionClientError(theirs)).toBe(true);
    expect(official.isDurableExecutionClientError(new DurableExecutionClientError('y'))).toBe(true);
  });
});
