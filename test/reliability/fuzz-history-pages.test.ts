/**
 * Fuzzing GetDurableExecutionHistory pages as the CLI reads them (src/cli/fetch-history.ts):
 * a loopback server answers with random pages, markers that repeat or never end, and bodies
 * that are not pages at all, through the real @aws-sdk/client-lambda. Every answer must end in
 * the events or a clear error, never a hang.
 */
import fc from 'fast-check';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchHistory } from '../../src/cli/fetch-history.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
const NUM_RUNS = Number(process.env.FUZZ_RUNS ?? 60);
const BOUND_MS = 15_000;
const ARN = 'arn:aws:lambda:us-east-1:123456789012:function:fn:$LATEST/durable-execution/run/abc';

let pages: unknown[] = [];
let historyCalls = 0;
let server: Server;
let url = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = req.url ?? '';
    res.setHeader('content-type', 'application/json');
    if (path.includes('/history')) {
      const page = pages[Math.min(historyCalls++, pages.length - 1)];
      res.end(typeof page === 'string' ? page : JSON.stringify(page));
      return;
    }
    res.end(JSON.stringify({ DurableExecutionArn: ARN, DurableExecutionName: 'run', FunctionArn: 'arn', Status: 'RUNNING', StartTimestamp: 1 }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const event = fc.record(
  { EventType: fc.constantFrom('ExecutionStarted', 'StepStarted', 'StepSucceeded', 'Bogus'), EventId: fc.nat(), Id: fc.string({ maxLength: 6 }), EventTimestamp: fc.nat() },
  { requiredKeys: ['EventType'] },
);
const page = fc.oneof(
  { weight: 4, arbitrary: fc.record({ Events: fc.array(event, { maxLength: 3 }), NextMarker: fc.option(fc.constantFrom('', 'm1', 'm2', 'm3'), { nil: undefined }) }, { requiredKeys: [] }) },
  { weight: 1, arbitrary: fc.oneof(fc.constant('not json'), fc.constant('null'), fc.constant('[]'), fc.constant({ Events: 'x' }), fc.constant({ NextMarker: 5 })) },
);

describe('fuzz: GetDurableExecutionHistory pages (CLI)', () => {
  it('random pages end in the events or a clear error, never a hang', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(page, { minLength: 1, maxLength: 4 }), async (script) => {
        pages = script;
        historyCalls = 0;
        let timer: NodeJS.Timeout | undefined;
        const hang = new Promise<'hang'>((resolve) => {
          timer = setTimeout(() => resolve('hang'), BOUND_MS);
        });
        const outcome = await Promise.race([fetchHistory(url, ARN).then((doc) => doc, (error: unknown) => error), hang]);
        clearTimeout(timer);
        expect(outcome, `hung on ${JSON.stringify(script)}`).not.toBe('hang');
        if (outcome instanceof Error) {
          expect(outcome.message, JSON.stringify(script)).not.toMatch(/^(TypeError|RangeError|ReferenceError)/);
          expect(outcome.message.length).toBeGreaterThan(10);
        } else {
          expect(Array.isArray((outcome as { Events?: unknown }).Events)).toBe(true);
        }
      }),
      { numRuns: NUM_RUNS, seed: SEED },
    );
  }, 120_000);

  it('regression: a marker that repeats is an error, not an endless loop', async () => {
    pages = [{ Events: [], NextMarker: 'm1' }];
    historyCalls = 0;
    await expect(fetchHistory(url, ARN)).rejects.toThrow(/page marker "m1" twice/);
    expect(historyCalls).toBe(2);
  });

  it('regression: a body that is not a page names the service, not a TypeError', async () => {
    pages = ['null'];
    historyCalls = 0;
    await expect(fetchHistory(url, ARN)).rejects.toThrow(/^the durable-execution service at http:\/\/127\.0\.0\.1:\d+ answered a response that is not a valid reply to this call \(TypeError: /);
  });
});
