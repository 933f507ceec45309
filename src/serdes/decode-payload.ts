/**
 * Reading any checkpointed payload outside a handler (a CLI `decode` command, support tooling).
 */
import type { BlobStore } from './blob-store.js';
import type { ValueCodec } from './extended-json.js';
import type { KeyProvider } from './key-provider.js';
import { describePayload, isEnvelopeText } from './envelope.js';
import { executionNameOf } from './offload.js';
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
  /**
   * Read unencrypted payloads too when a key provider is given (default true: a history mixes
   * encrypted steps with plain ones, such as the execution input). Set false to insist on encryption.
   */
  acceptUnencrypted?: boolean;
  /**
   * Key prefix the writer's offload stage used. Default: read from the reference itself, which
   * still has to name this execution and the payload's digest.
   */
  offloadPrefix?: string;
  /** Value codec for plain payloads and custom formats (default: extended JSON, which also reads plain JSON). */
  value?: 'json' | 'extended' | ValueCodec;
}

/** The prefix part of an offload reference's key (`<prefix><execution>/<digest>`), when it has that shape. */
function prefixOf(data: string, context: SerdesContext): string | undefined {
  if (!isEnvelopeText(data)) return undefined;
  let ref: { key: string; sha256: string } | undefined;
  try {
    ref = describePayload(data).offload;
  } catch {
    return undefined; // decoding reports the malformed envelope
  }
  const tail = `${executionNameOf(context.durableExecutionArn)}/${ref?.sha256 ?? ''}`;
  return ref !== undefined && ref.key.endsWith(tail) ? ref.key.slice(0, ref.key.length - tail.length) : undefined;
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
    ...(options.keyProvider === undefined ? {} : { encryption: { keyProvider: options.keyProvider, acceptUnencrypted: options.acceptUnencrypted ?? true } }),
    ...(options.store === undefined ? {} : { offload: { store: options.store, prefix: options.offloadPrefix ?? prefixOf(data, options.context) } }),
  });
  return serdes.deserialize(data, options.context);
}
