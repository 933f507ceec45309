/**
 * Encryption codec: AES-256-GCM under a data key from a {@link KeyProvider}.
 *
 * - One `generateDataKey` per cache window (age and use count), not per payload; concurrent
 *   callers share one request.
 * - Unwrapped data keys are cached by wrapped key, so a replay decrypts with one provider call per
 *   data key.
 * - The execution ARN, the operation id and the envelope header (format, compression, key id) are
 *   the GCM additional data: a ciphertext moved to another operation or execution, or a header
 *   edited, fails authentication.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { DecryptionFailedError, KeyProviderError, PayloadConfigurationError, PayloadError, withOperation } from './errors.js';
import type { EnvelopeEncryption } from './envelope.js';
import type { KeyProvider } from './key-provider.js';
import type { SerdesContext } from './serdes.js';

/** Encryption options of {@link createPayloadSerdes}. */
export interface EncryptionOptions {
  keyProvider: KeyProvider;
  /** How long one data key encrypts new payloads, in ms (default 5 minutes). */
  dataKeyMaxAgeMs?: number;
  /** How many payloads one data key encrypts at most (default 10 000). */
  dataKeyMaxUses?: number;
  /** How many unwrapped data keys stay cached for decryption (default 100). */
  decryptedKeyCacheSize?: number;
  /**
   * Bind the execution ARN and operation id as authenticated data (default true). Turn off only for
   * payloads decoded under another context, e.g. an invoke payload read by the invoked function.
   */
  bindToOperation?: boolean;
  /**
   * Also read payloads that are not encrypted (default false). Without it, a pipeline with
   * encryption refuses plain values and unencrypted envelopes, so a forged checkpoint value needs
   * the key. Turn on only while histories written before encryption was enabled are still replayed.
   */
  acceptUnencrypted?: boolean;
  /** Clock for the cache window (tests). */
  now?: () => number;
}

/** Facts about the data-key cache, for tests and metrics. */
export interface EncryptionStats {
  generateDataKeyCalls: number;
  decryptDataKeyCalls: number;
}

/** The encryption stage of a pipeline. */
export interface Encryptor {
  encrypt(plain: Uint8Array, header: string, context: SerdesContext): Promise<{ data: Buffer; meta: EnvelopeEncryption }>;
  decrypt(data: Uint8Array, meta: EnvelopeEncryption, header: string, context: SerdesContext): Promise<Buffer>;
  readonly stats: EncryptionStats;
}

