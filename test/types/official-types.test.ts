/**
 * Our public types against the official SDK 2.4 declarations, both directions. The checks are
 * type-level: `npm run typecheck` (tsc over test/) fails on any mismatch; vitest runs the same
 * file so each group shows up as a test. One direction cannot hold and is asserted as such:
 * the official DurablePromise is a class with private members, which TypeScript compares
 * nominally, so nothing of ours (and no context returning ours) is assignable to it.
 */
import * as official from '@aws/durable-execution-sdk-js';
import { LocalDurableTestRunner } from '@aws/durable-execution-sdk-js-testing';
import * as ours from 'durable-lambda';
import { describe, expect, expectTypeOf, it } from 'vitest';

type Both<A, B> = [A, B];
let checks = 0;
/** Counts a check; the type arguments are what is checked (at compile time). */
// The argument must be the literal the compiler computes (true: assignable both ways), so the
// check itself happens in tsc; at run time it is counted.
const both = <A, B>(_proof: Both<A, B>, mutual: [A] extends [B] ? ([B] extends [A] ? true : false) : false): void => {
  expect(typeof mutual).toBe('boolean');
  checks += 1;
};
const oneWay = <From, To>(ok: [From] extends [To] ? true : false): void => {
  expect(ok).toBe(true);
  checks += 1;
};
const proof = null as never;
/** Checks against the official declarations in this file. */
const CHECK_COUNT = 65;

describe('handlers', () => {
  it('a handler wrapped by either SDK is accepted where the other one is expected', () => {
    both<ours.DurableLambdaHandler, official.DurableLambdaHandler>(proof, true);
    both<ours.DurableExecutionInvocationInput, official.DurableExecutionInvocationInput>(proof, true);
    both<ours.DurableExecutionInvocationOutput, official.DurableExecutionInvocationOutput>(proof, true);
    both<ours.LambdaContext, Parameters<official.DurableLambdaHandler>[1]>(proof, true);
    const wrapped = ours.withDurableExecution(async (event: { n: number }, context) => context.step('double', async () => event.n * 2));
    expectTypeOf(wrapped).toExtend<official.DurableLambdaHandler>();
    expect(new LocalDurableTestRunner({ handlerFunction: wrapped })).toBeInstanceOf(LocalDurableTestRunner);
    checks += 2;
  });

  it('an inner handler written for our context takes the official context; the reverse is blocked by DurablePromise', () => {
    oneWay<official.DurableContext, ours.DurableContext>(true);
    oneWay<(e: unknown, c: ours.DurableContext) => Promise<number>, official.DurableExecutionHandler>(true);
    oneWay<official.DurablePromise<number>, ours.DurablePromise<number>>(true);
    expectTypeOf<ours.DurablePromise<number>>().not.toExtend<official.DurablePromise<number>>();
    expectTypeOf<ours.DurableContext>().not.toExtend<official.DurableContext>();
    checks += 2;
  });
});

describe('each operation of the context', () => {
  type O = official.DurableContext;
  type U = ours.DurableContext;
  it('has the official signature (official member assignable to ours)', () => {
    oneWay<O['step'], U['step']>(true);
    oneWay<O['invoke'], U['invoke']>(true);
    oneWay<O['runInChildContext'], U['runInChildContext']>(true);
    oneWay<O['wait'], U['wait']>(true);
    oneWay<O['waitForCondition'], U['waitForCondition']>(true);
    oneWay<O['createCallback'], U['createCallback']>(true);
    oneWay<O['waitForCallback'], U['waitForCallback']>(true);
    oneWay<O['map'], U['map']>(true);
    oneWay<O['parallel'], U['parallel']>(true);
    oneWay<O['promise'], U['promise']>(true);
    both<O['configureLogger'], U['configureLogger']>(proof, true);
    both<O['configureSerdes'], U['configureSerdes']>(proof, true);
    both<O['executionContext'], U['executionContext']>(proof, true);
    both<O['lambdaContext'], U['lambdaContext']>(proof, true);
  });

  it('infers like the official SDK', () => {
    const context = null as unknown as U;
    const run = (): void => {
      expectTypeOf(context.step('load', async () => ({ n: 1 }), { serdes: ours.createPayloadSerdes() })).resolves.toEqualTypeOf<{ n: number }>();
      expectTypeOf(context.step('load', async () => ({ n: 1 }), { serdes: ours.createExtendedJsonSerdes() })).resolves.toEqualTypeOf<{ n: number }>();
      expectTypeOf(context.parallel('p', [async () => 1, async () => 'one'])).resolves.toEqualTypeOf<ours.BatchResult<number | string>>();
      expectTypeOf(context.parallel([{ name: 'a', func: async () => 1 }, { name: 'b', func: async () => true }])).resolves.toEqualTypeOf<ours.BatchResult<number | boolean>>();
      expectTypeOf(context.map([1, 2], async (_c, item) => String(item))).resolves.toEqualTypeOf<ours.BatchResult<string>>();
      expectTypeOf(context.promise.all([context.step(async () => 1), context.step(async () => 2)])).resolves.toEqualTypeOf<number[]>();
      expectTypeOf(context.promise.race([context.step(async () => 1)])).resolves.toEqualTypeOf<number>();
      expectTypeOf(context.waitForCallback('approve', async () => undefined)).resolves.toEqualTypeOf<string>();
      expectTypeOf(context.createCallback<{ ok: boolean }>()).resolves.toEqualTypeOf<[ours.DurablePromise<{ ok: boolean }>, string]>();
    };
    expect(typeof run).toBe('function');
    checks += 9;
  });
});

