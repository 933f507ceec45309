import { rules } from '../../src/eslint/index.js';
import { handler, ruleTester } from './rule-tester.js';

const rule = rules['no-context-destructuring'] as never;
const destructured = { messageId: 'destructured' };

ruleTester.run('no-context-destructuring', rule, {
  valid: [
    handler(`await context.step('a', async () => 1);`),
    handler(`const c = context; await c.wait({ seconds: 1 });`),
    handler(`const { a } = event as { a: number };`),
    handler(`await context.step('s', async (stepContext) => { const { logger } = stepContext; logger.info('x'); });`),
    handler(`const { logger } = { logger: console }; logger.info('x');`),
    `export const f = ({ step }: { step: () => void }) => step();`,
    handler(`await context.runInChildContext(async (child) => child.wait({ seconds: 1 }));`),
    handler(`const [first] = [context]; await first.wait({ seconds: 1 });`),
    handler(`const ops = { ctx: context }; await ops.ctx.step(async () => 1);`),
    handler(`const result = await context.step('r', async () => ({ step: 1 })); const { step } = result;`),
  ],
  invalid: [
    { code: handler(`const { step } = context;`), errors: [destructured] },
    { code: handler(`const { step, wait } = context; await step(async () => 1); await wait({ seconds: 1 });`), errors: [destructured] },
    { code: handler(`const { logger } = context; logger.info('x');`), errors: [destructured] },
    { code: handler(`const alias = context; const { map } = alias;`), errors: [destructured] },
    { code: handler(`await context.runInChildContext(async (child) => { const { step } = child; await step(async () => 1); });`), errors: [destructured] },
    { code: handler(`let step; ({ step } = context);`), errors: [destructured] },
    { code: handler(`const { promise } = context; await promise.all([]);`), errors: [destructured] },
    { code: handler(`const { invoke: call } = context; await call('f', {});`, '@aws/durable-execution-sdk-js'), errors: [destructured] },
    { code: `import type { DurableContext } from 'durable-lambda';\nexport async function helper(ctx: DurableContext) { const { wait } = ctx; await wait({ seconds: 1 }); }`, errors: [destructured] },
    { code: handler(`await context.map([1], async (child) => { const { step } = child; return step(async () => 1); });`), errors: [destructured] },
  ],
});
