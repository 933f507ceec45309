/**
 * Scenario 6: the payload pipeline on 1 KiB / 100 KiB / 1 MiB values: one serialize plus one
 * deserialize (median time) and the size of the stored string. The official SDK's figure is its
 * default serdes (plain JSON), which is what its users get for the same value. Ours needs a
 * pipeline factory in src/serdes (the payload work); until it exists ours reports n/a.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { defaultSerdes as officialDefaultSerdes } from '@aws/durable-execution-sdk-js';
import type { SdkAdapter } from './adapters.js';
import { NotAvailable } from './scenario.js';
import type { MetricSpec, MetricValues, Scenario, ScenarioSettings } from './scenario.js';
import { measure, nowNs } from './stats.js';

interface RoundTripSerdes {
  serialize(value: unknown, context: { entityId: string; durableExecutionArn: string }): Promise<string | undefined>;
  deserialize(data: string | undefined, context: { entityId: string; durableExecutionArn: string }): Promise<unknown>;
}

const sizes = [
  { label: '1 KiB', bytes: 1024 },
  { label: '100 KiB', bytes: 100 * 1024 },
  { label: '1 MiB', bytes: 1024 * 1024 },
] as const;

/** A JSON value of about `bytes` serialised bytes, with repetitive, compressible structure. */
export const payloadOfSize = (bytes: number): { records: { id: number; name: string; tags: string[] }[] } => {
  const records: { id: number; name: string; tags: string[] }[] = [];
  let size = 14;
  for (let id = 0; size < bytes; id += 1) {
    const record = { id, name: `customer-${id.toString(36)}`, tags: ['bench', `group-${id % 17}`] };
    records.push(record);
    size += JSON.stringify(record).length + 1;
  }
  return { records };
};

const serdesContext = { entityId: '1', durableExecutionArn: 'arn:aws:lambda:us-east-1:123456789012:function:bench:1/durable-execution/bench/run-1' };

/** Names a pipeline factory of src/serdes may have; the first one exported is used. */
const factoryNames = ['createPayloadSerdes', 'createPayloadPipeline', 'composePayloadSerdes', 'composeSerdes'];

/** Our pipeline with its default options, or the reason there is none yet. */
const loadOursPipeline = async (): Promise<RoundTripSerdes | string> => {
  const directory = fileURLToPath(new URL('../src/serdes/', import.meta.url));
  for (const file of (await readdir(directory)).filter((name) => name.endsWith('.ts')).sort()) {
    const module = (await import(pathToFileURL(join(directory, file)).href)) as Record<string, unknown>;
    for (const name of factoryNames) {
      const factory = module[name];
      if (typeof factory === 'function') return (factory as (options: object) => RoundTripSerdes)({});
    }
  }
  return `src/serdes exports no pipeline factory yet (looked for ${factoryNames.join(', ')})`;
};

const metrics: MetricSpec[] = sizes.flatMap(({ label }) => [
  { metric: `round trip, ${label}`, unit: 'ms', better: 'lower' as const, target: null },
  { metric: `stored size, ${label}`, unit: 'KiB', better: 'lower' as const, target: null },
]);

const measureSerdes = async (serdes: RoundTripSerdes, settings: ScenarioSettings): Promise<MetricValues> => {
  const values: MetricValues = {};
  for (const { label, bytes } of sizes) {
    const value = payloadOfSize(bytes);
    const expected = JSON.stringify(value);
    let storedBytes = 0;
    const time = await measure({
      warmup: 2,
      repeats: settings.quick ? 3 : bytes > 200_000 ? 7 : 15,
      run: async () => {
        const start = nowNs();
        const stored = await serdes.serialize(value, serdesContext);
        const back = await serdes.deserialize(stored, serdesContext);
        const elapsed = Number(nowNs() - start) / 1e6;
        if (JSON.stringify(back) !== expected) throw new Error(`round trip of ${label} changed the value`);
        storedBytes = Buffer.byteLength(stored ?? '');
        return elapsed;
      },
    });
    values[`round trip, ${label}`] = time.median;
    values[`stored size, ${label}`] = storedBytes / 1024;
  }
  return values;
};

export const payloadPipeline: Scenario = {
  name: 'payload-pipeline',
  description: 'payload pipeline round trip on 1 KiB / 100 KiB / 1 MiB values',
  needs: [],
  metrics,
  async run(adapter: SdkAdapter, settings) {
    if (adapter.name === 'official') return measureSerdes(officialDefaultSerdes as RoundTripSerdes, settings);
    const ours = await loadOursPipeline();
    if (typeof ours === 'string') throw new NotAvailable(ours);
    return measureSerdes(ours, settings);
  },
};

