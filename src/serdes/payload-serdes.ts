/**
 * Composes the payload pipeline into one `Serdes`: value -> text (JSON or extended JSON) ->
 * compress -> encrypt -> offload -> 256 KiB guard. Decoding dispatches on the envelope, so any
 * payload this package wrote (and plain JSON written before a codec was enabled) reads back.
 */
import { createCompressor, decompress, type CompressionOptions, type Compressor } from './compression.js';
import { createEncryptor, type EncryptionOptions, type EncryptionStats, type Encryptor } from './encryption.js';
import { ENVELOPE_VERSION, formatEnvelope, isEnvelopeText, parseEnvelope, type Envelope } from './envelope.js';
import { DecryptionFailedError, PayloadConfigurationError, PayloadError, PayloadFormatError, PayloadSerializationError, PayloadTooLargeError } from './errors.js';
import { createExtendedJson, jsonCodec, type ValueCodec } from './extended-json.js';
import { createOffloader, type OffloadOptions, type OffloadStats, type Offloader } from './offload.js';
import type { SerdesContext } from './serdes.js';

/** The service's per-operation payload limit: 256 KiB. */
export const MAX_CHECKPOINT_PAYLOAD_BYTES = 256 * 1024;

/** Options of {@link createPayloadSerdes}. Every stage is optional. */
export interface PayloadSerdesOptions {
  /** Value stage: `'extended'` (default), `'json'`, or a codec from `createExtendedJson({ classes })`. */
  value?: 'json' | 'extended' | ValueCodec;
  /** Compression stage (off when omitted). */
  compression?: CompressionOptions;
  /** Encryption stage (off when omitted). */
  encryption?: EncryptionOptions;
  /** Offload stage (off when omitted). */
  offload?: OffloadOptions;
  /** Largest checkpointed payload accepted, in UTF-8 bytes (default 256 KiB, the service limit). */
  maxPayloadBytes?: number;
}

/** Counters of the pipeline's calls to its key provider and blob store. */
export interface PayloadStats {
  encryption: EncryptionStats | undefined;
  offload: OffloadStats | undefined;
}

/**
 * A payload pipeline: a `Serdes` for values of any type, plus counters.
 *
 * It accepts any value, and by default claims no particular result type, so it fits `Serdes<T>`
 * for every `T` and, with the official SDK's typings, a step's result type is still inferred from
 * the step function. `createPayloadSerdes<Order>()` types direct `deserialize` calls.
 */
export interface PayloadSerdes<T = never> {
  serialize: (value: unknown, context: SerdesContext) => Promise<string | undefined>;
  deserialize: (data: string | undefined, context: SerdesContext) => Promise<DeserializedValue<T>>;
  readonly stats: PayloadStats;
}

/** `never` for an untyped pipeline (assignable everywhere), else `T | undefined`. */
export type DeserializedValue<T> = [T] extends [never] ? never : T | undefined;

interface Stages {
  codec: ValueCodec;
  compressor: Compressor | undefined;
  encryptor: Encryptor | undefined;
  offloader: Offloader | undefined;
  maxPayloadBytes: number;
  maxDecompressedBytes: number | undefined;
  /** Encryption is configured and `acceptUnencrypted` is not set: plaintext is refused. */
  requireEncrypted: boolean;
}

function unencrypted(operationId: string, what: string): DecryptionFailedError {
  return new DecryptionFailedError(
    `The payload of operation "${operationId}" is ${what}, but this pipeline encrypts its payloads, so an unencrypted one is refused (it could have been written by anyone who can write checkpoints). To read histories written before encryption was enabled, set encryption.acceptUnencrypted: true.`,
    { operationId },
  );
}

const extendedDefault = createExtendedJson();

function valueCodecOf(value: PayloadSerdesOptions['value']): ValueCodec {
  if (value === undefined || value === 'extended') return extendedDefault;
  if (value === 'json') return jsonCodec;
  if (typeof value === 'object' && typeof value.toText === 'function' && typeof value.fromText === 'function') return value;
  throw new PayloadConfigurationError(`Unknown value stage ${JSON.stringify(value)}; use 'json', 'extended' or createExtendedJson({ classes }).`);
}

/** GCM additional data covers the header, so flipping the format or compression fails authentication. */
const headerOf = (format: string, compression: string | undefined): string => JSON.stringify([ENVELOPE_VERSION, format, compression ?? null]);

