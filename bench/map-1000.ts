/**
 * Scenario 3: `map` over 1,000 items with maxConcurrency 50 and one step per item. Calls and
 * updates per execution, wall time with 1 ms per call, and the replay of the finished execution
 * (the Map context is complete, so the service prunes its children as it does for real).
 */
import { benchLambdaContext, expectSucceeded, runExecution } from './driver.js';
import type { BenchHandler } from './adapters.js';
import { MemoryCheckpointService } from './memory-client.js';
import type { Scenario } from './scenario.js';
import { measure, nowNs } from './stats.js';

const mapHandler =
  (count: number): BenchHandler =>
  async (_event, context) => {
    if (!context.map) throw new Error('context.map is missing');
    const items = Array.from({ length: count }, (_unused, index) => index);
    const batch = await context.map('items', items, async (child, item) => child.step('double', async () => item * 2), {
      maxConcurrency: 50,
    });
    return batch.getResults().reduce((sum, value) => sum + value, 0);
  };

export const map1000: Scenario = {
  name: 'map-1000-items',
  description: 'map over 1,000 items, maxConcurrency 50, one step each',
  needs: ['step', 'map'],
  metrics: [
    { metric: 'checkpoint calls', unit: 'calls', better: 'lower', target: 1.0 },
    { metric: 'updates', unit: 'updates', better: 'lower', target: null },
    { metric: 'wall time, 1 ms/call', unit: 'ms', better: 'lower', target: null },
    { metric: 'replay wall time', unit: 'ms', better: 'lower', target: 0.2 },
  ],
  async run(adapter, settings) {
    const count = settings.quick ? 100 : 1000;
    const expected = count * (count - 1);
    let last: MemoryCheckpointService | undefined;
    const wall = await measure({
      warmup: 1,
      repeats: settings.quick ? 2 : 5,
      run: async () => {
        const service = new MemoryCheckpointService({ input: {}, latencyMs: 1 });
        const run = await runExecution({ handler: adapter.wrap(mapHandler(count), service), service });
        expectSucceeded(run, expected);
        last = service;
        return run.handlerMs;
      },
    });
    if (!last) throw new Error('no run');
    const finished = last;
    const counts = { ...finished.counts };
    finished.setLatency(0);
    const replayHandler = adapter.wrap(mapHandler(count), finished);
    // One replay of a finished map takes a few milliseconds, about as long as the cache misses of
    // a process that just sat through a forced GC; so each sample times a burst of back-to-back
    // replays (events built beforehand) and reports the mean, as a warm container sees them.
    const burst = settings.quick ? 5 : 20;
    const replay = await measure({
      warmup: 2,
      repeats: settings.quick ? 3 : 9,
      run: async () => {
        const events = Array.from({ length: burst }, () => finished.invocationEvent());
        const outputs = [];
        const start = nowNs();
        for (const event of events) outputs.push(await replayHandler(event, benchLambdaContext()));
        const elapsed = Number(nowNs() - start) / 1e6 / burst;
        for (const output of outputs) expectSucceeded({ output, invocations: 1, handlerMs: elapsed }, expected);
        return elapsed;
      },
    });
    settings.log(
      `  ${adapter.name}: ${counts.checkpointCalls} calls, ${counts.updates} updates, ${wall.median.toFixed(0)} ms, replay ${replay.median.toFixed(2)} ms`,
    );
    return {
      'checkpoint calls': counts.checkpointCalls,
      updates: counts.updates,
      'wall time, 1 ms/call': wall.median,
      'replay wall time': replay.median,
    };
  },
};
