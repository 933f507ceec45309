// The Jest setup recipe of the README ("Jest"): registers the durable matchers and adds their
// types to `expect` from @jest/globals. jest.config.cjs lists it in setupFilesAfterEnv.
import { expect } from '@jest/globals';
import { durableMatchers, type DurableMatchers } from 'durable-lambda/testing';

expect.extend(durableMatchers);

declare module 'expect' {
  // Declaration merging needs the interface form.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Matchers<R extends void | Promise<void>> extends DurableMatchers<R> {}
}
