import { describe, expect, it } from 'vitest';
import { createPayloadSerdes, withDurableExecution } from '../../src/index.js';
import { DurableTestRunner, formatOperationLine, formatTimeline } from '../../src/testing/index.js';
import { formatBytes, formatDuration } from '../../src/service/timeline.js';
import { memoryBlobStore, memoryKeyProvider } from '../serdes/memory-ports.js';

const flakyHandler = () => {
  let calls = 0;
  return withDurableExecution(async (_event: unknown, context) => {
    const charged = await context.step('charge', async () => {
      calls += 1;
      if (calls === 1) throw new Error('flaky');
      return { charged: true };
    }, { retryStrategy: () => ({ shouldRetry: true, delay: { seconds: 3 } }) });
    await context.wait('cool-off', { minutes: 5 });
    const total = await context.runInChildContext('batch', async (child) => child.step('inner', async () => 41 + 1));
    const [answer] = await context.createCallback('approval');
    return { charged, total, answer: await answer };
  });
};

describe('formatTimeline', () => {
  it('renders the operation tree with statuses, durations, attempts, payload sizes and the result', async () => {
    const execution = new DurableTestRunner({ handler: flakyHandler() }).start({ order: 1 }, { executionName: 'order-1' });
    execution.sendCallbackSuccess(await execution.waitForCallback({ name: 'approval' }), '"yes"');
    const { history } = await execution.result();
    const lines = formatTimeline(history).split('\n');
    expect(lines[0]).toMatch(/^execution order-1 {2}SUCCEEDED {2}5m \d+s {2}input 11 B {2}result \d+ B {2}\(4 invocations\)$/);
    expect(lines[1]).toMatch(/^├─ step charge +SUCCEEDED {2}3\.\d\ds {2}2 attempts {2}result 16 B$/);
    expect(lines[2]).toMatch(/^├─ wait cool-off +SUCCEEDED {2}5m 0s$/);
    expect(lines[3]).toMatch(/^├─ context batch \(RunInChildContext\) +SUCCEEDED {2}\d+ms {2}result 2 B$/);
    expect(lines[4]).toMatch(/^│ {2}└─ step inner +SUCCEEDED {2}\d+ms {2}result 2 B$/);
    expect(lines[5]).toMatch(/^└─ callback approval +SUCCEEDED {2}\d+ms {2}result 5 B$/);
    expect(lines[6]).toBe('result: {"charged":{"charged":true},"total":42,"answer":"\\"yes\\""}');
    // The same history after a JSON round trip (timestamps as text), or as a history response.
    expect(formatTimeline({ Events: JSON.parse(JSON.stringify(history)) })).toBe(lines.join('\n'));
  });

  it('shows errors, open callbacks and what an envelope holds', async () => {
    const serdes = createPayloadSerdes({ encryption: { keyProvider: memoryKeyProvider() }, offload: { store: memoryBlobStore(), thresholdBytes: 10 } });
    const execution = new DurableTestRunner({
      handler: withDurableExecution(async (_event: unknown, context) => {
        await context.step('store', async () => 'x'.repeat(100), { serdes });
        await context.createCallback('never');
        throw new TypeError('boom');
      }),
    }).start();
    await execution.waitForCallback({ name: 'never' });
    const open = formatTimeline(execution.history());
    expect(open.split('\n')[0]).toMatch(/^execution \S+ {2}RUNNING {2}\d+ms {2}\(0 invocations\)$/);
    expect(open).toMatch(/callback never +STARTED {2}\d+ms {2}callback id \S+/);
    expect(open).toMatch(new RegExp(`step store +SUCCEEDED {2}\\d+ms {2}result \\d+ B, encrypted, offloaded 1\\d\\d B`));
    execution.stop({ ErrorType: 'Manual', ErrorMessage: 'stopped by test' });
    const { history } = await execution.result();
    expect(formatTimeline(history).split('\n').at(-1)).toBe('error: Manual: stopped by test');
    expect(formatTimeline(history).split('\n')[0]).toMatch(/ STOPPED /);
  });
});

describe('formatDuration and formatBytes', () => {
  it('pick a unit by size', () => {
    expect([0, 999, 1000, 1234, 12_345, 60_000, 61_499, 3_599_000, 3_600_000, 90_061_000].map(formatDuration))
      .toEqual(['0ms', '999ms', '1.00s', '1.23s', '12.3s', '1m 0s', '1m 1s', '59m 59s', '1h 0m', '1d 1h']);
    expect([0, 1023, 1024, 1536, 1024 * 1024 * 3].map(formatBytes)).toEqual(['0 B', '1023 B', '1.0 KiB', '1.5 KiB', '3.0 MiB']);
  });
});

describe('formatOperationLine', () => {
  it('prints one line per finished operation or attempt, indented by nesting, and skips starts', async () => {
    const execution = new DurableTestRunner({ handler: flakyHandler() }).start({ order: 1 });
    execution.sendCallbackSuccess(await execution.waitForCallback({ name: 'approval' }), '"yes"');
    const { history } = await execution.result();
    const lines = history.map((event) => formatOperationLine(event, { history })).filter((l) => l !== undefined);
    expect(lines).toHaveLength(8);
    expect(lines[0]).toMatch(/^ +\+\S+ {2}step charge {2}RETRYING {2}\d+ms {2}attempt 1, next in 3\.00s {2}Error: flaky$/);
    expect(lines[1]).toMatch(/^ +\+3\.\d\ds {2}step charge {2}SUCCEEDED {2}3\.\d\ds {2}2 attempts {2}result 16 B$/);
    expect(lines[2]).toMatch(/^ +\+5m \d+s {2}wait cool-off {2}SUCCEEDED {2}5m 0s$/);
    expect(lines[3]).toMatch(/^ +\+5m \d+s {4}step inner {2}SUCCEEDED/);
    expect(lines[5]).toMatch(/callback approval {2}STARTED {2}callback id \S+$/);
    expect(lines[7]).toMatch(/execution \S+ {2}SUCCEEDED {2}5m \d+s/);
    expect(formatOperationLine(history[0]!)).toBeUndefined();
  });
});
