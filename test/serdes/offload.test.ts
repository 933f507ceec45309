import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileBlobStore } from '../../src/serdes/blob-store.js';
import { describePayload } from '../../src/serdes/envelope.js';
import { BlobNotFoundError, BlobStoreError, PayloadConfigurationError, PayloadIntegrityError } from '../../src/serdes/errors.js';
import { DEFAULT_OFFLOAD_THRESHOLD_BYTES, executionNameOf } from '../../src/serdes/offload.js';
import { createPayloadSerdes } from '../../src/serdes/payload-serdes.js';
import { ARN, ctx, memoryBlobStore, memoryKeyProvider, noise } from './memory-ports.js';

describe('offload codec', () => {
  it('offloads payloads over the threshold under a content-addressed key, one put and no get on the round trip', async () => {
    const store = memoryBlobStore();
    const serdes = createPayloadSerdes({ offload: { store } });
    const value = { report: noise(300 * 1024) };
    const data = (await serdes.serialize(value, ctx('7'))) as string;
    expect(Buffer.byteLength(data)).toBeLessThan(300);
    const ref = describePayload(data).offload;
    expect(ref?.key).toMatch(/^durable-lambda\/exec-1\/[0-9a-f]{64}$/);
    expect(store.blobs.has(ref?.key ?? '')).toBe(true);
    expect(await serdes.deserialize(data, ctx('7'))).toEqual(value);
    expect(store.calls).toEqual({ put: 1, get: 0 });
    // Another process reads it once; the digest is verified.
    const reader = createPayloadSerdes({ offload: { store } });
    expect(await reader.deserialize(data, ctx('7'))).toEqual(value);
    expect(await reader.deserialize(data, ctx('7'))).toEqual(value);
    expect(store.calls.get).toBe(1);
    expect(reader.stats.offload).toEqual({ puts: 0, gets: 1, cacheHits: 1 });
  });

  it('keeps small payloads inline and leaves room under 256 KiB by default', async () => {
    const store = memoryBlobStore();
    const serdes = createPayloadSerdes({ offload: { store } });
    expect(await serdes.serialize({ small: 1 }, ctx('1'))).toBe('{"small":1}');
    expect(DEFAULT_OFFLOAD_THRESHOLD_BYTES).toBeLessThan(256 * 1024);
    const justUnder = noise(DEFAULT_OFFLOAD_THRESHOLD_BYTES - 2);
    expect(describePayload((await serdes.serialize(justUnder, ctx('1'))) as string).kind).toBe('plain');
    expect(store.calls.put).toBe(0);
  });

  it('stores the compressed, encrypted bytes, so the blob is useless without the key', async () => {
    const store = memoryBlobStore();
    const serdes = createPayloadSerdes({ compression: {}, encryption: { keyProvider: memoryKeyProvider() }, offload: { store, thresholdBytes: 1000 } });
    const value = { rows: Array.from({ length: 500 }, (_, i) => ({ i, email: `user${i}@example.com` })) };
    const data = (await serdes.serialize(value, ctx('2'))) as string;
    const blob = Buffer.from([...store.blobs.values()][0] ?? []);
    expect(blob.toString('latin1')).not.toContain('example.com');
    expect(describePayload(data)).toMatchObject({ compression: 'br', offload: { bytes: blob.length } });
    expect(await serdes.deserialize(data, ctx('2'))).toEqual(value);
  });

  it('detects a blob that does not match its digest', async () => {
    const store = memoryBlobStore();
    const data = await createPayloadSerdes({ offload: { store, thresholdBytes: 10 } }).serialize('x'.repeat(100), ctx('4'));
    const [key, bytes] = [...store.blobs][0] ?? ['', new Uint8Array()];
    const altered = Uint8Array.from(bytes);
    altered[5] = 65;
    store.blobs.set(key, altered);
    const error = await createPayloadSerdes({ offload: { store } }).deserialize(data, ctx('4')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PayloadIntegrityError);
    expect((error as PayloadIntegrityError).message).toMatch(/operation "4".*does not match its checkpointed digest/);
    expect((error as PayloadIntegrityError).retryable).toBe(false);
  });

  it('reports a missing blob as permanent and a failing store as retryable', async () => {
    const store = memoryBlobStore();
    const data = await createPayloadSerdes({ offload: { store, thresholdBytes: 10 } }).serialize('y'.repeat(100), ctx('5'));
    store.failNext = new Error('ECONNRESET');
    const reader = createPayloadSerdes({ offload: { store } });
    const transient = await reader.deserialize(data, ctx('5')).catch((e: unknown) => e);
    expect(transient).toBeInstanceOf(BlobStoreError);
    expect(transient).toMatchObject({ retryable: true, scope: 'INVOCATION', operationId: '5' });
    store.blobs.clear();
    const missing = await reader.deserialize(data, ctx('5')).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(BlobNotFoundError);
    expect(missing).toMatchObject({ retryable: false, operationId: '5' });
    store.failNext = new Error('ETIMEDOUT');
    await expect(createPayloadSerdes({ offload: { store, thresholdBytes: 10 } }).serialize('z'.repeat(100), ctx('6'))).rejects.toMatchObject({ name: 'BlobStoreError', retryable: true });
  });

  it('names paths after the execution and rejects unsafe prefixes', () => {
    expect(executionNameOf(ARN)).toBe('exec-1');
    expect(executionNameOf('not an arn')).toMatch(/^[0-9a-f]{32}$/);
    expect(() => createPayloadSerdes({ offload: { store: memoryBlobStore(), prefix: '../x/' } })).toThrow(PayloadConfigurationError);
  });
});

describe('file blob store', () => {
  let directory = '';
  beforeEach(async () => { directory = await mkdtemp(join(tmpdir(), 'blobs-')); });
  afterEach(async () => { await rm(directory, { recursive: true, force: true }); });

  it('round-trips offloaded payloads through files, atomically', async () => {
    const store = createFileBlobStore({ directory });
    const serdes = createPayloadSerdes({ offload: { store, thresholdBytes: 100, cacheBytes: 0 } });
    const value = { text: 'é'.repeat(1000) };
    const data = (await serdes.serialize(value, ctx('1'))) as string;
    expect(await serdes.deserialize(data, ctx('1'))).toEqual(value);
    const files = await readdir(join(directory, 'durable-lambda', 'exec-1'));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^[0-9a-f]{64}$/);
    await writeFile(join(directory, 'durable-lambda', 'exec-1', files[0] ?? ''), 'tampered');
    await expect(serdes.deserialize(data, ctx('1'))).rejects.toBeInstanceOf(PayloadIntegrityError);
    await store.delete?.(describePayload(data).offload?.key ?? '');
    await expect(serdes.deserialize(data, ctx('1'))).rejects.toBeInstanceOf(BlobNotFoundError);
  });

  it('refuses keys that escape its directory', async () => {
    const store = createFileBlobStore({ directory });
    await expect(store.get('../outside')).rejects.toThrow(/escapes the store directory/);
    await expect(store.put('', new Uint8Array())).rejects.toThrow(/escapes/);
  });
});
