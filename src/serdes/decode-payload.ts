/**
 * Reading any checkpointed payload outside a handler (a CLI `decode` command, support tooling).
 */
import type { BlobStore } from './blob-store.js';
import type { ValueCodec } from './extended-json.js';
import type { KeyProvider } from './key-provider.js';
import { createPayloadSerdes } from './payload-serdes.js';
import type { SerdesContext } from './serdes.js';

/** Options of {@link decodePayload}. */
export interface DecodePayloadOptions {
  /** Where the payload was written: its execution ARN and raw operation id (bound into encrypted payloads). */
  context: SerdesContext;
  /** Needed for encrypted payloads. */
  keyProvider?: KeyProvider;
  /** Needed for offloaded payloads. */
  store?: BlobStore;
  /** Value codec for plain payloads and custom formats (default: extended JSON, which also reads plain JSON). */
  value?: 'json' | 'extended' | ValueCodec;
}

/**
 * Decodes a checkpointed payload whatever codecs wrote it; the envelope says which.
 *
 * @example
 * ```ts
 * const value = await decodePayload(operation.StepDetails?.Result ?? '', {
 *   context: { durableExecutionArn, entityId: '2-1' },
 *   keyProvider: createKmsKeyProvider({ keyId: 'alias/payloads' }),
 *   store: createS3BlobStore({ bucket: 'my-payloads' }),
 * });
 * ```
 */
export async function decodePayload(data: string, options: DecodePayloadOptions): Promise<unknown> {
  const serdes = createPayloadSerdes({
    value: options.value ?? 'extended',
    ...(options.keyProvider === undefined ? {} : { encryption: { keyProvider: options.keyProvider } }),
    ...(options.store === undefined ? {} : { offload: { store: options.store } }),
  });
  return serdes.deserialize(data, options.context);
}
