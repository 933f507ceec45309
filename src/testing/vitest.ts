/**
 * `durable-lambda/testing/vitest`: importing it adds the durable matchers to Vitest's `expect`
 * and to its types.
 *
 * @example
 * import 'durable-lambda/testing/vitest';
 * expect(await runner.run()).toHaveSucceededWith('done');
 *
 * @packageDocumentation
 */
import { expect } from 'vitest';
import { durableMatchers, type DurableMatchers } from './matchers.js';

expect.extend(durableMatchers);

declare module 'vitest' {
  // Declaration merging needs the interface form; `T` is unused by these matchers.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unused-vars
  interface Matchers<T = any> extends DurableMatchers<void> {}
}

export { durableMatchers };
export type { DurableMatchers };
