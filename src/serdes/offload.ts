/**
 * Offload codec: payloads over a threshold go to a {@link BlobStore} under a content-addressed key
 * `<prefix><execution name>/<sha256>`; the checkpoint keeps a small reference, and the digest is
 * verified on every read. Content addressing makes a retried put idempotent. Recently written or
 * read blobs stay in a small in-process cache (safe: the digest comes from the checkpoint).
 */
import { createHash } from 'node:crypto';
import type { BlobStore } from './blob-store.js';
import { BlobNotFoundError, BlobStoreError, PayloadConfigurationError, PayloadError, PayloadIntegrityError, withOperation } from './errors.js';
import type { EnvelopeBlobRef } from './envelope.js';
import type { SerdesContext } from './serdes.js';

/** Offload options of {@link createPayloadSerdes}. */
export interface OffloadOptions {
  store: BlobStore;
  /**
   * Payloads whose checkpointed form would exceed this many bytes are offloaded. The default
   * (240 KiB) leaves room under the 256 KiB per-operation limit.
   */
  thresholdBytes?: number;
  /** Key prefix (default `durable-lambda/`). */
  prefix?: string;
  /** Bytes of blobs kept in memory to skip reads on replay (default 16 MiB; 0 disables). */
  cacheBytes?: number;
}

/** Default offload threshold: 240 KiB, 16 KiB under the checkpoint limit. */
export const DEFAULT_OFFLOAD_THRESHOLD_BYTES = 240 * 1024;

/** Counts of store requests, for tests and metrics. */
export interface OffloadStats {
  puts: number;
  gets: number;
  cacheHits: number;
}

/** The offload stage of a pipeline. */
export interface Offloader {
  readonly thresholdBytes: number;
  readonly stats: OffloadStats;
  store(bytes: Uint8Array, context: SerdesContext): Promise<EnvelopeBlobRef>;
  load(ref: EnvelopeBlobRef, context: SerdesContext): Promise<Buffer>;
}

/** Execution name from a durable execution ARN (`...:function:fn:1/durable-execution/<name>/<invocation>`). */
export function executionNameOf(durableExecutionArn: string): string {
  const match = /\/durable-execution\/([^/]+)/.exec(durableExecutionArn);
  const name = match?.[1] ?? createHash('sha256').update(durableExecutionArn).digest('hex').slice(0, 32);
  return name.replace(/[^A-Za-z0-9._-]/g, '_');
}

/**
 * Builds the offload stage.
 *
 * @example
 * ```ts
 * const offloader = createOffloader({ store: createFileBlobStore({ directory: '/tmp/blobs' }) });
 * ```
 */
export function createOffloader(options: OffloadOptions): Offloader {
  const thresholdBytes = options.thresholdBytes ?? DEFAULT_OFFLOAD_THRESHOLD_BYTES;
  const prefix = options.prefix ?? 'durable-lambda/';
  const cacheLimit = options.cacheBytes ?? 16 * 1024 * 1024;
  if (!(thresholdBytes >= 0)) throw new PayloadConfigurationError('Offload: thresholdBytes must be >= 0.');
  if (prefix.includes('..')) throw new PayloadConfigurationError(`Offload: prefix ${JSON.stringify(prefix)} must not contain "..".`);
  const stats: OffloadStats = { puts: 0, gets: 0, cacheHits: 0 };
  const cache = new Map<string, Buffer>();
  let cachedBytes = 0;

  const forget = (key: string): void => {
    const old = cache.get(key);
    if (old !== undefined) { cache.delete(key); cachedBytes -= old.byteLength; }
  };
  const remember = (key: string, bytes: Buffer): void => {
    forget(key);
    if (bytes.byteLength > cacheLimit) return;
    cache.set(key, bytes);
    cachedBytes += bytes.byteLength;
    for (const [oldest, value] of cache) {
      if (cachedBytes <= cacheLimit) break;
      cache.delete(oldest);
      cachedBytes -= value.byteLength;
    }
  };

  const storeFailure = (action: string, key: string, error: unknown, operationId: string): unknown => {
    if (error instanceof PayloadError) return withOperation(error, operationId);
    return new BlobStoreError(`Could not ${action} blob "${key}" for the payload of operation "${operationId}": ${error instanceof Error ? error.message : String(error)}`, { operationId, retryable: true, cause: error });
  };

  return {
    thresholdBytes,
    stats,
    async store(bytes, context) {
      const digest = createHash('sha256').update(bytes).digest('hex');
      const key = `${prefix}${executionNameOf(context.durableExecutionArn)}/${digest}`;
      const copy = Buffer.from(bytes);
      stats.puts += 1;
      try {
        await options.store.put(key, copy);
      } catch (error) {
        throw storeFailure('write', key, error, context.entityId);
      }
      remember(key, copy);
      return { k: key, h: digest, n: copy.byteLength };
    },
    async load(ref, context) {
      // The key is derived, never trusted: a reference copied from another execution (or naming
      // any other object in the store) is refused before the store is asked.
      const expected = `${prefix}${executionNameOf(context.durableExecutionArn)}/${ref.h}`;
      if (ref.k !== expected) {
        const sameDigest = ref.k.endsWith(`/${ref.h}`);
        throw new PayloadIntegrityError(
          `The offloaded payload of operation "${context.entityId}" names blob "${ref.k}", but this execution and the payload's digest give "${expected}": ${sameDigest ? 'the reference belongs to another execution or key prefix' : 'the key does not end with the digest'}. Refused without reading.`,
          { operationId: context.entityId },
        );
      }
      let bytes = cache.get(ref.k);
      if (bytes !== undefined) {
        stats.cacheHits += 1;
      } else {
        stats.gets += 1;
        let got: Uint8Array | undefined;
        try {
          got = await options.store.get(ref.k, { maxBytes: ref.n });
        } catch (error) {
          throw storeFailure('read', ref.k, error, context.entityId);
        }
        if (got === undefined) throw new BlobNotFoundError({ operationId: context.entityId, key: ref.k });
        bytes = Buffer.from(got);
      }
      const digest = createHash('sha256').update(bytes).digest('hex');
      if (digest !== ref.h || bytes.byteLength !== ref.n) {
        forget(ref.k);
        throw new PayloadIntegrityError(
          `The offloaded payload of operation "${context.entityId}" (blob "${ref.k}") does not match its checkpointed digest: expected sha256 ${ref.h} and ${ref.n} bytes, read ${digest} and ${bytes.byteLength} bytes. The blob was modified or replaced in the store; restore it from a backup.`,
          { operationId: context.entityId },
        );
      }
      remember(ref.k, bytes);
      return bytes;
    },
  };
}
