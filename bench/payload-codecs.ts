/**
 * Payload pipeline figures (issue 5): throughput of each codec and of the whole pipeline on
 * 1 KiB / 100 KiB / 1 MiB values, KMS calls per execution of 100 encrypted steps (fresh run and
 * replay, against the KMS test host with the real KMS client), and S3 requests per offloaded value
 * (against s3rver).
 *
 * Run: `node --import tsx bench/payload-codecs.ts [--quick]`
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createKmsKeyProvider } from '../src/kms.js';
import { createS3BlobStore } from '../src/s3.js';
import { createFileBlobStore } from '../src/serdes/blob-store.js';
import { zstdAvailable } from '../src/serdes/compression.js';
import { createLocalKeyProvider } from '../src/serdes/local-key-provider.js';
import { createPayloadSerdes, type PayloadSerdes, type PayloadSerdesOptions } from '../src/serdes/payload-serdes.js';
import { withDurableExecution } from '../src/index.js';
import { DurableTestRunner } from '../src/testing/index.js';
import { startKmsHost, type KmsHost } from '../test/support/kms-host.js';
import { startS3rver } from '../test/support/s3rver.js';

const quick = process.argv.includes('--quick');
const arn = 'arn:aws:lambda:us-east-1:123456789012:function:bench:1/durable-execution/bench-exec/inv-1';
const context = (entityId: string): { entityId: string; durableExecutionArn: string } => ({ entityId, durableExecutionArn: arn });

/** A JSON value of about `bytes` bytes: records with dates and repeated structure, like real step results. */
function valueOfSize(bytes: number): unknown {
  const rows: unknown[] = [];
  let size = 12;
  for (let i = 0; size < bytes; i += 1) {
    const row = { id: i, email: `user${i}@example.com`, plan: ['free', 'pro', 'team'][i % 3], score: (i * 7919) % 1000, note: `order ${i.toString(36)}` };
    rows.push(row);
    size += JSON.stringify(row).length + 1;
  }
  return { rows };
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

async function throughput(label: string, options: PayloadSerdesOptions): Promise<void> {
  for (const [sizeLabel, bytes] of [['1 KiB', 1024], ['100 KiB', 100 * 1024], ['1 MiB', 1024 * 1024]] as const) {
    const serdes = createPayloadSerdes(options);
    const value = valueOfSize(bytes);
    const inputBytes = JSON.stringify(value).length;
    const repeats = quick ? 3 : bytes >= 1024 * 1024 ? 9 : bytes >= 100 * 1024 ? 25 : 200;
    const encodeMs: number[] = [];
    const decodeMs: number[] = [];
    let stored = '';
    let failure = '';
    for (let i = 0; i < repeats + 2; i += 1) {
      try {
        const t0 = performance.now();
        stored = (await serdes.serialize(value, context('1'))) ?? '';
        const t1 = performance.now();
        await serdes.deserialize(stored, context('1'));
        const t2 = performance.now();
        if (i >= 2) { encodeMs.push(t1 - t0); decodeMs.push(t2 - t1); }
      } catch (error) {
        failure = (error as Error).name;
        break;
      }
    }
    if (failure !== '') {
      console.log(`${label.padEnd(34)} ${sizeLabel.padStart(7)}  ${failure} (over the 256 KiB limit without offload)`);
      continue;
    }
    const enc = median(encodeMs);
    const dec = median(decodeMs);
    const mbps = (ms: number): string => (inputBytes / 1e6 / (ms / 1000)).toFixed(0).padStart(6);
    console.log(
      `${label.padEnd(34)} ${sizeLabel.padStart(7)}  encode ${enc.toFixed(3).padStart(8)} ms ${mbps(enc)} MB/s   decode ${dec.toFixed(3).padStart(8)} ms ${mbps(dec)} MB/s   checkpoint ${String(Buffer.byteLength(stored)).padStart(8)} B of ${inputBytes} B`,
    );
  }
}

/**
 * KMS calls of a real execution on the emulator: 100 encrypted steps, a wait (so a second
 * invocation replays all 100), one more step. `coldEachInvocation` builds the pipeline inside the
 * handler, as a new Lambda container would.
 */
async function kmsCallsOnEmulator(kms: KmsHost, coldEachInvocation: boolean): Promise<string> {
  const client = kms.client(3);
  const build = (): PayloadSerdes => createPayloadSerdes({ encryption: { keyProvider: createKmsKeyProvider({ keyId: 'alias/bench', client }) } });
  const warm = build();
  let invocations = 0;
  const handler = withDurableExecution(async (_event: unknown, context) => {
    invocations += 1;
    const serdes = coldEachInvocation ? build() : warm;
    let total = 0;
    for (let step = 1; step <= 100; step += 1) total += await context.step<number>(`step-${step}`, async () => step, { serdes });
    await context.wait('pause', { seconds: 10 });
    return total + (await context.step<number>('last', async () => 1, { serdes }));
  });
  const before = { generate: kms.calls['GenerateDataKey'] ?? 0, decrypt: kms.calls['Decrypt'] ?? 0 };
  const result = await new DurableTestRunner({ handler }).run({});
  if (result.status !== 'SUCCEEDED' || result.result !== 5051) throw new Error(`bench execution ended ${String(result.status)} with ${JSON.stringify(result.result)}`);
  return `${invocations} invocations, ${(kms.calls['GenerateDataKey'] ?? 0) - before.generate} GenerateDataKey, ${(kms.calls['Decrypt'] ?? 0) - before.decrypt} Decrypt`;
}

async function main(): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'payload-bench-'));
  const kms = await startKmsHost();
  const s3 = await startS3rver();
  try {
    const keyProvider = createLocalKeyProvider({ keyFile: join(work, 'bench.key'), env: {} });
    const fileStore = createFileBlobStore({ directory: join(work, 'blobs') });
    console.log(`Node ${process.versions.node}; medians; MB/s = input JSON bytes per second\n`);
    await throughput('json (value stage only)', { value: 'json' });
    await throughput('extended json', { value: 'extended' });
    await throughput('json + brotli q4', { value: 'json', compression: { algorithm: 'brotli' } });
    await throughput('json + gzip 6', { value: 'json', compression: { algorithm: 'gzip' } });
    if (zstdAvailable()) await throughput('json + zstd 3', { value: 'json', compression: { algorithm: 'zstd' } });
    else console.log('json + zstd                        n/a (zlib.zstdCompressSync needs Node >= 22.15)');
    await throughput('json + aes-256-gcm (local key)', { value: 'json', encryption: { keyProvider } });
    await throughput('json + file offload (cache off)', { value: 'json', offload: { store: fileStore, cacheBytes: 0 } });
    await throughput('ejson+brotli+aes+file offload', { compression: {}, encryption: { keyProvider }, offload: { store: fileStore, cacheBytes: 0 } });

    // KMS calls per execution of 100 encrypted steps.
    kms.createKey('alias/bench');
    const client = kms.client(3);
    const before = { ...kms.calls };
    const fresh = createPayloadSerdes({ encryption: { keyProvider: createKmsKeyProvider({ keyId: 'alias/bench', client }) } });
    const written: Array<string | undefined> = [];
    for (let step = 1; step <= 100; step += 1) {
      const data = await fresh.serialize({ step, card: '4111111111111111' }, context(`${step}`));
      await fresh.deserialize(data, context(`${step}`)); // first-run round trip, as the SDK does
      written.push(data);
    }
    const freshCalls = { generate: (kms.calls['GenerateDataKey'] ?? 0) - (before['GenerateDataKey'] ?? 0), decrypt: (kms.calls['Decrypt'] ?? 0) - (before['Decrypt'] ?? 0) };
    const replay = createPayloadSerdes({ encryption: { keyProvider: createKmsKeyProvider({ keyId: 'alias/bench', client }) } });
    for (const [index, data] of written.entries()) await replay.deserialize(data, context(`${index + 1}`));
    const replayDecrypt = (kms.calls['Decrypt'] ?? 0) - (before['Decrypt'] ?? 0) - freshCalls.decrypt;
    console.log(`\nKMS, execution of 100 encrypted steps + wait + 1 step on the emulator, warm container: ${await kmsCallsOnEmulator(kms, false)}`);
    console.log(`KMS, same execution, pipeline rebuilt each invocation (cold container): ${await kmsCallsOnEmulator(kms, true)}`);
    console.log(`KMS, 100 encrypted steps: fresh run ${freshCalls.generate} GenerateDataKey + ${freshCalls.decrypt} Decrypt; replay in a new process ${replayDecrypt} Decrypt`);

    // S3 requests per offloaded value.
    const store = createS3BlobStore({ bucket: s3.bucket, client: s3.client });
    const writer = createPayloadSerdes({ offload: { store } });
    const big = valueOfSize(400 * 1024);
    const s0 = { ...s3.requests };
    const data = await writer.serialize(big, context('1'));
    await writer.deserialize(data, context('1'));
    const s1 = { ...s3.requests };
    const reader = createPayloadSerdes({ offload: { store } });
    await reader.deserialize(data, context('1'));
    const s2 = { ...s3.requests };
    await reader.deserialize(data, context('1'));
    const s3Final = { ...s3.requests };
    console.log(`S3, one 400 KiB value: write + first-run round trip ${s1.PUT - s0.PUT} PUT / ${s1.GET - s0.GET} GET; replay in a new process ${s2.GET - s1.GET} GET; replay again (warm) ${s3Final.GET - s2.GET} GET`);
  } finally {
    await Promise.all([kms.stop(), s3.stop()]);
    await rm(work, { recursive: true, force: true });
  }
}

await main();
