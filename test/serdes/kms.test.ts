import { DecryptCommand, DescribeKeyCommand, EncryptCommand } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKmsKeyProvider } from '../../src/kms.js';
import { describePayload } from '../../src/serdes/envelope.js';
import { DecryptionFailedError, KeyProviderError } from '../../src/serdes/errors.js';
import { createPayloadSerdes } from '../../src/serdes/payload-serdes.js';
import { startKmsHost, type KmsHost } from '../support/kms-host.js';
import { ctx } from './memory-ports.js';

let kms: KmsHost;
beforeAll(async () => { kms = await startKmsHost(); });
afterAll(async () => { await kms.stop(); });

const errorOf = (promise: Promise<unknown>): Promise<unknown> => promise.then(() => undefined, (e: unknown) => e);

describe('KMS test host (real @aws-sdk/client-kms)', () => {
  it('speaks JSON 1.1 and binds the encryption context', async () => {
    const keyArn = kms.createKey('alias/host-check');
    const client = kms.client();
    const sealed = await client.send(new EncryptCommand({ KeyId: 'alias/host-check', Plaintext: Buffer.from('hi'), EncryptionContext: { a: '1' } }));
    expect(sealed.KeyId).toBe(keyArn);
    const opened = await client.send(new DecryptCommand({ CiphertextBlob: sealed.CiphertextBlob, EncryptionContext: { a: '1' } }));
    expect(Buffer.from(opened.Plaintext ?? []).toString()).toBe('hi');
    const wrongContext = await errorOf(client.send(new DecryptCommand({ CiphertextBlob: sealed.CiphertextBlob, EncryptionContext: { a: '2' } })));
    expect((wrongContext as Error).name).toBe('InvalidCiphertextException');
    const described = await client.send(new DescribeKeyCommand({ KeyId: keyArn }));
    expect(described.KeyMetadata?.Enabled).toBe(true);
    expect(((await errorOf(client.send(new DescribeKeyCommand({ KeyId: 'alias/none' })))) as Error).name).toBe('NotFoundException');
  });
});

