import { describe, expect, it } from 'vitest';
import { withDurableExecution } from '../../src/index.js';
import { estimateCost, formatUsage, meterHistory, SERVICE_LIMITS } from '../../src/service/metering.js';
import { DurableTestRunner } from '../../src/testing/index.js';
import { orderApprovalHandler } from '../testing/fixtures/order-approval.js';

describe('usage as the service meters it', () => {
  it('counts the order workflow by the documented rules', async () => {
    const result = await new DurableTestRunner({ handler: orderApprovalHandler, callbacks: { 'manager-approval': { success: { approved: true } } } }).run({ orderId: 'm-1' });
    // Hand count: start 1 + reserve-stock step 1 + settle-payment wait 1 + waitForCallback 3
    // (context, callback, submitter step) + cool-off wait 1 + ship step 1 = 8.
    expect(result.usage.operations).toBe(8);
    // Storage: the input, two step results, the callback result stored twice (callback and
    // context), the execution result.
    const input = Buffer.byteLength('{"orderId":"m-1"}');
    const reservation = Buffer.byteLength('"reservation-m-1"');
    const answer = Buffer.byteLength('{"approved":true}');
    const shipped = Buffer.byteLength('"shipped"');
    const output = Buffer.byteLength(result.rawResult ?? '');
    const contextPayload = Buffer.byteLength(JSON.stringify('{"approved":true}'));
    expect(result.usage.storageWrittenBytes).toBe(input + reservation + answer + contextPayload + shipped + output);
    expect(result.usage.invocations).toBe(4);
  });

  it('counts each step retry as one more operation', async () => {
    let attempts = 0;
    const handler = withDurableExecution(async (_event: unknown, context) => {
      const value = await context.step('flaky', async () => {
        attempts += 1;
        if (attempts < 3) throw new Error('try again');
        return attempts;
      }, { retryStrategy: (_error, attempt) => ({ shouldRetry: attempt < 5, delay: { seconds: 1 } }) });
      return value;
    });
    const result = await new DurableTestRunner({ handler }).run();
    // Hand count: start 1 + flaky step 1 + 2 retries = 4.
    expect(result.status).toBe('SUCCEEDED');
    expect(result.usage.operations).toBe(4);
    const counted = meterHistory(result.history);
    expect(counted).toEqual(result.usage);
  });

  it('fails a workflow of 3,001 steps with the service error', async () => {
    const handler = withDurableExecution(async (_event: unknown, context) => {
      for (let i = 0; i < 3_001; i += 1) await context.step(async () => i);
      return 'all';
    });
    const result = await new DurableTestRunner({ handler }).run();
    expect(result.status).toBe('FAILED');
    expect(result.error?.ErrorMessage).toMatch(/would have 3001 operations, over the service's limit of 3000 operations per execution/);
    expect(result.usage.operations).toBe(SERVICE_LIMITS.operations);
  }, 60_000);

  it('warns at 80 % of the operation limit', async () => {
    const handler = withDurableExecution(async (_event: unknown, context) => {
      for (let i = 0; i < 2_450; i += 1) await context.step(async () => i);
      return 'many';
    });
    const warnings: string[] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => void warnings.push(args.join(' '));
    try {
      const result = await new DurableTestRunner({ handler }).run();
      expect(result.status).toBe('SUCCEEDED');
    } finally {
      console.warn = original;
    }
    expect(warnings).toEqual([expect.stringMatching(/is near the service's limits: operations 2451 of 3000 \(82 %\)/)]);
  }, 60_000);

  it('rejects an operation payload over 256 KiB with the service error', async () => {
    const handler = withDurableExecution(async (_event: unknown, context) => context.runInChildContext('big', async () => 'x'.repeat(300 * 1024), { summaryGenerator: () => 'x'.repeat(300 * 1024) }));
    const result = await new DurableTestRunner({ handler }).run();
    expect(result.status).toBe('FAILED');
    expect(result.error?.ErrorMessage).toMatch(/over the service's limit of 262144 bytes \(256 KiB\) per operation/);
  });

  it('estimates cost at settable prices', () => {
    const usage = { operations: 2_000_000, storageWrittenBytes: 2 * 1024 ** 3, invocations: 3 };
    expect(estimateCost(usage)).toBeCloseTo(16.5);
    expect(estimateCost(usage, { perMillionOperations: 1, perGbWritten: 1 })).toBeCloseTo(4);
    expect(formatUsage({ operations: 8, storageWrittenBytes: 120, invocations: 4 })).toMatch(/^usage: 8 operations, 120 B written, 4 invocations; estimated cost \$0\.0000\d+ at \$8 per million operations and \$0\.25 per GB written$/);
  });
});
