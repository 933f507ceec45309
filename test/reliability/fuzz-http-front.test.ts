/**
 * Fuzzing the local service's HTTP front (issue 19): random methods, paths, query strings,
 * headers and bodies on every route. Every answer is a 2xx or a 4xx with an AWS error type;
 * never a 5xx for client input, a crash or a hang. Fixed seed, bounded runs.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpFront, type HttpFront } from '../../src/service/http/http-front.js';
import { inProcessInvoker } from '../../src/service/invokers/in-process-invoker.js';
import { DurableExecutionService } from '../../src/service/service.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20261205);
const NUM_RUNS = Number(process.env.FUZZ_RUNS ?? 300);

let front: HttpFront;
let arn = '';
beforeAll(async () => {
  const service = new DurableExecutionService();
  service.registerFunction({ name: 'fn', invoker: inProcessInvoker(async () => ({ Status: 'SUCCEEDED', Result: '1' })) });
  front = await startHttpFront({ service });
  arn = service.startExecution({ functionName: 'fn', executionName: 'fuzz' });
});
afterAll(async () => { await front.close(); });

const segment = fc.oneof(
  fc.constantFrom('2025-12-01', '2015-03-31', 'durable-executions', 'durable-execution-callbacks', 'functions', 'fn', 'state', 'history', 'checkpoint', 'stop', 'succeed', 'fail', 'heartbeat', 'invocations', '%', '%E0%A4%A', '%2F', '..'),
  fc.string({ maxLength: 12 }).map(encodeURIComponent),
  fc.constant('ARN'),
);
const path = fc.array(segment, { minLength: 1, maxLength: 5 }).map((parts) => `/${parts.join('/')}`.replace('ARN', encodeURIComponent(arn)));
const query = fc.array(fc.tuple(fc.constantFrom('MaxItems', 'Marker', 'CheckpointToken', 'IncludeExecutionData', 'ReverseOrder', 'StartedAfter', 'Statuses', 'Qualifier'), fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom('-1', '1e308', '99999999999999999999', 'true', 'NaN'))), { maxLength: 3 })
  .map((pairs) => (pairs.length === 0 ? '' : `?${new URLSearchParams(pairs).toString()}`));
const body = fc.oneof(
  fc.constant(undefined),
  fc.json({ maxDepth: 3 }),
  fc.string({ maxLength: 40 }),
  fc.record({ CheckpointToken: fc.string({ maxLength: 8 }), Updates: fc.array(fc.oneof(fc.constant(null), fc.object({ maxDepth: 2 }), fc.record({ Id: fc.string({ maxLength: 70 }), Type: fc.constantFrom('STEP', 'WAIT', 'CALLBACK', 'EXECUTION', 'X'), Action: fc.constantFrom('START', 'SUCCEED', 'FAIL', 'RETRY', 'CANCEL'), WaitOptions: fc.record({ WaitSeconds: fc.double() }) }, { requiredKeys: [] })), { maxLength: 3 }) }, { requiredKeys: [] }).map((v) => JSON.stringify(v)),
);
const headers = fc.record({ 'x-amz-invocation-type': fc.constantFrom('Event', 'RequestResponse', 'x'), 'x-amz-durable-execution-name': fc.string({ maxLength: 70 }).filter((s) => /^[\x20-\x7e]*$/.test(s)) }, { requiredKeys: [] });

describe('HTTP front fuzz', () => {
  it('answers every request with 2xx or a typed 4xx, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('GET', 'POST', 'PUT', 'DELETE'), path, query, body, headers, async (method, p, q, b, h) => {
        const controller = AbortSignal.timeout(5_000);
        const invoke = p.startsWith('/2015-03-31/functions/fn/invocations');
        const response = await fetch(`${front.url}${p}${q}`, {
          method, signal: controller, headers: { ...h, ...(invoke ? { 'x-amz-invocation-type': 'Event' } : {}) },
          ...(b !== undefined && method !== 'GET' ? { body: b } : {}),
        });
        await response.arrayBuffer();
        expect(response.status, `${method} ${p}${q}`).toBeLessThan(500);
        if (response.status >= 400) expect(response.headers.get('x-amzn-errortype'), `${method} ${p}${q}`).toMatch(/^[A-Za-z]+$/);
      }),
      { seed: SEED, numRuns: NUM_RUNS },
    );
  }, 30_000);
});
