import { rules } from '../../src/eslint/index.js';
import { handler, ruleTester } from './rule-tester.js';

const env = { messageId: 'env', suggestions: 1 } as never;
const rule = rules['no-non-deterministic-outside-step'] as never;
/** An expected error with a number of suggestions (RuleTester accepts a count; its types want a list). */
const nd = (suggestions = 1): never => ({ messageId: 'nonDeterministic', suggestions }) as never;

ruleTester.run('no-non-deterministic-outside-step', rule, {
  valid: [
    handler(`const t = await context.step('t', async () => Date.now());`),
    handler(`const id = await context.step('id', async () => crypto.randomUUID());`),
    handler(`const d = new Date('2024-01-01T00:00:00Z');`),
    handler(`await context.wait('pause', { seconds: 5 });`),
    handler(`const table = process.env.TABLE_NAME;`),
    handler(`const r = await context.step('r', async () => { const x = Math.random(); return x; });`),
    handler(`await context.runInChildContext('c', async (child) => child.step('t', async () => performance.now()));`),
    // Not durable code: a plain Lambda handler and module scope.
    `export const handler = async () => Date.now();`,
    `const started = Date.now(); export const elapsed = () => Date.now() - started;`,
    // A local Math shadows the global.
    handler(`const Math = { random: () => 4 }; const x = Math.random();`),
    handler(`const value = await context.waitForCondition('poll', async (state) => ({ at: Date.now(), state }), { initialState: 0, waitStrategy: () => ({ shouldContinue: false }) });`),
    handler(`await context.waitForCallback('cb', async (callbackId) => { setTimeout(() => undefined, 10); });`),
  ],
  invalid: [
    {
      code: handler(`const t = Date.now();`),
      errors: [{ messageId: 'nonDeterministic', suggestions: [{ messageId: 'wrapInStep', output: handler(`const t = (await context.step(async () => Date.now()));`) }] }],
    },
    { code: handler(`const d = new Date();`), errors: [nd()] },
    { code: handler(`if (Math.random() > 0.5) await context.wait({ seconds: 1 });`), errors: [nd()] },
    { code: handler(`const id = crypto.randomUUID();`), errors: [nd()] },
    { code: `import { randomUUID as uuid } from 'node:crypto';\n` + handler(`const id = uuid();`), errors: [nd()] },
    { code: handler(`const t = performance.now();`), errors: [nd()] },
    { code: handler(`const t = process.hrtime.bigint();`), errors: [nd()] },
    { code: handler(`const a = new Uint8Array(4); globalThis.crypto.getRandomValues(a);`), errors: [nd()] },
    { code: handler(`await new Promise((resolve) => setTimeout(resolve, 1000));`), errors: [{ messageId: 'timer' }] },
    { code: handler(`const trace = process.env._X_AMZN_TRACE_ID;`), errors: [env] },
    { code: handler(`const key = 'A'; const v = process.env[key];`), errors: [env] },
    { code: handler(`const table = process.env.TABLE_NAME;`), options: [{ env: 'all' }], errors: [env] },
    { code: handler(`const stage = process.env.STAGE;`), options: [{ volatileEnv: ['STAGE'] }], errors: [env] },
    // The official SDK's import is followed too.
    { code: handler(`const t = Date.now();`, '@aws/durable-execution-sdk-js'), errors: [nd()] },
    // Child contexts are durable code.
    { code: handler(`await context.runInChildContext('c', async (child) => { const r = Math.random(); await child.wait({ seconds: r }); });`), errors: [nd()] },
    { code: handler(`await context.map('m', [1, 2], async (child, item) => item * Math.random());`), errors: [nd()] },
    // A helper function that receives the context runs as durable code.
    {
      code: `import type { DurableContext } from 'durable-lambda';\nasync function helper(ctx: DurableContext) { const t = Date.now(); await ctx.wait({ seconds: 1 }); return t; }`,
      errors: [nd()],
    },
    {
      code: `import { withDurableExecution } from 'durable-lambda';\nasync function work(c) { return Date.now(); }\nexport const handler = withDurableExecution(async (event, context) => work(context));`,
      errors: [nd()],
    },
    // A handler defined apart from withDurableExecution.
    {
      code: `import { withDurableExecution } from 'durable-lambda';\nconst run = async (event, ctx) => { const n = Math.random(); return n; };\nexport const handler = withDurableExecution(run);`,
      errors: [nd()],
    },
  ],
});
