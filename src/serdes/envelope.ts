/**
 * The one self-describing payload envelope.
 *
 * A checkpointed payload is either plain value text (JSON / extended JSON, no codec applied) or an
 * envelope: a JSON object whose text starts with `{"$dl":<version>`. The envelope names every
 * codec that was applied, so decoding dispatches on it alone:
 *
 * `{"$dl":1,"f":"ejson","z":"br","e":{"k":"<key id>","w":"<wrapped data key>","i":"<iv>"},"b":"<base64>"}`
 * `{"$dl":1,"f":"json","o":{"k":"<blob key>","h":"<sha256 hex>","n":<bytes>},"z":"gzip"}`
 *
 * Exactly one of `t` (text), `b` (base64 bytes) or `o` (offloaded blob reference) holds the data.
 */
import { PayloadFormatError } from './errors.js';

/** Current envelope version. */
export const ENVELOPE_VERSION = 1;
/** Every envelope's text starts with this prefix; plain values that would too are wrapped. */
export const ENVELOPE_PREFIX = '{"$dl":';

/** Compression algorithms an envelope can name. */
export type CompressionAlgorithm = 'br' | 'gzip' | 'zstd';

/** How a payload was encrypted. */
export interface EnvelopeEncryption {
  /** Key id reported by the key provider (KMS key ARN), kept so old payloads decrypt after rotation. */
  k: string;
  /** Wrapped (encrypted) data key, base64. */
  w: string;
  /** AES-GCM IV, base64 (12 bytes). The 16-byte tag ends the ciphertext. */
  i: string;
}

/** Reference to an offloaded blob. */
export interface EnvelopeBlobRef {
  /** Store key. */
  k: string;
  /** sha256 of the stored bytes, hex. */
  h: string;
  /** Stored size in bytes. */
  n: number;
}

/** Parsed envelope (version 1). */
export interface Envelope {
  $dl: number;
  /** Value format: `json`, `ejson` or a custom codec name. */
  f: string;
  z?: CompressionAlgorithm;
  e?: EnvelopeEncryption;
  t?: string;
  b?: string;
  o?: EnvelopeBlobRef;
}

/** True when the payload text is an envelope (by prefix, the same rule the encoder uses). */
export function isEnvelopeText(data: string): boolean {
  return data.startsWith(ENVELOPE_PREFIX);
}

/** Writes an envelope with a stable field order. */
export function formatEnvelope(envelope: Omit<Envelope, '$dl'>): string {
  const ordered: Envelope = { $dl: ENVELOPE_VERSION, f: envelope.f };
  if (envelope.z !== undefined) ordered.z = envelope.z;
  if (envelope.e !== undefined) ordered.e = envelope.e;
  if (envelope.o !== undefined) ordered.o = envelope.o;
  if (envelope.t !== undefined) ordered.t = envelope.t;
  if (envelope.b !== undefined) ordered.b = envelope.b;
  return JSON.stringify(ordered);
}

const isString = (v: unknown): v is string => typeof v === 'string';
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Parses and validates envelope text.
 *
 * @throws PayloadFormatError when the text is truncated, corrupted or of an unknown version.
 */
export function parseEnvelope(data: string, operationId: string | undefined): Envelope {
  const fail = (what: string, cause?: unknown): never => {
    throw new PayloadFormatError(
      `Cannot decode the payload of operation "${operationId ?? '?'}": ${what}. The checkpointed payload was altered or written by another tool; it cannot be recovered by retrying.`,
      { operationId, cause },
    );
  };
  let raw: unknown;
  try {
    raw = JSON.parse(data);
  } catch (error) {
    return fail(`the envelope is truncated or corrupted (${data.length} characters, not valid JSON)`, error);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return fail('the envelope is not an object');
  const env = raw as Record<string, unknown>;
  if (env['$dl'] !== ENVELOPE_VERSION) {
    return fail(`unknown envelope version ${JSON.stringify(env['$dl'])} (this version of durable-lambda reads version ${ENVELOPE_VERSION}); upgrade durable-lambda to read it`);
  }
  if (!isString(env['f'])) fail('the envelope has no value format');
  const z = env['z'];
  if (z !== undefined && z !== 'br' && z !== 'gzip' && z !== 'zstd') fail(`unknown compression ${JSON.stringify(z)}`);
  const e = env['e'] as Record<string, unknown> | undefined;
  if (e !== undefined && (typeof e !== 'object' || e === null || !isString(e['k']) || !isString(e['w']) || !isString(e['i']) || !BASE64.test(e['w']) || !BASE64.test(e['i']))) {
    fail('the encryption header is incomplete');
  }
  const o = env['o'] as Record<string, unknown> | undefined;
  if (o !== undefined && (typeof o !== 'object' || o === null || !isString(o['k']) || !isString(o['h']) || !/^[0-9a-f]{64}$/.test(o['h']) || !Number.isSafeInteger(o['n']) || (o['n'] as number) < 0)) {
    fail('the blob reference is incomplete');
  }
  const holders = [env['t'], env['b'], o].filter((v) => v !== undefined).length;
  if (holders !== 1) fail('the envelope must hold exactly one of text, bytes or a blob reference');
  if (env['t'] !== undefined && !isString(env['t'])) fail('the text data is not a string');
  if (env['b'] !== undefined && (!isString(env['b']) || !BASE64.test(env['b']))) fail('the byte data is not base64');
  if (env['t'] !== undefined && (z !== undefined || e !== undefined)) fail('text data cannot be compressed or encrypted');
  return env as unknown as Envelope;
}

/** What a payload is, readable without keys or stores (for tools such as a `decode` command). */
export interface PayloadDescription {
  /** `plain`: value text with no codec; `envelope`: see the other fields. */
  kind: 'plain' | 'envelope';
  /** Size of the checkpointed text, in UTF-8 bytes. */
  checkpointBytes: number;
  version?: number;
  format?: string;
  compression?: CompressionAlgorithm;
  encryption?: { keyId: string };
  offload?: { key: string; sha256: string; bytes: number };
}

/**
 * Describes a checkpointed payload without decoding it (no keys or stores needed).
 *
 * @example
 * ```ts
 * describePayload(operation.StepDetails?.Result ?? '');
 * // { kind: 'envelope', version: 1, format: 'ejson', compression: 'br', encryption: { keyId: 'arn:aws:kms:...' }, ... }
 * ```
 */
export function describePayload(data: string): PayloadDescription {
  const checkpointBytes = Buffer.byteLength(data, 'utf8');
  if (!isEnvelopeText(data)) return { kind: 'plain', checkpointBytes };
  const env = parseEnvelope(data, undefined);
  const description: PayloadDescription = { kind: 'envelope', checkpointBytes, version: env.$dl, format: env.f };
  if (env.z !== undefined) description.compression = env.z;
  if (env.e !== undefined) description.encryption = { keyId: env.e.k };
  if (env.o !== undefined) description.offload = { key: env.o.k, sha256: env.o.h, bytes: env.o.n };
  return description;
}