function valueText(stages: Stages, value: unknown, operationId: string): string {
  try {
    return stages.codec.toText(value, operationId);
  } catch (error) {
    if (error instanceof PayloadError) throw error;
    throw new PayloadSerializationError(`Cannot serialize the value of operation "${operationId}" as ${stages.codec.format}: ${(error as Error).message}. Fix: use the extended value stage or convert the value.`, { operationId, cause: error });
  }
}

/** Value text as checkpointed when no codec applies: as is, unless it could be read as an envelope. */
const plainPayload = (format: string, text: string): string => (isEnvelopeText(text) ? formatEnvelope({ f: format, t: text }) : text);

/** The 256 KiB guard. */
function guardSize(stages: Stages, out: string, operationId: string): string {
  // A UTF-16 code unit takes at most 3 UTF-8 bytes: short text passes without counting its bytes.
  if (out.length * 3 <= stages.maxPayloadBytes) return out;
  const size = Buffer.byteLength(out, 'utf8');
  if (size > stages.maxPayloadBytes) {
    throw new PayloadTooLargeError({ operationId, sizeBytes: size, limitBytes: stages.maxPayloadBytes, offloading: stages.offloader !== undefined });
  }
  return out;
}

/**
 * Encoding of a pipeline with no byte stage (no compression, encryption or offload): synchronous,
 * and the text is never copied into a Buffer. Writes exactly what {@link encode} writes.
 */
function encodeText(stages: Stages, value: unknown, operationId: string): string {
  return guardSize(stages, plainPayload(stages.codec.format, valueText(stages, value, operationId)), operationId);
}

async function encode(stages: Stages, value: unknown, context: SerdesContext): Promise<string> {
  const operationId = context.entityId;
  const text = valueText(stages, value, operationId);
  const f = stages.codec.format;
  // The UTF-8 copy is made only for the stages that work on bytes (offload makes it when it stores).
  let bytes: Buffer | undefined = stages.compressor !== undefined || stages.encryptor !== undefined ? Buffer.from(text, 'utf8') : undefined;
  let z: Envelope['z'];
  let e: Envelope['e'];
  if (stages.compressor !== undefined && bytes !== undefined && bytes.byteLength >= stages.compressor.thresholdBytes) {
    const compressed = stages.compressor.compress(bytes);
    // Keep the result only when it pays for itself; unencrypted it must also beat the base64
    // inflation (4/3) of the envelope, else the plain text is smaller.
    const cost = stages.encryptor === undefined ? Math.ceil(compressed.byteLength / 3) * 4 + 40 : compressed.byteLength;
    if (cost < bytes.byteLength) {
      bytes = Buffer.from(compressed.buffer, compressed.byteOffset, compressed.byteLength);
      z = stages.compressor.algorithm;
    }
  }
  if (stages.encryptor !== undefined && bytes !== undefined) {
    const sealed = await stages.encryptor.encrypt(bytes, headerOf(f, z), context);
    bytes = sealed.data;
    e = sealed.meta;
  }
  const transformed = z !== undefined || e !== undefined;
  let out: string;
  if (transformed && bytes !== undefined) out = formatEnvelope({ f, z, e, b: bytes.toString('base64') });
  else out = plainPayload(f, text);
  if (stages.offloader !== undefined && Buffer.byteLength(out, 'utf8') > stages.offloader.thresholdBytes) {
    const o = await stages.offloader.store(bytes ?? Buffer.from(text, 'utf8'), context);
    out = formatEnvelope({ f, z, e, o });
  }
  return guardSize(stages, out, operationId);
}

function readText(codec: ValueCodec, text: string, operationId: string): unknown {
  try {
    return codec.fromText(text, operationId);
  } catch (error) {
    if (error instanceof PayloadError) throw error;
    throw new PayloadFormatError(`Cannot decode the payload of operation "${operationId}": it is not valid ${codec.format} (${(error as Error).message}); it may be truncated.`, { operationId, cause: error });
  }
}

function codecForFormat(stages: Stages, format: string, operationId: string): ValueCodec {
  if (format === stages.codec.format) return stages.codec;
  if (format === 'json') return jsonCodec;
  if (format === 'ejson') return extendedDefault;
  throw new PayloadFormatError(`The payload of operation "${operationId}" was written with value format "${format}", but this pipeline reads "${stages.codec.format}"; configure the same value codec to read it.`, { operationId });
}

