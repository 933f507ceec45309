/**
 * `durable-lambda replay` as a deploy gate: the real bin over a directory of recorded histories
 * (our JSON and the AWS CLI's), clean on the code that recorded them, exit 1 with the mismatch
 * side by side on changed code.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DurableTestRunner } from 'durable-lambda/testing';
import { createDemoTravelServices, createTripSaga } from '../../examples/saga/handler.js';
import { asAwsCliHistory } from '../testing/replay-history/aws-cli-shapes.js';
import { runCliProcess } from './spawn-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'replay-cli-'));
const variant = 'examples/saga/handler.replay-variant-cli.ts';

beforeAll(async () => {
  const runner = new DurableTestRunner({ handler: createTripSaga(createDemoTravelServices()) });
  for (const card of ['tok_visa', 'tok_declined']) {
    const execution = runner.start({ tripId: `t-${card}`, flight: 'LH-400', hotel: 'harbour-view', card, amountCents: 120_000 });
    const { history, status } = await execution.result();
    expect(status).toBe('SUCCEEDED');
    writeFileSync(join(dir, `${card}.json`), JSON.stringify({ DurableExecutionArn: execution.arn, Status: status, Events: history }));
    writeFileSync(join(dir, `${card}.aws-cli.json`), JSON.stringify(asAwsCliHistory(history)));
  }
  const source = readFileSync('examples/saga/handler.ts', 'utf8');
  writeFileSync(variant, source.replace("current = 'reserve-hotel';", "current = 'book-hotel';"));
}, 60_000);
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(variant, { force: true });
});

describe('durable-lambda replay', () => {
  it('passes every recorded history of the unchanged handler (exit 0, one summary line)', async () => {
    const { code, stdout, stderr } = await runCliProcess(['replay', 'examples/saga/handler.ts', '--history', dir]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('replay: 4 of 4 histories replay on the new code');
    expect(stdout.match(/^✓ /gm)).toHaveLength(4);
  });

  it('fails on changed code and shows the recorded and the new operation side by side with the new line', async () => {
    const { code, stdout } = await runCliProcess(['replay', variant, '--history', dir]);
    expect(code).toBe(1);
    expect(stdout).toContain('replay: 0 of 4 histories replay on the new code, 4 do not');
    expect(stdout).toContain('STEP/Step "reserve-hotel" | STEP/Step "book-hotel"');
    expect(stdout).toMatch(/new call at .*handler\.replay-variant-cli\.ts:\d+:\d+/);
  });

  it('prints JSON reports with --json and refuses a missing history', async () => {
    const json = await runCliProcess(['replay', 'examples/saga/handler.ts#handler', '--history', join(dir, 'tok_visa.json'), '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ outcome: 'match', ok: true });
    const missing = await runCliProcess(['replay', 'examples/saga/handler.ts', '--history', join(dir, 'nope')]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('--history');
  });
});