describe('KMS key provider', () => {
  it('encrypts 100 steps with one GenerateDataKey, and a replay with one Decrypt', async () => {
    const keyArn = kms.createKey('alias/payloads');
    const client = kms.client();
    const before = { generate: kms.calls['GenerateDataKey'] ?? 0, decrypt: kms.calls['Decrypt'] ?? 0 };
    const keyProvider = createKmsKeyProvider({ keyId: 'alias/payloads', client, encryptionContext: { app: 'orders' } });
    const serdes = createPayloadSerdes({ encryption: { keyProvider } });
    const written: Array<string | undefined> = [];
    for (let i = 1; i <= 100; i += 1) {
      const data = await serdes.serialize({ step: i, ssn: '123-45-6789' }, ctx(`${i}`));
      expect(await serdes.deserialize(data, ctx(`${i}`))).toEqual({ step: i, ssn: '123-45-6789' });
      written.push(data);
    }
    expect(describePayload(written[0] ?? '').encryption?.keyId).toBe(keyArn);
    expect((kms.calls['GenerateDataKey'] ?? 0) - before.generate).toBe(1);
    expect((kms.calls['Decrypt'] ?? 0) - before.decrypt).toBe(0);
    const replay = createPayloadSerdes({ encryption: { keyProvider: createKmsKeyProvider({ keyId: 'alias/payloads', client, encryptionContext: { app: 'orders' } }) } });
    for (const [index, data] of written.entries()) expect(await replay.deserialize(data, ctx(`${index + 1}`))).toEqual({ step: index + 1, ssn: '123-45-6789' });
    expect((kms.calls['Decrypt'] ?? 0) - before.decrypt).toBe(1);
  });

  it('fails with a permanent error for a disabled key, on write and on read', async () => {
    const keyArn = kms.createKey();
    const keyProvider = createKmsKeyProvider({ keyId: keyArn, client: kms.client() });
    const data = await createPayloadSerdes({ encryption: { keyProvider } }).serialize('secret', ctx('1'));
    kms.disableKey(keyArn);
    const onWrite = await errorOf(createPayloadSerdes({ encryption: { keyProvider } }).serialize('x', ctx('2')));
    expect(onWrite).toBeInstanceOf(KeyProviderError);
    expect(onWrite).toMatchObject({ retryable: false, scope: 'EXECUTION', providerErrorName: 'DisabledException', operationId: '2' });
    expect((onWrite as Error).message).toMatch(/KMS GenerateDataKey .* DisabledException.*is enabled/);
    const onRead = await errorOf(createPayloadSerdes({ encryption: { keyProvider } }).deserialize(data, ctx('1')));
    expect(onRead).toMatchObject({ retryable: false, providerErrorName: 'DisabledException', operationId: '1' });
    kms.enableKey(keyArn);
    expect(await createPayloadSerdes({ encryption: { keyProvider } }).deserialize(data, ctx('1'))).toBe('secret');
    kms.scheduleKeyDeletion(keyArn);
    expect(await errorOf(createPayloadSerdes({ encryption: { keyProvider } }).deserialize(data, ctx('1')))).toMatchObject({ retryable: false, providerErrorName: 'KMSInvalidStateException' });
  });

  it('fails with a permanent error for a missing key, the wrong key, or the wrong encryption context', async () => {
    const missing = createKmsKeyProvider({ keyId: 'alias/does-not-exist', client: kms.client() });
    expect(await errorOf(createPayloadSerdes({ encryption: { keyProvider: missing } }).serialize(1, ctx('1')))).toMatchObject({ retryable: false, providerErrorName: 'NotFoundException' });
    const keyA = kms.createKey();
    const keyB = kms.createKey();
    const data = (await createPayloadSerdes({ encryption: { keyProvider: createKmsKeyProvider({ keyId: keyA, client: kms.client(), encryptionContext: { tenant: 't1' } }) } }).serialize(1, ctx('1'))) as string;
    // An envelope edited to claim key B: KMS refuses (IncorrectKeyException).
    const claimsB = data.replace(keyA, keyB);
    const wrongKey = await errorOf(createPayloadSerdes({ encryption: { keyProvider: createKmsKeyProvider({ keyId: keyB, client: kms.client(), encryptionContext: { tenant: 't1' } }) } }).deserialize(claimsB, ctx('1')));
    expect(wrongKey).toMatchObject({ retryable: false, providerErrorName: 'IncorrectKeyException' });
    const wrongContext = await errorOf(createPayloadSerdes({ encryption: { keyProvider: createKmsKeyProvider({ keyId: keyA, client: kms.client(), encryptionContext: { tenant: 't2' } }) } }).deserialize(data, ctx('1')));
    expect(wrongContext).toMatchObject({ retryable: false, providerErrorName: 'InvalidCiphertextException' });
  });

  it('reports throttling and 5xx as retryable, and succeeds once KMS recovers', async () => {
    const keyArn = kms.createKey();
    const keyProvider = createKmsKeyProvider({ keyId: keyArn, client: kms.client() });
    const serdes = createPayloadSerdes({ encryption: { keyProvider } });
    kms.throttleNext(1);
    const throttled = await errorOf(serdes.serialize('v', ctx('1')));
    expect(throttled).toBeInstanceOf(KeyProviderError);
    expect(throttled).toMatchObject({ retryable: true, scope: 'INVOCATION', providerErrorName: 'ThrottlingException' });
    kms.failNext(1, 500);
    expect(await errorOf(serdes.serialize('v', ctx('1')))).toMatchObject({ retryable: true, providerErrorName: 'KMSInternalException' });
    const data = await serdes.serialize('v', ctx('1'));
    const reader = createPayloadSerdes({ encryption: { keyProvider } });
    kms.throttleNext(1);
    expect(await errorOf(reader.deserialize(data, ctx('1')))).toMatchObject({ retryable: true });
    expect(await reader.deserialize(data, ctx('1'))).toBe('v');
    // With the SDK's own retries, a short burst of throttling is absorbed.
    const patient = createPayloadSerdes({ encryption: { keyProvider: createKmsKeyProvider({ keyId: keyArn, client: kms.client(3) }) } });
    kms.throttleNext(2);
    expect(await patient.deserialize(await patient.serialize('w', ctx('2')), ctx('2'))).toBe('w');
  });

  it('reports an unreachable KMS as retryable', async () => {
    const keyProvider = createKmsKeyProvider({ keyId: 'alias/x', clientConfig: { endpoint: 'http://127.0.0.1:9', region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, maxAttempts: 1 } });
    expect(await errorOf(createPayloadSerdes({ encryption: { keyProvider } }).serialize(1, ctx('1')))).toMatchObject({ name: 'KeyProviderError', retryable: true });
  });

  it('decrypts old payloads after the alias moves to a new key (rotation)', async () => {
    const oldKey = kms.createKey('alias/rotating');
    const provider = (): ReturnType<typeof createKmsKeyProvider> => createKmsKeyProvider({ keyId: 'alias/rotating', client: kms.client() });
    const old = await createPayloadSerdes({ encryption: { keyProvider: provider() } }).serialize('before rotation', ctx('1'));
    const newKey = kms.createKey();
    kms.updateAlias('alias/rotating', newKey);
    // The previous key is listed: Decrypt is only called with accepted keys (issue 19 finding 8).
    const serdes = createPayloadSerdes({ encryption: { keyProvider: createKmsKeyProvider({ keyId: 'alias/rotating', decryptKeyIds: [oldKey], client: kms.client() }) } });
    const fresh = await serdes.serialize('after rotation', ctx('2'));
    expect(describePayload(old ?? '').encryption?.keyId).toBe(oldKey);
    expect(describePayload(fresh ?? '').encryption?.keyId).toBe(newKey);
    expect(await serdes.deserialize(old, ctx('1'))).toBe('before rotation');
    expect(await serdes.deserialize(fresh, ctx('2'))).toBe('after rotation');
  });

  it('still binds payloads to their operation under KMS', async () => {
    const keyArn = kms.createKey();
    const serdes = createPayloadSerdes({ encryption: { keyProvider: createKmsKeyProvider({ keyId: keyArn, client: kms.client() }) } });
    const data = await serdes.serialize('mine', ctx('1'));
    await expect(serdes.deserialize(data, ctx('2'))).rejects.toBeInstanceOf(DecryptionFailedError);
  });
});