async function decodeEnvelope(stages: Stages, data: string, context: SerdesContext): Promise<unknown> {
  const operationId = context.entityId;
  const env = parseEnvelope(data, operationId);
  if (stages.requireEncrypted && env.e === undefined) throw unencrypted(operationId, 'an unencrypted envelope');
  const codec = codecForFormat(stages, env.f, operationId);
  if (env.t !== undefined) return readText(codec, env.t, operationId);
  let bytes: Buffer;
  if (env.o !== undefined) {
    if (stages.offloader === undefined) {
      throw new PayloadConfigurationError(`The payload of operation "${operationId}" is offloaded to blob "${env.o.k}", but this pipeline has no offload store; configure offload: { store }.`);
    }
    bytes = await stages.offloader.load(env.o, context);
  } else {
    bytes = Buffer.from(env.b ?? '', 'base64');
  }
  if (env.e !== undefined) {
    if (stages.encryptor === undefined) {
      throw new PayloadConfigurationError(`The payload of operation "${operationId}" is encrypted under key ${env.e.k}, but this pipeline has no key provider; configure encryption: { keyProvider }.`);
    }
    bytes = await stages.encryptor.decrypt(bytes, env.e, headerOf(env.f, env.z), context);
  }
  if (env.z !== undefined) bytes = decompress(env.z, bytes, operationId, stages.maxDecompressedBytes);
  return readText(codec, bytes.toString('utf8'), operationId);
}

/**
 * Builds a payload pipeline that implements `Serdes`, for this package and for
 * `@aws/durable-execution-sdk-js` alike.
 *
 * @throws PayloadConfigurationError for invalid options (e.g. zstd on Node 20).
 * @example
 * ```ts
 * import { createKmsKeyProvider } from 'durable-lambda/kms';
 * import { createS3BlobStore } from 'durable-lambda/s3';
 *
 * const payloads = createPayloadSerdes({
 *   compression: { algorithm: 'brotli' },
 *   encryption: { keyProvider: createKmsKeyProvider({ keyId: 'alias/payloads' }) },
 *   offload: { store: createS3BlobStore({ bucket: 'my-payloads' }) },
 * });
 * await context.step('load', () => loadCustomer(id), { serdes: payloads });
 * ```
 */
export function createPayloadSerdes<T = never>(options: PayloadSerdesOptions = {}): PayloadSerdes<T> {
  const maxPayloadBytes = options.maxPayloadBytes ?? MAX_CHECKPOINT_PAYLOAD_BYTES;
  if (!(maxPayloadBytes > 0)) throw new PayloadConfigurationError('maxPayloadBytes must be positive.');
  const stages: Stages = {
    codec: valueCodecOf(options.value),
    compressor: options.compression === undefined ? undefined : createCompressor(options.compression),
    encryptor: options.encryption === undefined ? undefined : createEncryptor(options.encryption),
    offloader: options.offload === undefined ? undefined : createOffloader(options.offload),
    maxPayloadBytes,
    maxDecompressedBytes: options.compression?.maxDecompressedBytes,
    requireEncrypted: options.encryption !== undefined && options.encryption.acceptUnencrypted !== true,
  };
  if (stages.offloader !== undefined && stages.offloader.thresholdBytes >= maxPayloadBytes) {
    throw new PayloadConfigurationError(
      `offload.thresholdBytes (${stages.offloader.thresholdBytes}) must be below maxPayloadBytes (${maxPayloadBytes}), or values between the two could never be checkpointed.`,
    );
  }
  const textOnly = stages.compressor === undefined && stages.encryptor === undefined && stages.offloader === undefined;
  return {
    stats: { encryption: stages.encryptor?.stats, offload: stages.offloader?.stats },
    // Without byte stages nothing awaits: the value stage runs inline, one promise per call.
    serialize: textOnly
      ? async (value, context) => (value === undefined ? undefined : encodeText(stages, value, context.entityId))
      : async (value, context) => (value === undefined ? undefined : encode(stages, value, context)),
    // Plain (non-envelope) text is read inline; only envelopes take the asynchronous path.
    deserialize: async (data, context) => {
      if (data === undefined) return undefined as DeserializedValue<T>;
      if (!isEnvelopeText(data)) {
        if (stages.requireEncrypted) throw unencrypted(context.entityId, 'plain text');
        return readText(stages.codec, data, context.entityId) as DeserializedValue<T>;
      }
      return (await decodeEnvelope(stages, data, context)) as DeserializedValue<T>;
    },
  };
}
