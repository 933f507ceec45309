import { describe, expect, it } from 'vitest';
import { PayloadError, PayloadTooLargeError } from '../../src/serdes/errors.js';
import { MAX_CHECKPOINT_PAYLOAD_BYTES, createPayloadSerdes } from '../../src/serdes/payload-serdes.js';
import { ctx, memoryBlobStore, noise } from './memory-ports.js';

describe('256 KiB guard', () => {
  it('fails at once, naming the operation, the size and the fix; not retryable', async () => {
    const serdes = createPayloadSerdes({ compression: {} });
    const value = noise(300 * 1024);
    const error = await serdes.serialize(value, ctx('4-2')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PayloadTooLargeError);
    const tooLarge = error as PayloadTooLargeError;
    expect(tooLarge.operationId).toBe('4-2');
    expect(tooLarge.limitBytes).toBe(MAX_CHECKPOINT_PAYLOAD_BYTES);
    expect(tooLarge.sizeBytes).toBeGreaterThan(MAX_CHECKPOINT_PAYLOAD_BYTES);
    expect(tooLarge.message).toMatch(/operation "4-2"/);
    expect(tooLarge.message).toMatch(/offload/);
    expect(tooLarge.retryable).toBe(false);
    expect(tooLarge.scope).toBe('EXECUTION');
    expect(tooLarge.isUnrecoverable).toBe(true);
  });

  it('applies to plain JSON too, and accepts a value exactly at the limit', async () => {
    const serdes = createPayloadSerdes({ value: 'json' });
    const atLimit = 'x'.repeat(MAX_CHECKPOINT_PAYLOAD_BYTES - 2);
    expect(await serdes.serialize(atLimit, ctx('1'))).toHaveLength(MAX_CHECKPOINT_PAYLOAD_BYTES);
    await expect(serdes.serialize(`${atLimit}y`, ctx('1'))).rejects.toBeInstanceOf(PayloadTooLargeError);
    // Multi-byte characters count in UTF-8 bytes, as the service counts them.
    await expect(serdes.serialize('é'.repeat(MAX_CHECKPOINT_PAYLOAD_BYTES / 2), ctx('1'))).rejects.toBeInstanceOf(PayloadTooLargeError);
  });

  it('is avoided by offloading, and writes nothing when it fires', async () => {
    const store = memoryBlobStore();
    const offloading = createPayloadSerdes({ offload: { store } });
    const data = await offloading.serialize(noise(300 * 1024), ctx('1'));
    expect(Buffer.byteLength(data as string)).toBeLessThan(1024);
    const strict = createPayloadSerdes({ offload: { store, thresholdBytes: 10 }, maxPayloadBytes: 50 });
    const before = store.blobs.size;
    await expect(strict.serialize('x'.repeat(1000), ctx('1'))).rejects.toSatisfy((e: unknown) => e instanceof PayloadError && /reference is too large/.test(e.message));
    expect(store.blobs.size).toBe(before + 1);
  });

  it('rejects an offload threshold that leaves no room under the limit', () => {
    expect(() => createPayloadSerdes({ offload: { store: memoryBlobStore(), thresholdBytes: MAX_CHECKPOINT_PAYLOAD_BYTES } })).toThrow(/must be below maxPayloadBytes/);
    expect(() => createPayloadSerdes({ offload: { store: memoryBlobStore() }, maxPayloadBytes: 1000 })).toThrow(PayloadError);
  });
});
