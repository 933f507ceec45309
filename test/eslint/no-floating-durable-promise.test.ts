import { rules } from '../../src/eslint/index.js';
import { handler, ruleTester } from './rule-tester.js';

const rule = rules['no-floating-durable-promise'] as never;
/** An expected error with a number of suggestions (RuleTester accepts a count; its types want a list). */
const floating = (suggestions = 1): never => ({ messageId: 'floating', suggestions }) as never;

ruleTester.run('no-floating-durable-promise', rule, {
  valid: [
    handler(`await context.step('a', async () => 1);`),
    handler(`return context.step('a', async () => 1);`),
    handler(`const a = context.step('a', async () => 1); const b = context.step('b', async () => 2); await Promise.all([a, b]);`),
    handler(`await context.promise.all([context.step('a', async () => 1), context.wait({ seconds: 1 })]);`),
    handler(`const p = context.wait({ seconds: 1 }); await p;`),
    handler(`const r = await context.step('a', async () => 1).then((x) => x + 1);`),
    handler(`await context.runInChildContext(async (child) => { await child.wait({ seconds: 1 }); });`),
    handler(`const results = await Promise.allSettled([context.invoke('fn', {})]);`),
    handler(`await context.map([1, 2], async (child, item) => child.step(async () => item));`),
    handler(`const cb = await context.createCallback('cb'); await cb.promise;`),
    `export async function notDurable(machine: { step(): Promise<void> }) { machine.step(); }`,
  ],
  invalid: [
    { code: handler(`context.step('a', async () => 1);`), errors: [floating()] },
    {
      code: handler(`context.wait({ seconds: 1 });`),
      errors: [{ messageId: 'floating', suggestions: [{ messageId: 'addAwait', output: handler(`await context.wait({ seconds: 1 });`) }] }],
    },
    { code: handler(`void context.step('a', async () => 1);`), errors: [floating(0)] },
    { code: handler(`context.step('a', async () => 1).then((x) => console.log(x));`), errors: [floating()] },
    { code: handler(`const unused = context.step('a', async () => 1);`), errors: [{ messageId: 'unused' }] },
    { code: handler(`context.invoke('other', {});`), errors: [floating()] },
    { code: handler(`context.promise.all([]);`), errors: [floating()] },
    { code: handler(`await context.runInChildContext(async (child) => { child.wait({ seconds: 1 }); });`), errors: [floating()] },
    { code: handler(`const c = context; c.createCallback('cb');`), errors: [floating()] },
    { code: handler(`const { wait } = context; wait({ seconds: 5 });`), errors: [floating()] },
    { code: handler(`context.waitForCallback('cb', async () => undefined);`, '@aws/durable-execution-sdk-js'), errors: [floating()] },
    {
      code: `import type { DurableContext } from 'durable-lambda';\nexport async function helper(ctx: DurableContext) { ctx.step('h', async () => 1); }`,
      errors: [floating()],
    },
    { code: handler(`[1, 2].forEach((n) => { context.step(String(n), async () => n); });`), errors: [floating(0)] },
  ],
});