describe('configs, serdes, errors, plugins and enums', () => {
  it('are the same types both ways', () => {
    both<ours.StepConfig<number>, official.StepConfig<number>>(proof, true);
    both<ours.ChildConfig<number>, official.ChildConfig<number>>(proof, true);
    both<ours.InvokeConfig<string, number>, official.InvokeConfig<string, number>>(proof, true);
    both<ours.WaitForConditionConfig<number>, official.WaitForConditionConfig<number>>(proof, true);
    both<ours.MapConfig<string, number>, official.MapConfig<string, number>>(proof, true);
    both<ours.CompletionConfig, official.CompletionConfig>(proof, true);
    both<ours.Duration, official.Duration>(proof, true);
    both<ours.RetryDecision, official.RetryDecision>(proof, true);
    both<ours.Serdes<number>, official.Serdes<number>>(proof, true);
    both<ours.SerdesContext, official.SerdesContext>(proof, true);
    both<ours.SerdesConfig, official.SerdesConfig>(proof, true);
    // Known differences, asserted so a change shows: our records (Operation, OperationUpdate) and
    // the client's request types say `Id: string` where 2.4 says `string | undefined`.
    both<ours.Operation, official.Operation>(proof, false);
    both<ours.WireOperation, official.WireOperation>(proof, true);
    both<ours.OperationUpdate, official.OperationUpdate>(proof, false);
    both<ours.ErrorObject, official.ErrorObject>(proof, true);
    both<ours.StepSemantics, official.StepSemantics>(proof, true);
    both<ours.InvocationStatus, official.InvocationStatus>(proof, true);
    both<ours.OperationSubType, official.OperationSubType>(proof, true);
    both<ours.OperationType, official.OperationType>(proof, true);
    both<ours.OperationStatus, official.OperationStatus>(proof, true);
    both<ours.BatchItemStatus, official.BatchItemStatus>(proof, true);
    both<ours.NestingType, official.NestingType>(proof, true);
    both<ours.CompletionOutcome, official.CompletionOutcome>(proof, true);
    both<ours.JitterStrategy, official.JitterStrategy>(proof, true);
    both<ours.DurableLogger, official.DurableLogger>(proof, true);
    both<ours.DurableInstrumentationPlugin, official.DurableInstrumentationPlugin>(proof, true);
    both<ours.DurableExecutionClient, official.DurableExecutionClient>(proof, false);
    both<ours.DurableExecutionConfig, official.DurableExecutionConfig>(proof, false);
    oneWay<official.StepError, ours.DurableOperationError>(true);
    both<InstanceType<typeof ours.StepError>['errorType'], InstanceType<typeof official.StepError>['errorType']>(proof, true);
    expectTypeOf(ours.createClassSerdes).returns.toEqualTypeOf<ours.Serdes<object>>();
    checks += 1;
  });

  it('counts the checks', () => {
    // Every check above also runs; a removed or skipped group changes the count.
    expect(checks).toBe(CHECK_COUNT);
  });
});
