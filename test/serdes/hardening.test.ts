/**
 * Issue 19 findings 5-10 and 16 (file store): the payload pipeline and its ports fail closed.
 * Each test failed on the code before the fix.
 */
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createKmsKeyProvider } from '../../src/kms.js';
import { createS3BlobStore } from '../../src/s3.js';
import { createClassSerdes, createClassSerdesWithDates } from '../../src/serdes/class-serdes.js';
import { createFileBlobStore } from '../../src/serdes/blob-store.js';
import { formatEnvelope } from '../../src/serdes/envelope.js';
import { BlobStoreError, DecryptionFailedError, KeyProviderError, PayloadFormatError, PayloadIntegrityError } from '../../src/serdes/errors.js';
import { createFileSystemSerdes } from '../../src/serdes/filesystem-serdes.js';
import { createPayloadSerdes } from '../../src/serdes/payload-serdes.js';
import { startKmsHost, type KmsHost } from '../support/kms-host.js';
import { startS3rver, type S3rverHandle } from '../support/s3rver.js';
import { ARN, OTHER_ARN, ctx, memoryBlobStore, memoryKeyProvider, noise } from './memory-ports.js';

const errorOf = (promise: Promise<unknown>): Promise<unknown> => promise.then(() => undefined, (e: unknown) => e);

let dir: string;
beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'harden-')); });
afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

describe('finding 5: encryption cannot be downgraded', () => {
  it('refuses plain text and unencrypted envelopes when encryption is configured, unless acceptUnencrypted', async () => {
    const keyProvider = memoryKeyProvider();
    const serdes = createPayloadSerdes({ encryption: { keyProvider } });
    const forgedPlain = await errorOf(serdes.deserialize('{"amount":1000000}', ctx('1')));
    expect(forgedPlain).toBeInstanceOf(DecryptionFailedError);
    expect((forgedPlain as Error).message).toMatch(/plain text.*acceptUnencrypted: true/);
    const forgedEnvelope = formatEnvelope({ f: 'json', b: Buffer.from('{"amount":1}').toString('base64') });
    expect(await errorOf(serdes.deserialize(forgedEnvelope, ctx('1')))).toBeInstanceOf(DecryptionFailedError);
    expect(await errorOf(serdes.deserialize(formatEnvelope({ f: 'json', t: '1' }), ctx('1')))).toBeInstanceOf(DecryptionFailedError);
    // Its own output still reads, and so does old plain data once the user opts in.
    expect(await serdes.deserialize(await serdes.serialize({ a: 1 }, ctx('1')), ctx('1'))).toEqual({ a: 1 });
    const migrating = createPayloadSerdes({ encryption: { keyProvider, acceptUnencrypted: true } });
    expect(await migrating.deserialize('{"old":true}', ctx('1'))).toEqual({ old: true });
    expect(await migrating.deserialize(forgedEnvelope, ctx('1'))).toEqual({ amount: 1 });
  });
});

describe('finding 6: offload references are bound to their execution', () => {
  it("refuses a reference to another execution's blob, naming the failed check", async () => {
    const store = memoryBlobStore();
    const serdes = createPayloadSerdes({ offload: { store, thresholdBytes: 100 } });
    const value = noise(1000);
    const ofA = (await serdes.serialize(value, ctx('1', ARN))) as string;
    const reader = createPayloadSerdes({ offload: { store, thresholdBytes: 100 } });
    const error = await errorOf(reader.deserialize(ofA, ctx('1', OTHER_ARN)));
    expect(error).toBeInstanceOf(PayloadIntegrityError);
    expect((error as Error).message).toMatch(/another execution/);
    expect(store.calls.get).toBe(0);
    const ref = JSON.parse(ofA) as { o: { k: string; h: string; n: number } };
    const elsewhere = formatEnvelope({ f: 'ejson', o: { ...ref.o, k: 'secrets/other' } });
    expect((await errorOf(reader.deserialize(elsewhere, ctx('1', ARN))) as Error).message).toMatch(/does not end with the digest/);
    expect(await reader.deserialize(ofA, ctx('1', ARN))).toBe(value);
  });
});

