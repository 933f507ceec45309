import { rules } from '../../src/eslint/index.js';
import { handler, ruleTester } from './rule-tester.js';

const rule = rules['no-closure-mutation-in-step'] as never;
const assigned = { messageId: 'assigned' };
const mutated = { messageId: 'mutated' };

ruleTester.run('no-closure-mutation-in-step', rule, {
  valid: [
    handler(`const total = await context.step('sum', async () => 1 + 2);`),
    handler(`await context.step('local', async () => { let n = 0; n += 1; const list: number[] = []; list.push(n); return list; });`),
    handler(`let count = 0; count = await context.step('c', async () => 5);`),
    handler(`const items: number[] = []; items.push(await context.step('i', async () => 1));`),
    handler(`await context.step('s', async () => { const m = new Map<string, number>(); m.set('a', 1); return [...m]; });`),
    handler(`let x = 0; await context.runInChildContext('c', async (child) => { x = await child.step('v', async () => 1); });`),
    handler(`await context.step('obj', async () => { const o = { a: 1 }; o.a = 2; delete (o as { a?: number }).a; return o; });`),
    handler(`const seen = new Set<string>(); await context.step('read', async () => seen.has('a'));`),
    handler(`await context.step('param', async (stepContext) => { stepContext.logger.info('x'); });`),
    // Not a step: plain callbacks in durable code.
    handler(`let sum = 0; [1, 2].forEach((n) => { sum += n; });`),
    handler(`await context.waitForCondition('poll', async (state) => state + 1, { initialState: 0, waitStrategy: () => ({ shouldContinue: false }) });`),
  ],
  invalid: [
    { code: handler(`let total = 0; await context.step('sum', async () => { total = 3; });`), errors: [assigned] },
    { code: handler(`let n = 0; await context.step('inc', async () => { n++; });`), errors: [assigned] },
    { code: handler(`let n = 0; await context.step('add', async () => { n += 2; });`), errors: [assigned] },
    { code: handler(`const list: number[] = []; await context.step('push', async () => { list.push(1); });`), errors: [mutated] },
    { code: handler(`const state = { done: false }; await context.step('flag', async () => { state.done = true; });`), errors: [mutated] },
    { code: handler(`const cache = new Map<string, number>(); await context.step('fill', async () => { cache.set('a', 1); });`), errors: [mutated] },
    { code: handler(`const o: Record<string, number> = { a: 1 }; await context.step('del', async () => { delete o.a; });`), errors: [mutated] },
    { code: handler(`const target = {}; await context.step('assign', async () => { Object.assign(target, { a: 1 }); });`), errors: [mutated] },
    { code: handler(`let result; await context.waitForCallback('cb', async (id) => { result = id; });`), errors: [assigned] },
    { code: handler(`let last = 0; await context.waitForCondition('p', async (s) => { last = s; return s; }, { initialState: 0, waitStrategy: () => ({ shouldContinue: false }) });`), errors: [assigned] },
    { code: handler(`let v = 0; await context.runInChildContext('c', async (child) => { await child.step('s', async () => { v = 1; }); });`), errors: [assigned] },
    { code: `let counter = 0;\n` + handler(`await context.step('module', async () => { counter += 1; });`), errors: [assigned] },
    { code: handler(`const s = { deep: { list: [] as number[] } }; await context.step('deep', async () => { s.deep.list.push(1); });`), errors: [mutated] },
    { code: handler(`let total = 0; const work = async () => { total = 1; };\nawait context.step('named', work);`, '@aws/durable-execution-sdk-js'), errors: [assigned] },
  ],
});
