/**
 * `context.promise.all | allSettled | any | race` (§5.7.9): the JavaScript combinator over
 * already-created durable promises, recorded as a child CONTEXT (SubType `RunInChildContext`)
 * so replays return the recorded outcome. The CONTEXT is created when the combinator's promise
 * is first awaited, not when it is called.
 */
import type { DurableContextImpl } from '../context/durable-context.js';
import { DurablePromise } from '../engine/durable-promise.js';
import type { DurableOperationError } from '../errors.js';
import { PromiseCombinatorError } from '../errors.js';
import type { DurableLogger } from '../logger/types.js';
import type { Serdes } from '../serdes/serdes.js';
import type { DurableContext } from '../types.js';
import { runChildContext } from './child-context.js';

type Combinators = DurableContext['promise'];

const toCombinatorError = (error: DurableOperationError): DurableOperationError => new PromiseCombinatorError(error.message, error);

/** A rejected reason as stored in the checkpoint: enough to rebuild an `Error`. */
interface StoredReason {
  message: string;
  name: string;
  stack?: string;
}

/**
 * JSON serdes for `allSettled` results: `Error` reasons are stored as `{message, name, stack}`
 * (JSON would turn them into `{}`) and rebuilt as `Error`s when read back.
 */
export const settledResultsSerdes: Serdes<PromiseSettledResult<unknown>[]> = {
  serialize: async (value) => {
    if (value === undefined) return undefined;
    return JSON.stringify(
      value.map((item) => {
        if (item?.status !== 'rejected' || !(item.reason instanceof Error)) return item;
        const reason: StoredReason = { message: item.reason.message, name: item.reason.name, stack: item.reason.stack };
        return { ...item, reason };
      }),
    );
  },
  deserialize: async (data) => {
    if (data === undefined) return undefined;
    return (JSON.parse(data) as PromiseSettledResult<unknown>[]).map((item) => {
      const reason = (item as { reason?: Partial<StoredReason> }).reason;
      if (item?.status !== 'rejected' || typeof reason !== 'object' || reason === null || !reason.message) return item;
      const error = new Error(reason.message);
      error.name = reason.name || 'Error';
      if (reason.stack) error.stack = reason.stack;
      return { ...item, reason: error };
    });
  },
};

/** `(name?, promises)`: a leading string or undefined is the name. */
function splitArgs(first: unknown, second: unknown): { name: string | undefined; promises: PromiseLike<unknown>[] } {
  if (typeof first === 'string' || first === undefined) return { name: first, promises: second as PromiseLike<unknown>[] };
  return { name: undefined, promises: first as PromiseLike<unknown>[] };
}

/** The `promise` field of a context. */
export function createPromiseCombinators<L extends DurableLogger>(ctx: DurableContextImpl<L>): Combinators {
  const combinator =
    (apiName: string, combine: (promises: PromiseLike<unknown>[]) => Promise<unknown>, serdes?: Serdes<any>) =>
    (first: unknown, second?: unknown): DurablePromise<any> =>
      new DurablePromise(() => {
        const { name, promises } = splitArgs(first, second);
        return runChildContext(ctx, {
          name,
          apiName,
          fn: async () => {
            // Recorded like any failure of the combined promises (as the official SDK records
            // the TypeError of a non-iterable), but saying what was expected.
            if (!Array.isArray(promises)) throw new TypeError(`context.${apiName} expects an array of durable promises, got ${promises === null ? 'null' : typeof promises}.`);
            return combine(promises);
          },
          config: { errorMapper: toCombinatorError, ...(serdes ? { serdes } : {}) },
        });
      });
  return {
    all: combinator('promise.all', (promises) => Promise.all(promises)),
    allSettled: combinator('promise.allSettled', (promises) => Promise.allSettled(promises), settledResultsSerdes),
    any: combinator('promise.any', (promises) => Promise.any(promises)),
    race: combinator('promise.race', (promises) => Promise.race(promises)),
  } as Combinators;
}
