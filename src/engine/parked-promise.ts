/** The promise a durable call returns when its code must not run (the invocation is ending). */
import { DurablePromise } from './durable-promise.js';
import type { Invocation } from './invocation.js';

/**
 * A DurablePromise that never settles while the invocation is ending (the call must not run,
 * as in the official SDK), and that rejects at once when the invocation is already over: a
 * leaked call awaited after the handler returned would otherwise hang its caller forever.
 */
export function parkedPromise<T>(invocation: Invocation): DurablePromise<T> {
  return new DurablePromise<T>(() => (invocation.ended ? Promise.reject(endedError()) : invocation.tracker.park<T>()));
}

const endedError = (): Error => {
  const error = new Error(
    'A durable operation was called on a context whose invocation has ended (the handler already returned or the execution is over). ' +
      'Await every durable call inside the handler; a call after the end can never run.',
  );
  error.name = 'DurableContextEndedError';
  return error;
};
