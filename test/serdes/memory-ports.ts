/** In-memory KeyProvider and BlobStore fakes for unit tests (counting calls, arming faults). */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { BlobStore } from '../../src/serdes/blob-store.js';
import { KeyProviderError } from '../../src/serdes/errors.js';
import type { KeyProvider } from '../../src/serdes/key-provider.js';

export interface MemoryKeyProvider extends KeyProvider {
  calls: { generate: number; decrypt: number };
  /** Switches the key used for new data keys (rotation); old keys stay known. */
  rotate(): string;
  keyId: string;
  failNext: Error | undefined;
}

export function memoryKeyProvider(): MemoryKeyProvider {
  const masters = new Map<string, Buffer>();
  let counter = 0;
  const addKey = (): string => {
    counter += 1;
    const id = `memory-key-${counter}-${randomBytes(4).toString('hex')}`;
    masters.set(id, randomBytes(32));
    return id;
  };
  const provider: MemoryKeyProvider = {
    calls: { generate: 0, decrypt: 0 },
    keyId: addKey(),
    failNext: undefined,
    rotate: () => { provider.keyId = addKey(); return provider.keyId; },
    async generateDataKey() {
      provider.calls.generate += 1;
      const failure = provider.failNext;
      provider.failNext = undefined;
      if (failure !== undefined) throw failure;
      const master = masters.get(provider.keyId) as Buffer;
      const plaintext = randomBytes(32);
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', master, iv);
      const wrapped = Buffer.concat([iv, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
      return { keyId: provider.keyId, plaintext, wrapped };
    },
    async decryptDataKey({ keyId, wrapped }) {
      provider.calls.decrypt += 1;
      const failure = provider.failNext;
      provider.failNext = undefined;
      if (failure !== undefined) throw failure;
      const master = masters.get(keyId);
      if (master === undefined) throw new KeyProviderError(`unknown key ${keyId}`, { retryable: false, providerErrorName: 'NotFoundException' });
      try {
        const bytes = Buffer.from(wrapped);
        const decipher = createDecipheriv('aes-256-gcm', master, bytes.subarray(0, 12));
        decipher.setAuthTag(bytes.subarray(bytes.length - 16));
        return Buffer.concat([decipher.update(bytes.subarray(12, bytes.length - 16)), decipher.final()]);
      } catch (error) {
        throw new KeyProviderError('wrapped key does not decrypt', { retryable: false, providerErrorName: 'InvalidCiphertextException', cause: error });
      }
    },
  };
  return provider;
}

export interface MemoryBlobStore extends BlobStore {
  blobs: Map<string, Uint8Array>;
  calls: { put: number; get: number };
  failNext: Error | undefined;
}

export function memoryBlobStore(): MemoryBlobStore {
  const store: MemoryBlobStore = {
    blobs: new Map(),
    calls: { put: 0, get: 0 },
    failNext: undefined,
    async put(key, bytes) {
      store.calls.put += 1;
      const failure = store.failNext;
      store.failNext = undefined;
      if (failure !== undefined) throw failure;
      store.blobs.set(key, Uint8Array.from(bytes));
    },
    async get(key) {
      store.calls.get += 1;
      const failure = store.failNext;
      store.failNext = undefined;
      if (failure !== undefined) throw failure;
      const bytes = store.blobs.get(key);
      return bytes === undefined ? undefined : Uint8Array.from(bytes);
    },
  };
  return store;
}

export const ARN = 'arn:aws:lambda:us-east-1:123456789012:function:orders:1/durable-execution/exec-1/inv-1';
export const OTHER_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:orders:1/durable-execution/exec-2/inv-1';
export const ctx = (entityId: string, durableExecutionArn = ARN): { entityId: string; durableExecutionArn: string } => ({ entityId, durableExecutionArn });

/** Text with little redundancy (random base64), so compression cannot shrink it much. */
export function noise(bytes: number): string {
  return randomBytes(Math.ceil((bytes * 3) / 4) + 3).toString('base64').slice(0, bytes);
}
