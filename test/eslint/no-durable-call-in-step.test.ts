import { rules } from '../../src/eslint/index.js';
import { handler, ruleTester } from './rule-tester.js';

const rule = rules['no-durable-call-in-step'] as never;
const inStep = { messageId: 'inStep' };
const parent = { messageId: 'parentContext' };

ruleTester.run('no-durable-call-in-step', rule, {
  valid: [
    handler(`await context.step('a', async () => 1); await context.wait({ seconds: 1 });`),
    handler(`await context.runInChildContext('c', async (child) => { await child.step('a', async () => 1); await child.wait({ seconds: 1 }); });`),
    handler(`await context.map('m', [1, 2], async (child, item) => child.step('s', async () => item));`),
    handler(`await context.parallel('p', [async (b) => b.step('x', async () => 1), { name: 'y', func: async (b) => b.wait({ seconds: 1 }) }]);`),
    handler(`const c = context; await c.runInChildContext(async (child) => child.step(async () => 1));`),
    handler(`await context.waitForCallback('cb', async (callbackId, ctx) => { ctx.logger.info(callbackId); });`),
    handler(`await context.step('outer', async (stepContext) => { stepContext.logger.info('ok'); return 1; });`),
    handler(`const results = await context.promise.all([context.step('a', async () => 1), context.step('b', async () => 2)]);`),
    `import type { DurableContext } from 'durable-lambda';\nexport async function helper(ctx: DurableContext) { await ctx.step('h', async () => 1); }`,
    handler(`await context.runInChildContext('c', async (child) => { await child.runInChildContext('d', async (grandchild) => grandchild.wait({ seconds: 1 })); });`),
    // Unrelated objects with a step method are not durable contexts.
    handler(`const machine = { step: async (f: () => Promise<void>) => f() }; await context.step('s', async () => machine.step(async () => undefined));`),
  ],
  invalid: [
    { code: handler(`await context.step('outer', async () => { await context.step('inner', async () => 1); });`), errors: [inStep] },
    { code: handler(`await context.step('outer', async () => context.wait({ seconds: 1 }));`), errors: [inStep] },
    { code: handler(`await context.waitForCondition('w', async (s) => { await context.step('x', async () => s); return s; }, { initialState: 0, waitStrategy: () => ({ shouldContinue: false }) });`), errors: [inStep] },
    { code: handler(`await context.waitForCallback('cb', async (id) => { await context.step('notify', async () => id); });`), errors: [inStep] },
    { code: handler(`await context.runInChildContext('c', async (child) => { await context.step('x', async () => 1); });`), errors: [parent] },
    { code: handler(`await context.map('m', [1], async (child, item) => context.step('x', async () => item));`), errors: [parent] },
    { code: handler(`await context.parallel('p', [async (branch) => context.wait({ seconds: 1 })]);`), errors: [parent] },
    { code: handler(`await context.parallel('p', [{ name: 'b', func: async (branch) => context.createCallback('cb') }]);`), errors: [parent] },
    // Through an alias of the parent context.
    { code: handler(`const root = context; await context.runInChildContext(async (child) => root.step(async () => 1));`), errors: [parent] },
    // A step function defined apart and referenced by name.
    { code: handler(`const work = async () => { await context.wait({ seconds: 1 }); };\nawait context.step('w', work);`), errors: [inStep] },
    // A helper receiving the context, called from a step.
    {
      code: `import type { DurableContext } from 'durable-lambda';\nexport async function helper(ctx: DurableContext) { await ctx.step('outer', async () => ctx.invoke('fn', {})); }`,
      errors: [inStep],
    },
    // Destructured operations are followed.
    { code: handler(`const { step } = context; await step('outer', async () => step('inner', async () => 1));`), errors: [inStep] },
    { code: handler(`await context.step('outer', async () => context.promise.all([]));`, '@aws/durable-execution-sdk-js'), errors: [inStep] },
  ],
});
