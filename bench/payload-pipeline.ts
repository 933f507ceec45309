/**
 * Scenario 6: the payload pipeline on 1 KiB / 100 KiB / 1 MiB JSON values. A figure is one
 * serialize plus one deserialize (median time) or the size of the string that would be
 * checkpointed. Three pairings:
 * - `json`: our pipeline with the plain JSON value stage vs the official default serdes
 *   (1 MiB is left out: it is over the service's 256 KiB payload limit for both);
 * - `brotli+aes`: ours compressing and encrypting (local key) vs the official default serdes,
 *   which has no such stage: the ratio is the price of the two stages;
 * - `file offload`: both offloading to files above the checkpoint limit (ours: file blob store,
 *   cache off so the read really hits the file; official: createFileSystemSerdes OVERFLOW).
 *
 * Ours runs as built JavaScript (bench/build-ours.ts), like the official SDK's published build.
 */
import { mkdir, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import {
  createFileSystemSerdes,
  defaultSerdes as officialDefaultSerdes,
  FileSystemSerdesMode,
} from '@aws/durable-execution-sdk-js';
import type { createFileBlobStore } from '../src/serdes/blob-store.js';
import type { createLocalKeyProvider } from '../src/serdes/local-key-provider.js';
import type { createPayloadSerdes } from '../src/serdes/payload-serdes.js';
import type { SdkAdapter } from './adapters.js';
import { loadBuiltOurs } from './build-ours.js';
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
type SizeLabel = (typeof sizes)[number]['label'];

const workDirectory = fileURLToPath(new URL('../.tmp/bench/payload/', import.meta.url));

/** The parts of our built package the pairings use. */
interface OursPayloadApi {
  createPayloadSerdes: typeof createPayloadSerdes;
  createFileBlobStore: typeof createFileBlobStore;
  createLocalKeyProvider: typeof createLocalKeyProvider;
}

/** Our payload API from the built bundle of src/index.ts (checked, so a missing export fails clearly). */
const loadOursPayloadApi = async (): Promise<OursPayloadApi> => {
  const module = await loadBuiltOurs();
  for (const name of ['createPayloadSerdes', 'createFileBlobStore', 'createLocalKeyProvider']) {
    if (typeof module[name] !== 'function') throw new Error(`the built package exports no ${name}`);
  }
  return module as unknown as OursPayloadApi;
};

/** One pairing: how each side builds its serdes, and which sizes apply. */
interface Pairing {
  label: string;
  sizes: readonly SizeLabel[];
  ours: (api: OursPayloadApi) => RoundTripSerdes;
  official: () => RoundTripSerdes;
}

const pairings: readonly Pairing[] = [
  {
    label: 'json',
    sizes: ['1 KiB', '100 KiB'],
    ours: ({ createPayloadSerdes }) => createPayloadSerdes({ value: 'json' }),
    official: () => officialDefaultSerdes as RoundTripSerdes,
  },
  {
    label: 'brotli+aes',
    sizes: ['1 KiB', '100 KiB', '1 MiB'],
    ours: ({ createPayloadSerdes, createLocalKeyProvider }) =>
      createPayloadSerdes({
        value: 'json',
        compression: { algorithm: 'brotli' },
        encryption: { keyProvider: createLocalKeyProvider({ keyFile: `${workDirectory}keys/bench.key`, env: {} }) },
      }),
    official: () => officialDefaultSerdes as RoundTripSerdes,
  },
  {
    label: 'file offload',
    sizes: ['1 KiB', '100 KiB', '1 MiB'],
    ours: ({ createPayloadSerdes, createFileBlobStore }) =>
      createPayloadSerdes({
        value: 'json',
        offload: { store: createFileBlobStore({ directory: `${workDirectory}blobs/ours` }), cacheBytes: 0 },
      }),
    official: () =>
      createFileSystemSerdes(`${workDirectory}blobs/official`, {
        storageMode: FileSystemSerdesMode.OVERFLOW,
      }) as RoundTripSerdes,
  },
];

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

const serdesContext = {
  entityId: '1',
  durableExecutionArn: 'arn:aws:lambda:us-east-1:123456789012:function:bench:1/durable-execution/bench/run-1',
};

const metrics: MetricSpec[] = pairings.flatMap((pairing) =>
  pairing.sizes.flatMap((size) => [
    { metric: `${pairing.label}: round trip, ${size}`, unit: 'ms', better: 'lower' as const, target: null },
    { metric: `${pairing.label}: stored size, ${size}`, unit: 'KiB', better: 'lower' as const, target: null },
  ]),
);

const measurePairing = async (pairing: Pairing, serdes: RoundTripSerdes, settings: ScenarioSettings): Promise<MetricValues> => {
  const values: MetricValues = {};
  for (const { label, bytes } of sizes.filter((size) => pairing.sizes.includes(size.label))) {
    const value = payloadOfSize(bytes);
    const expected = JSON.stringify(value);
    let storedBytes = 0;
    const time = await measure({
      // A sub-millisecond round trip needs more than 2 untimed runs before the code of the side
      // measured first in the process is optimised; 1 MiB runs are long enough to warm up in 2.
      warmup: bytes > 200_000 ? 2 : 10,
      repeats: settings.quick ? 3 : bytes > 200_000 ? 7 : 15,
      run: async () => {
        const start = nowNs();
        const stored = await serdes.serialize(value, serdesContext);
        const back = await serdes.deserialize(stored, serdesContext);
        const elapsed = Number(nowNs() - start) / 1e6;
        if (JSON.stringify(back) !== expected) throw new Error(`${pairing.label} round trip of ${label} changed the value`);
        storedBytes = Buffer.byteLength(stored ?? '');
        return elapsed;
      },
    });
    values[`${pairing.label}: round trip, ${label}`] = time.median;
    values[`${pairing.label}: stored size, ${label}`] = storedBytes / 1024;
  }
  return values;
};

export const payloadPipeline: Scenario = {
  name: 'payload-pipeline',
  description: 'payload pipeline round trip on 1 KiB / 100 KiB / 1 MiB values',
  needs: [],
  metrics,
  async run(adapter: SdkAdapter, settings) {
    await rm(`${workDirectory}blobs/${adapter.name}`, { recursive: true, force: true });
    await mkdir(workDirectory, { recursive: true });
    const ours = adapter.name === 'ours' ? await loadOursPayloadApi() : undefined;
    const values: MetricValues = {};
    for (const pairing of pairings) {
      const serdes = ours !== undefined ? pairing.ours(ours) : pairing.official();
      Object.assign(values, await measurePairing(pairing, serdes, settings));
    }
    return values;
  },
};