interface CurrentKey {
  keyId: string;
  key: Buffer;
  wrapped: string;
  createdAt: number;
  uses: number;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Builds the encryption stage.
 *
 * @example
 * ```ts
 * const encryptor = createEncryptor({ keyProvider, dataKeyMaxAgeMs: 60_000 });
 * ```
 */
export function createEncryptor(options: EncryptionOptions): Encryptor {
  const maxAge = options.dataKeyMaxAgeMs ?? 5 * 60_000;
  const maxUses = options.dataKeyMaxUses ?? 10_000;
  const cacheSize = options.decryptedKeyCacheSize ?? 100;
  const bind = options.bindToOperation ?? true;
  const now = options.now ?? Date.now;
  if (!(maxAge > 0) || !(maxUses >= 1) || !(cacheSize >= 1)) {
    throw new PayloadConfigurationError('Encryption: dataKeyMaxAgeMs, dataKeyMaxUses and decryptedKeyCacheSize must be positive.');
  }
  const provider = options.keyProvider;
  const stats: EncryptionStats = { generateDataKeyCalls: 0, decryptDataKeyCalls: 0 };
  let current: CurrentKey | undefined;
  let pending: Promise<CurrentKey> | undefined;
  // Insertion-ordered map used as an LRU: wrapped key (base64) -> unwrapped key.
  const unwrapped = new Map<string, Promise<Buffer>>();

  const remember = (wrapped: string, key: Promise<Buffer>): void => {
    unwrapped.delete(wrapped);
    unwrapped.set(wrapped, key);
    while (unwrapped.size > cacheSize) unwrapped.delete(unwrapped.keys().next().value as string);
  };

  const freshKey = async (): Promise<CurrentKey> => {
    stats.generateDataKeyCalls += 1;
    const dataKey = await provider.generateDataKey();
    if (dataKey.plaintext.byteLength !== 32) {
      throw new PayloadConfigurationError(`The key provider returned a ${dataKey.plaintext.byteLength}-byte data key; AES-256-GCM needs 32 bytes.`);
    }
    const key = Buffer.from(dataKey.plaintext);
    const wrapped = Buffer.from(dataKey.wrapped).toString('base64');
    remember(wrapped, Promise.resolve(key));
    return { keyId: dataKey.keyId, key, wrapped, createdAt: now(), uses: 0 };
  };

  const currentKey = async (): Promise<CurrentKey> => {
    if (current !== undefined && current.uses < maxUses && now() - current.createdAt < maxAge) return current;
    pending ??= freshKey().finally(() => { pending = undefined; });
    const key = await pending;
    current = key;
    return key;
  };

  const aad = (header: string, keyId: string, context: SerdesContext): Buffer =>
    Buffer.from(JSON.stringify(bind ? [header, keyId, context.durableExecutionArn, context.entityId] : [header, keyId]), 'utf8');

  const unwrap = (meta: EnvelopeEncryption): Promise<Buffer> => {
    const cached = unwrapped.get(meta.w);
    if (cached !== undefined) return cached;
    stats.decryptDataKeyCalls += 1;
    const key = provider.decryptDataKey({ keyId: meta.k, wrapped: Buffer.from(meta.w, 'base64') }).then((plain) => Buffer.from(plain));
    remember(meta.w, key);
    // A failed unwrap is not cached: the next read asks the provider again.
    key.catch(() => { if (unwrapped.get(meta.w) === key) unwrapped.delete(meta.w); });
    return key;
  };

  return {
    stats,
    async encrypt(plain, header, context) {
      let key: CurrentKey;
      try {
        key = await currentKey();
      } catch (error) {
        throw providerFailure(error, context.entityId);
      }
      key.uses += 1;
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key.key, iv);
      cipher.setAAD(aad(header, key.keyId, context));
      const data = Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return { data, meta: { k: key.keyId, w: key.wrapped, i: iv.toString('base64') } };
    },
    async decrypt(data, meta, header, context) {
      let key: Buffer;
      try {
        key = await unwrap(meta);
      } catch (error) {
        throw providerFailure(error, context.entityId);
      }
      const iv = Buffer.from(meta.i, 'base64');
      if (iv.length !== IV_BYTES || data.byteLength < TAG_BYTES) {
        throw new DecryptionFailedError(`Cannot decrypt the payload of operation "${context.entityId}": the ciphertext or IV is truncated.`, { operationId: context.entityId });
      }
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, iv);
        decipher.setAAD(aad(header, meta.k, context));
        decipher.setAuthTag(data.subarray(data.byteLength - TAG_BYTES));
        return Buffer.concat([decipher.update(data.subarray(0, data.byteLength - TAG_BYTES)), decipher.final()]);
      } catch (error) {
        throw new DecryptionFailedError(
          `Cannot decrypt the payload of operation "${context.entityId}" in execution ${context.durableExecutionArn}: authentication failed. The ciphertext was tampered with, or it was written by another operation or execution (payloads are bound to both). Retrying cannot help.`,
          { operationId: context.entityId, cause: error },
        );
      }
    },
  };
}

/** Errors from a custom provider that are not payload errors count as transient. */
function providerFailure(error: unknown, operationId: string): unknown {
  if (error instanceof PayloadError) return withOperation(error, operationId);
  const message = error instanceof Error ? error.message : String(error);
  return new KeyProviderError(`The key provider failed for the payload of operation "${operationId}": ${message}`, { operationId, retryable: true, cause: error });
}
