import { rules } from '../../src/eslint/index.js';
import { handler, ruleTester } from './rule-tester.js';

const rule = rules['no-side-effect-outside-step'] as never;
const sideEffect = { messageId: 'sideEffect' };
const sdk = `import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';\nconst db = new DynamoDBClient({});\n`;

ruleTester.run('no-side-effect-outside-step', rule, {
  valid: [
    sdk + handler(`await context.step('put', async () => db.send(new PutItemCommand({ TableName: 't', Item: {} })));`),
    handler(`const body = await context.step('get', async () => (await fetch('https://example.com')).text());`),
    `import https from 'node:https';\n` + handler(`await context.step('req', async () => new Promise((r) => https.get('https://example.com', r)));`),
    sdk + `export const plain = async () => db.send(new PutItemCommand({ TableName: 't', Item: {} }));`,
    handler(`const emitter = { send: (x: number) => x }; emitter.send(1);`),
    handler(`await context.runInChildContext('c', async (child) => child.step('f', async () => fetch('https://example.com')));`),
    handler(`const fetch = (u: string) => u; fetch('local');`),
    handler(`await context.waitForCallback('cb', async (id) => { await fetch('https://example.com/' + id); });`),
    `import { request } from 'undici';\n` + handler(`await context.step('r', async () => request('https://example.com'));`),
    handler(`await context.waitForCondition('p', async (s) => { await fetch('https://example.com'); return s; }, { initialState: 0, waitStrategy: () => ({ shouldContinue: false }) });`),
  ],
  invalid: [
    { code: sdk + handler(`await db.send(new PutItemCommand({ TableName: 't', Item: {} }));`), errors: [sideEffect] },
    { code: handler(`const res = await fetch('https://example.com');`), errors: [sideEffect] },
    { code: `import https from 'node:https';\n` + handler(`https.request('https://example.com');`), errors: [sideEffect] },
    { code: `import * as http from 'http';\n` + handler(`http.get('http://example.com');`), errors: [sideEffect] },
    { code: `import { request } from 'node:https';\n` + handler(`request('https://example.com');`), errors: [sideEffect] },
    { code: handler(`const client = { send: async (c: unknown) => c }; class PutCommand {} await client.send(new PutCommand());`), errors: [sideEffect] },
    { code: sdk + handler(`await context.runInChildContext('c', async (child) => db.send(new PutItemCommand({ TableName: 't', Item: {} })));`), errors: [sideEffect] },
    { code: handler(`await context.map([1], async (child, item) => fetch('https://example.com/' + item));`), errors: [sideEffect] },
    {
      code: `import type { DurableContext } from 'durable-lambda';\nexport async function helper(ctx: DurableContext) { await fetch('https://example.com'); await ctx.wait({ seconds: 1 }); }`,
      errors: [sideEffect],
    },
    { code: handler(`const res = await fetch('https://example.com');`, '@aws/durable-execution-sdk-js'), errors: [sideEffect] },
    { code: `import { SQSClient } from '@aws-sdk/client-sqs';\nconst sqs = new SQSClient({});\n` + handler(`const cmd = {}; await sqs.send(cmd as never);`), errors: [sideEffect] },
  ],
});
