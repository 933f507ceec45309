/** The promise a durable call returns when its code must not run (the invocation is ending). */
import { DurablePromise } from './durable-promise.js';
import type { Invocation } from './invocation.js';

/** A DurablePromise that never settles (the call must not run). */
export function parkedPromise<T>(invocation: Invocation): DurablePromise<T> {
  return new DurablePromise<T>(() => invocation.tracker.park<T>());
}
