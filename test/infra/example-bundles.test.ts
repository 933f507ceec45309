/**
 * The Lambda bundles of the examples (`npm run build:examples`): one per function entry, ESM with
 * source maps and the AWS SDK left to the runtime, and they run as deployed: loaded from the
 * bundle file in a worker, both chained-invoke functions registered on one local service.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleHandlers, DurableExecutionService, WorkerPool } from 'durable-lambda/testing';
// @ts-expect-error -- a plain .mjs build script without type declarations
import { buildExamples, exampleFunctions } from '../../scripts/build-examples.mjs';

const ROOT = resolve(import.meta.dirname, '..', '..');
// Inside the project, so the bundles' external imports resolve from its node_modules.
const OUT = join(ROOT, 'node_modules', '.cache', 'durable-lambda', `examples-${randomBytes(4).toString('hex')}`);
const EXAMPLES = readdirSync(join(ROOT, 'examples'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);

let rows: { path: string; bytes: number; gzip: number }[] = [];
const pools: WorkerPool[] = [];
beforeAll(async () => {
  rows = (await buildExamples({ outdir: OUT })) as typeof rows;
});
afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
  rmSync(OUT, { recursive: true, force: true });
});

describe('example bundles', () => {
  it('builds handler.mjs (and its source map) for every example folder, plus the second chained function', () => {
    const entries = (exampleFunctions(join(ROOT, 'examples')) as { entry: string }[]).map((f) => f.entry);
    expect(entries).toEqual(expect.arrayContaining([...EXAMPLES.map((name) => `${name}/handler`), 'chained-invoke/payment']));
    for (const entry of entries) {
      expect(existsSync(join(OUT, `${entry}.mjs`)), entry).toBe(true);
      expect(existsSync(join(OUT, `${entry}.mjs.map`)), entry).toBe(true);
    }
    expect(rows).toHaveLength(entries.length);
    for (const row of rows) expect(row.bytes).toBeGreaterThan(0);
  });

  it('bundles durable-lambda itself but leaves the AWS SDK to the runtime', () => {
    const order = readFileSync(join(OUT, 'order-workflow', 'handler.mjs'), 'utf8');
    // Left external: loaded from the runtime by the KMS adapter's import() when first used.
    expect(order).toMatch(/(from\s*|import\(\s*)"@aws-sdk\/client-kms"/);
    expect(order).not.toContain('KMSServiceException');
    expect(order).not.toMatch(/from\s*"durable-lambda"/);
    expect(order.startsWith('import { createRequire }')).toBe(true);
  });

  it('serve and run bundle the examples too: sub-path imports (durable-lambda/kms, /s3) resolve to the sources', async () => {
    const outDir = join(OUT, 'harness');
    const { bundles } = await bundleHandlers({ files: { order: join(ROOT, 'examples', 'order-workflow', 'handler.ts') }, sdk: 'ours', outDir });
    const text = readFileSync(bundles.order ?? '', 'utf8');
    expect(text).toContain('createKmsKeyProvider');
    expect(text).not.toMatch(/from\s*["']durable-lambda/);
  });

  it('the chained-invoke bundles run on the local service: checkout invokes payment', async () => {
    const service = new DurableExecutionService();
    for (const name of ['handler', 'payment'] as const) {
      const pool = new WorkerPool({ modulePath: join(OUT, 'chained-invoke', `${name}.mjs`), exportPath: ['handler'] });
      pools.push(pool);
      service.registerFunction({ name: name === 'handler' ? 'checkout' : 'payment', invoker: pool.invoker });
    }
    const arn = service.startExecution({
      functionName: 'checkout',
      payload: JSON.stringify({ orderId: 'o-7', card: 'tok_visa', items: [{ sku: 'mug', quantity: 3, unitCents: 1000 }] }),
    });
    const done = await service.waitForCompletion(arn);
    expect(done.Status).toBe('SUCCEEDED');
    expect(JSON.parse(done.Result ?? '')).toMatchObject({ status: 'paid', totalCents: 3000, paymentId: 'pay-auth-o-7' });
    expect(service.logLines(arn).map((l) => l.text)).toContain('receipt for o-7: Order o-7: 30.00 paid (pay-auth-o-7)');
  });
});