describe('finding 7 and 16: blob reads are bounded and stay in the store', () => {
  const refTo = (key: string, n: number): string => formatEnvelope({ f: 'json', o: { k: key, h: key.split('/').pop() ?? '', n } });
  const digest = 'a'.repeat(64);

  it('refuses a file larger than its reference before reading it', async () => {
    const store = createFileBlobStore({ directory: dir });
    await mkdir(join(dir, 'durable-lambda', 'exec-1'), { recursive: true });
    await writeFile(join(dir, 'durable-lambda', 'exec-1', digest), Buffer.alloc(4 * 1024 * 1024));
    const serdes = createPayloadSerdes({ offload: { store } });
    const error = await errorOf(serdes.deserialize(refTo(`durable-lambda/exec-1/${digest}`, 10), ctx('1')));
    expect(error).toMatchObject({ name: 'BlobStoreError', retryable: false });
    expect((error as Error).message).toMatch(/holds 4194304 bytes but its reference allows at most 10/);
    await expect(store.get(`durable-lambda/exec-1/${digest}`, { maxBytes: 10 })).rejects.toBeInstanceOf(BlobStoreError);
  });

  it('does not follow a link to /dev/zero, nor a folder that links out of the store (reads and writes)', async () => {
    const store = createFileBlobStore({ directory: dir });
    await mkdir(join(dir, 'durable-lambda', 'exec-1'), { recursive: true });
    await symlink('/dev/zero', join(dir, 'durable-lambda', 'exec-1', digest));
    const started = Date.now();
    expect(await errorOf(store.get(`durable-lambda/exec-1/${digest}`, { maxBytes: 10 }))).toMatchObject({ name: 'BlobStoreError', retryable: false });
    expect(await errorOf(store.get(`durable-lambda/exec-1/${digest}`))).toMatchObject({ name: 'BlobStoreError', retryable: false });
    expect(Date.now() - started).toBeLessThan(2_000);
    const outside = await mkdtemp(join(tmpdir(), 'harden-outside-'));
    try {
      await writeFile(join(outside, 'secret'), 'top secret');
      await symlink(outside, join(dir, 'escape'));
      expect(await errorOf(store.get('escape/secret'))).toMatchObject({ name: 'BlobStoreError', retryable: false });
      expect(await errorOf(store.put('escape/new', Buffer.from('x')))).toMatchObject({ name: 'BlobStoreError', retryable: false });
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it('reports a directory at a key as permanent (finding 16)', async () => {
    const store = createFileBlobStore({ directory: dir });
    await mkdir(join(dir, 'a-directory'));
    expect(await errorOf(store.get('a-directory'))).toMatchObject({ name: 'BlobStoreError', retryable: false });
  });
});

describe('finding 7: S3 reads are bounded by the reference', () => {
  let s3: S3rverHandle;
  beforeAll(async () => { s3 = await startS3rver('harden'); });
  afterAll(async () => { await s3.stop(); });

  it('refuses an object larger than the reference from its ContentLength', async () => {
    const store = createS3BlobStore({ bucket: s3.bucket, client: s3.client });
    await store.put('big', Buffer.alloc(2 * 1024 * 1024, 1));
    const error = await errorOf(store.get('big', { maxBytes: 10 }));
    expect(error).toMatchObject({ name: 'BlobStoreError', retryable: false });
    expect((error as Error).message).toMatch(/allows at most 10/);
    expect((await store.get('big', { maxBytes: 2 * 1024 * 1024 }))?.byteLength).toBe(2 * 1024 * 1024);
  });
});

describe('finding 8: KMS Decrypt only with the configured keys', () => {
  let kms: KmsHost;
  beforeAll(async () => { kms = await startKmsHost(); });
  afterAll(async () => { await kms.stop(); });

  it("never calls Decrypt with the key an envelope names; an attacker's key is refused", async () => {
    kms.createKey('alias/mine');
    kms.createKey('alias/attacker');
    const attacker = createPayloadSerdes({ encryption: { keyProvider: createKmsKeyProvider({ keyId: 'alias/attacker', client: kms.client() }) } });
    const forged = await attacker.serialize({ amount: 1 }, ctx('1'));
    const mine = createPayloadSerdes({ encryption: { keyProvider: createKmsKeyProvider({ keyId: 'alias/mine', client: kms.client() }) } });
    const error = await errorOf(mine.deserialize(forged, ctx('1')));
    expect(error).toBeInstanceOf(KeyProviderError);
    expect(error).toMatchObject({ retryable: false });
    expect((error as Error).message).toMatch(/not one of the accepted keys \(alias\/mine\)/);
    // Discovery is an explicit choice.
    const discovering = createPayloadSerdes({ encryption: { keyProvider: createKmsKeyProvider({ keyId: 'alias/mine', discovery: true, client: kms.client() }) } });
    expect(await discovering.deserialize(forged, ctx('1'))).toEqual({ amount: 1 });
  });

  it('reads payloads under a previous key listed in decryptKeyIds (rotation)', async () => {
    const oldKey = kms.createKey('alias/rot');
    const old = await createPayloadSerdes({ encryption: { keyProvider: createKmsKeyProvider({ keyId: 'alias/rot', client: kms.client() }) } }).serialize('old', ctx('1'));
    kms.updateAlias('alias/rot', kms.createKey());
    const without = createPayloadSerdes({ encryption: { keyProvider: createKmsKeyProvider({ keyId: 'alias/rot', client: kms.client() }) } });
    expect(await errorOf(without.deserialize(old, ctx('1')))).toBeInstanceOf(KeyProviderError);
    const withList = createPayloadSerdes({ encryption: { keyProvider: createKmsKeyProvider({ keyId: 'alias/rot', decryptKeyIds: [oldKey], client: kms.client() }) } });
    expect(await withList.deserialize(old, ctx('1'))).toBe('old');
  });
});

describe('finding 9: createFileSystemSerdes stays in its base path', () => {
  it('refuses paths outside the base path and does not echo file contents', async () => {
    const base = join(dir, 'base');
    await mkdir(base);
    await writeFile(join(dir, 'outside.json'), '{"secret":1}');
    const serdes = createFileSystemSerdes(base);
    for (const file of [join(dir, 'outside.json'), `${base}/../outside.json`, '/etc/hostname']) {
      const error = await errorOf(serdes.deserialize(JSON.stringify({ file }), ctx('1')));
      expect(error).toBeInstanceOf(PayloadFormatError);
      expect((error as Error).message).toMatch(/outside the base path/);
    }
    await writeFile(join(base, 'bad.json'), 'root:x:0:0:secret-first-bytes');
    const error = await errorOf(serdes.deserialize(JSON.stringify({ file: join(base, 'bad.json') }), ctx('1')));
    expect(error).toBeInstanceOf(PayloadFormatError);
    const cause = (error as Error).cause;
    const text = `${(error as Error).message} ${cause instanceof Error ? cause.message : ''}`;
    expect(text).not.toContain('root:x');
    // Its own files still read.
    expect(await serdes.deserialize(await serdes.serialize({ ok: 1 }, ctx('1')), ctx('1'))).toEqual({ ok: 1 });
  });
});

describe('finding 10: createClassSerdes keeps the prototype', () => {
  class User { name = ''; greet(): string { return `hi ${this.name}`; } }
  it('makes "__proto__" an own data property', async () => {
    for (const serdes of [createClassSerdes(User), createClassSerdesWithDates(User, ['when'])]) {
      const user = (await serdes.deserialize('{"name":"a","__proto__":{"greet":1,"isAdmin":true}}', ctx('1'))) as User & { isAdmin?: boolean };
      expect(Object.getPrototypeOf(user)).toBe(User.prototype);
      expect(user).toBeInstanceOf(User);
      expect(user.greet()).toBe('hi a');
      expect(user.isAdmin).toBeUndefined();
      expect(Object.hasOwn(user, '__proto__')).toBe(true);
    }
  });
});
