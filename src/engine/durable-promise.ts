/**
 * DurablePromise (§5.1): the value every durable call returns. The operation's first phase has
 * already started when the call returns; the executor (second phase) runs on the first
 * `then`/`catch`/`finally`, which is how the engine knows an operation is awaited.
 */
import { anchorShape } from './shape-anchors.js';

/**
 * Instance state, kept out of the class declaration on purpose: a class with private members
 * is nominal in TypeScript, so the official SDK's DurablePromise (and a context returning it)
 * would not be assignable to ours. Same fields, same order, as plain properties.
 */
interface LazyState<T> {
  promise: Promise<T> | undefined;
  executor: () => Promise<T>;
}

const run = <T>(durable: DurablePromise<T>): Promise<T> => {
  const state = durable as unknown as LazyState<T>;
  state.promise ??= state.executor();
  return state.promise;
};

/**
 * A promise whose executor runs lazily, on first use.
 *
 * @example
 * ```ts
 * const a = context.step('a', async () => 1); // starts now
 * const b = context.step('b', async () => 2); // starts now
 * const [x, y] = await Promise.all([a, b]);   // awaited here
 * ```
 */
export class DurablePromise<T> implements Promise<T> {
  constructor(executor: () => Promise<T>) {
    const state = this as unknown as LazyState<T>;
    state.promise = undefined;
    state.executor = executor;
  }

  then<TResult1 = T, TResult2 = never>(
    onfulfilled?: ((value: T) => TResult1 | PromiseLike<TResult1>) | null,
    onrejected?: ((reason: unknown) => TResult2 | PromiseLike<TResult2>) | null,
  ): Promise<TResult1 | TResult2> {
    return run(this).then(onfulfilled, onrejected);
  }

  catch<TResult = never>(onrejected?: ((reason: unknown) => TResult | PromiseLike<TResult>) | null): Promise<T | TResult> {
    return run(this).catch(onrejected);
  }

  finally(onfinally?: (() => void) | null): Promise<T> {
    return run(this).finally(onfinally);
  }

  get [Symbol.toStringTag](): string {
    return 'DurablePromise';
  }

  /** True once the promise has been awaited (its executor ran). */
  get isExecuted(): boolean {
    return (this as unknown as LazyState<T>).promise !== undefined;
  }
}

// See shape-anchors.ts: every operation returns one of these, and a replay drops them all.
anchorShape(new DurablePromise(() => Promise.resolve()));

const ignoreRejection = (): undefined => undefined;

/**
 * Builds the DurablePromise of an operation from its eager first phase: `phase1` is already
 * running; `phase2` (optional) runs when the promise is awaited and receives phase 1's value.
 * A no-op rejection handler keeps an unawaited failing operation from crashing the process.
 */
export function twoPhase<P, T = P>(phase1: Promise<P>, phase2?: (value: P) => T | PromiseLike<T>): DurablePromise<T> {
  phase1.catch(ignoreRejection);
  return new DurablePromise<T>(() => (phase2 ? phase1.then(phase2) : (phase1 as unknown as Promise<T>)));
}

const passThrough = <T>(value: T): T => value;

/**
 * `promise`, settled `turns` microtask turns later: operations settle on the official SDK's
 * turn, so concurrent user code interleaves the same way with either SDK.
 */
export function afterTurns<T>(promise: PromiseLike<T>, turns: number): Promise<T> {
  let delayed = Promise.resolve(promise);
  for (let i = 0; i < turns; i += 1) delayed = delayed.then(passThrough);
  return delayed;
}

const settledTurn = Promise.resolve();

/** `value`, delivered `turns` microtask turns from now (one promise fewer than {@link afterTurns} of a resolved promise). */
export function valueAfterTurns<T>(value: T, turns: number): Promise<T> {
  if (turns === 0) return Promise.resolve(value);
  let delayed = settledTurn.then(() => value);
  for (let i = 1; i < turns; i += 1) delayed = delayed.then(passThrough);
  return delayed;
}

/** The DurablePromise of an operation whose only phase cannot reject (it needs no rejection guard). */
export function infallible<T>(phase1: Promise<T>): DurablePromise<T> {
  return new DurablePromise<T>(() => phase1);
}
