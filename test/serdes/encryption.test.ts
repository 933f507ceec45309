import { describe, expect, it } from 'vitest';
import { describePayload, parseEnvelope } from '../../src/serdes/envelope.js';
import { DecryptionFailedError, KeyProviderError, PayloadConfigurationError } from '../../src/serdes/errors.js';
import { createPayloadSerdes } from '../../src/serdes/payload-serdes.js';
import { ARN, OTHER_ARN, ctx, memoryKeyProvider } from './memory-ports.js';

const secret = { ssn: '123-45-6789', card: '4111111111111111', born: new Date('1990-05-01T00:00:00Z') };

function tamper(data: string, field: 'b' | 'i', at: number): string {
  const env = JSON.parse(data) as Record<string, unknown>;
  const holder = field === 'b' ? env : (env['e'] as Record<string, unknown>);
  const bytes = Buffer.from(holder[field] as string, 'base64');
  const index = at < 0 ? bytes.length + at : at;
  bytes[index] = (bytes[index] ?? 0) ^ 1;
  holder[field] = bytes.toString('base64');
  return JSON.stringify(env);
}

describe('encryption codec', () => {
  it('encrypts with AES-256-GCM: the plaintext never appears, the key id is recorded', async () => {
    const keyProvider = memoryKeyProvider();
    const serdes = createPayloadSerdes({ encryption: { keyProvider } });
    const data = (await serdes.serialize(secret, ctx('1'))) as string;
    expect(data).not.toContain('123-45');
    expect(describePayload(data).encryption).toEqual({ keyId: keyProvider.keyId });
    expect(await serdes.deserialize(data, ctx('1'))).toEqual(secret);
  });

  it('asks the key provider once per cache window, not once per payload', async () => {
    const keyProvider = memoryKeyProvider();
    let now = 0;
    const serdes = createPayloadSerdes({ encryption: { keyProvider, dataKeyMaxAgeMs: 60_000, now: () => now } });
    const written = await Promise.all(Array.from({ length: 100 }, (_, i) => serdes.serialize({ i }, ctx(`${i + 1}`))));
    for (const [i, data] of written.entries()) expect(await serdes.deserialize(data, ctx(`${i + 1}`))).toEqual({ i });
    expect(keyProvider.calls).toEqual({ generate: 1, decrypt: 0 });
    now = 60_001;
    await serdes.serialize({ later: true }, ctx('101'));
    expect(keyProvider.calls.generate).toBe(2);
    // A fresh process (replay) unwraps each data key once.
    const replay = createPayloadSerdes({ encryption: { keyProvider } });
    for (const [i, data] of written.entries()) expect(await replay.deserialize(data, ctx(`${i + 1}`))).toEqual({ i });
    expect(keyProvider.calls.decrypt).toBe(1);
    expect(replay.stats.encryption).toEqual({ generateDataKeyCalls: 0, decryptDataKeyCalls: 1 });
  });

  it('rotates the data key after the configured number of uses', async () => {
    const keyProvider = memoryKeyProvider();
    const serdes = createPayloadSerdes({ encryption: { keyProvider, dataKeyMaxUses: 10 } });
    for (let i = 0; i < 25; i += 1) await serdes.serialize(i, ctx('1'));
    expect(keyProvider.calls.generate).toBe(3);
  });

  it('fails a ciphertext moved to another operation or another execution', async () => {
    const serdes = createPayloadSerdes({ encryption: { keyProvider: memoryKeyProvider() } });
    const data = await serdes.serialize(secret, ctx('2-1'));
    const moved = await serdes.deserialize(data, ctx('2-2')).catch((e: unknown) => e);
    expect(moved).toBeInstanceOf(DecryptionFailedError);
    expect((moved as DecryptionFailedError).message).toMatch(/operation "2-2".*another operation or execution/);
    expect((moved as DecryptionFailedError).retryable).toBe(false);
    await expect(serdes.deserialize(data, ctx('2-1', OTHER_ARN))).rejects.toBeInstanceOf(DecryptionFailedError);
    expect(await serdes.deserialize(data, ctx('2-1', ARN))).toEqual(secret);
  });

  it('fails tampered ciphertext, tag, IV or header', async () => {
    const serdes = createPayloadSerdes({ encryption: { keyProvider: memoryKeyProvider() }, compression: { thresholdBytes: 0 } });
    const data = (await serdes.serialize({ text: 'x'.repeat(500) }, ctx('1'))) as string;
    await expect(serdes.deserialize(tamper(data, 'b', 3), ctx('1'))).rejects.toBeInstanceOf(DecryptionFailedError);
    await expect(serdes.deserialize(tamper(data, 'b', -1), ctx('1'))).rejects.toBeInstanceOf(DecryptionFailedError);
    await expect(serdes.deserialize(tamper(data, 'i', 0), ctx('1'))).rejects.toBeInstanceOf(DecryptionFailedError);
    const relabelled = data.replace('"z":"br"', '"z":"gzip"');
    expect(parseEnvelope(relabelled, '1').z).toBe('gzip');
    await expect(serdes.deserialize(relabelled, ctx('1'))).rejects.toBeInstanceOf(DecryptionFailedError);
    const env = JSON.parse(data) as { b: string };
    const truncated = data.replace(env.b, Buffer.from(env.b, 'base64').subarray(0, 8).toString('base64'));
    await expect(serdes.deserialize(truncated, ctx('1'))).rejects.toThrow(/truncated/);
  });

  it('still reads plain values written before encryption was enabled', async () => {
    const before = createPayloadSerdes();
    const plain = await before.serialize({ order: 7, at: new Date(0) }, ctx('1'));
    // Reading them is an explicit choice (issue 19 finding 5): by default plaintext is refused.
    const strict = createPayloadSerdes({ encryption: { keyProvider: memoryKeyProvider() } });
    await expect(strict.deserialize(plain, ctx('1'))).rejects.toThrow(/acceptUnencrypted/);
    const after = createPayloadSerdes({ encryption: { keyProvider: memoryKeyProvider(), acceptUnencrypted: true } });
    expect(await after.deserialize(plain, ctx('1'))).toEqual({ order: 7, at: new Date(0) });
  });

  it('decrypts payloads written under an older key after rotation', async () => {
    const keyProvider = memoryKeyProvider();
    const first = createPayloadSerdes({ encryption: { keyProvider } });
    const old = await first.serialize('old', ctx('1'));
    const oldKey = keyProvider.keyId;
    keyProvider.rotate();
    const second = createPayloadSerdes({ encryption: { keyProvider } });
    const fresh = await second.serialize('new', ctx('2'));
    expect(describePayload(old as string).encryption?.keyId).toBe(oldKey);
    expect(describePayload(fresh as string).encryption?.keyId).toBe(keyProvider.keyId);
    expect(await second.deserialize(old, ctx('1'))).toBe('old');
    expect(await second.deserialize(fresh, ctx('2'))).toBe('new');
  });

  it('reports key-provider failures with the operation and the right retry class, caching nothing', async () => {
    const keyProvider = memoryKeyProvider();
    const serdes = createPayloadSerdes({ encryption: { keyProvider } });
    keyProvider.failNext = new Error('socket hang up');
    const transient = await serdes.serialize('x', ctx('3')).catch((e: unknown) => e);
    expect(transient).toBeInstanceOf(KeyProviderError);
    expect((transient as KeyProviderError).retryable).toBe(true);
    expect((transient as KeyProviderError).message).toMatch(/operation "3".*socket hang up/);
    const data = await serdes.serialize('x', ctx('3'));
    const reader = createPayloadSerdes({ encryption: { keyProvider } });
    keyProvider.failNext = new KeyProviderError('DisabledException: key disabled', { retryable: false, providerErrorName: 'DisabledException' });
    const permanent = await reader.deserialize(data, ctx('3')).catch((e: unknown) => e);
    expect(permanent).toMatchObject({ retryable: false, scope: 'EXECUTION', operationId: '3', providerErrorName: 'DisabledException' });
    expect(await reader.deserialize(data, ctx('3'))).toBe('x');
  });

  it('shares one data-key request between concurrent payloads, and a failure names each operation', async () => {
    const keyProvider = memoryKeyProvider();
    const serdes = createPayloadSerdes({ encryption: { keyProvider } });
    keyProvider.failNext = new KeyProviderError('ThrottlingException: slow down', { retryable: true, providerErrorName: 'ThrottlingException' });
    const [a, b] = await Promise.all([serdes.serialize(1, ctx('1')).catch((e: unknown) => e), serdes.serialize(2, ctx('2')).catch((e: unknown) => e)]);
    expect(keyProvider.calls.generate).toBe(1);
    expect(a).toMatchObject({ operationId: '1', retryable: true, providerErrorName: 'ThrottlingException' });
    expect(b).toMatchObject({ operationId: '2', retryable: true });
    expect((b as Error).message).toMatch(/operation "2"/);
  });

  it('needs a key provider to read encrypted payloads, and says so', async () => {
    const data = await createPayloadSerdes({ encryption: { keyProvider: memoryKeyProvider() } }).serialize(1, ctx('1'));
    await expect(createPayloadSerdes().deserialize(data, ctx('1'))).rejects.toThrow(PayloadConfigurationError);
    await expect(createPayloadSerdes().deserialize(data, ctx('1'))).rejects.toThrow(/no key provider/);
  });
});
