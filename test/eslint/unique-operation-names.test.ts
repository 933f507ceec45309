import { rules } from '../../src/eslint/index.js';
import { handler, ruleTester } from './rule-tester.js';

const rule = rules['unique-operation-names'] as never;
const duplicate = { messageId: 'duplicate' };

ruleTester.run('unique-operation-names', rule, {
  valid: [
    handler(`await context.step('a', async () => 1); await context.step('b', async () => 2);`),
    handler(`await context.step(async () => 1); await context.step(async () => 2);`),
    handler(`await context.step('a', async () => 1); await context.runInChildContext('c', async (child) => child.step('a', async () => 2));`),
    handler(`for (const n of [1, 2]) await context.step(\`item-\${n}\`, async () => n);`),
    handler(`await context.map('m', [1, 2], async (child, item) => child.step('same', async () => item));`),
    handler(`await context.wait('pause', { seconds: 1 }); await context.step('pause-done', async () => 1);`),
    handler(`const name = 'dynamic'; await context.step(name, async () => 1); await context.step(name, async () => 2);`),
    handler(`await context.parallel('p', [async (a) => a.step('x', async () => 1), async (b) => b.step('x', async () => 2)]);`),
    `import type { DurableContext } from 'durable-lambda';\nasync function a(ctx: DurableContext) { await ctx.step('one', async () => 1); }\nasync function b(ctx: DurableContext) { await ctx.step('one', async () => 1); }`,
    handler(`await context.promise.all([context.step('x', async () => 1)]); await context.promise.all([context.step('y', async () => 1)]);`),
  ],
  invalid: [
    { code: handler(`await context.step('a', async () => 1); await context.step('a', async () => 2);`), errors: [duplicate] },
    { code: handler(`await context.step('a', async () => 1); await context.wait('a', { seconds: 1 });`), errors: [duplicate] },
    { code: handler(`await context.step(\`a\`, async () => 1); await context.step('a', async () => 2);`), errors: [duplicate] },
    { code: handler(`await context.runInChildContext('c', async (child) => { await child.step('x', async () => 1); await child.step('x', async () => 2); });`), errors: [duplicate] },
    { code: handler(`const alias = context; await context.step('a', async () => 1); await alias.step('a', async () => 2);`), errors: [duplicate] },
    { code: handler(`const { step } = context; await step('a', async () => 1); await step('a', async () => 2);`), errors: [duplicate] },
    { code: handler(`await context.createCallback('cb'); await context.waitForCallback('cb', async () => undefined);`), errors: [duplicate] },
    { code: handler(`await context.invoke('pay', 'fn', {}); await context.invoke('pay', 'fn', {});`, '@aws/durable-execution-sdk-js'), errors: [duplicate] },
    {
      code: `import type { DurableContext } from 'durable-lambda';\nexport async function helper(ctx: DurableContext) { await ctx.step('h', async () => 1); await ctx.step('h', async () => 2); }`,
      errors: [duplicate],
    },
    { code: handler(`await context.map('items', [1], async (c, i) => i); await context.parallel('items', []);`), errors: [duplicate] },
    { code: handler(`await context.step('a', async () => 1); await context.step('a', async () => 2); await context.step('a', async () => 3);`), errors: [duplicate, duplicate] },
  ],
});
