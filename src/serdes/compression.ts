/**
 * Compression codec: brotli (quality 4 by default, never brotli's slow default 11), gzip, or zstd
 * where the runtime has it (Node >= 22.15). Applied only above a size threshold; the algorithm is
 * recorded in the envelope, so decoding never depends on the current configuration.
 */
import * as zlib from 'node:zlib';
import { PayloadConfigurationError, PayloadFormatError } from './errors.js';
import type { CompressionAlgorithm } from './envelope.js';

/** Compression options of {@link createPayloadSerdes}. */
export interface CompressionOptions {
  /** `brotli` (default), `gzip` or `zstd` (Node >= 22.15 only). */
  algorithm?: 'brotli' | 'gzip' | 'zstd';
  /** Brotli quality 0-11 (default 4), gzip level 1-9 (default 6), zstd level (default 3). */
  level?: number;
  /** Values smaller than this many bytes are not compressed (default 1024). */
  thresholdBytes?: number;
  /** Decompression refuses output larger than this (default 64 MiB), a guard against zip bombs. */
  maxDecompressedBytes?: number;
}

/** A configured compressor. */
export interface Compressor {
  readonly algorithm: CompressionAlgorithm;
  readonly thresholdBytes: number;
  compress(data: Uint8Array): Uint8Array;
}

interface ZstdZlib {
  zstdCompressSync?: (data: Uint8Array, options?: { params?: Record<number, number> }) => Buffer;
  zstdDecompressSync?: (data: Uint8Array, options?: { maxOutputLength?: number }) => Buffer;
  constants: Record<string, number>;
}
const zstd = zlib as unknown as ZstdZlib;

/**
 * True when this runtime can compress with zstd (`zlib.zstdCompressSync`, Node >= 22.15).
 *
 * @example
 * ```ts
 * const serdes = createPayloadSerdes({ compression: { algorithm: zstdAvailable() ? 'zstd' : 'brotli' } });
 * ```
 */
export function zstdAvailable(): boolean {
  return typeof zstd.zstdCompressSync === 'function' && typeof zstd.zstdDecompressSync === 'function';
}

/** Default threshold under which values stay uncompressed. */
export const DEFAULT_COMPRESSION_THRESHOLD_BYTES = 1024;
/** Default brotli quality: fast with a good ratio (brotli's own default, 11, takes ~1.7 s per MB). */
export const DEFAULT_BROTLI_QUALITY = 4;
const DEFAULT_MAX_DECOMPRESSED_BYTES = 64 * 1024 * 1024;

/**
 * Builds a compressor.
 *
 * @throws PayloadConfigurationError for an unknown algorithm, a level out of range, or zstd on a
 * runtime without it.
 * @example
 * ```ts
 * const gzip = createCompressor({ algorithm: 'gzip', level: 6 });
 * ```
 */
export function createCompressor(options: CompressionOptions = {}): Compressor {
  const algorithm = options.algorithm ?? 'brotli';
  const thresholdBytes = options.thresholdBytes ?? DEFAULT_COMPRESSION_THRESHOLD_BYTES;
  const check = (level: number, min: number, max: number): number => {
    if (!Number.isInteger(level) || level < min || level > max) {
      throw new PayloadConfigurationError(`Compression level ${level} is out of range for ${algorithm} (${min}-${max}).`);
    }
    return level;
  };
  switch (algorithm) {
    case 'brotli': {
      const quality = check(options.level ?? DEFAULT_BROTLI_QUALITY, 0, 11);
      return {
        algorithm: 'br',
        thresholdBytes,
        compress: (data) => zlib.brotliCompressSync(data, {
          params: {
            [zlib.constants.BROTLI_PARAM_QUALITY]: quality,
            [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.byteLength,
            [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
          },
        }),
      };
    }
    case 'gzip': {
      const level = check(options.level ?? 6, 1, 9);
      return { algorithm: 'gzip', thresholdBytes, compress: (data) => zlib.gzipSync(data, { level }) };
    }
    case 'zstd': {
      const compressSync = zstd.zstdCompressSync;
      if (compressSync === undefined) {
        throw new PayloadConfigurationError(`zstd compression needs Node >= 22.15 (zlib.zstdCompressSync); this runtime is Node ${process.versions.node}. Use algorithm 'brotli' or 'gzip'.`);
      }
      const level = check(options.level ?? 3, 1, 22);
      const param = zstd.constants['ZSTD_c_compressionLevel'] ?? 100;
      return { algorithm: 'zstd', thresholdBytes, compress: (data) => compressSync(data, { params: { [param]: level } }) };
    }
    default:
      throw new PayloadConfigurationError(`Unknown compression algorithm ${JSON.stringify(algorithm)}; use 'brotli', 'gzip' or 'zstd'.`);
  }
}

/**
 * Decompresses bytes with the algorithm an envelope names.
 *
 * @throws PayloadFormatError when the data is corrupted, over the size guard, or zstd is unavailable.
 */
export function decompress(algorithm: CompressionAlgorithm, data: Uint8Array, operationId: string | undefined, maxBytes = DEFAULT_MAX_DECOMPRESSED_BYTES): Buffer {
  try {
    switch (algorithm) {
      case 'br': return zlib.brotliDecompressSync(data, { maxOutputLength: maxBytes });
      case 'gzip': return zlib.gunzipSync(data, { maxOutputLength: maxBytes });
      case 'zstd': {
        const decompressSync = zstd.zstdDecompressSync;
        if (decompressSync === undefined) {
          throw new PayloadFormatError(`The payload of operation "${operationId ?? '?'}" is zstd-compressed, but this runtime (Node ${process.versions.node}) has no zstd; run on Node >= 22.15.`, { operationId });
        }
        return decompressSync(data, { maxOutputLength: maxBytes });
      }
    }
  } catch (error) {
    if (error instanceof PayloadFormatError) throw error;
    throw new PayloadFormatError(`Cannot decompress the ${algorithm} payload of operation "${operationId ?? '?'}": the data is corrupted or larger than ${maxBytes} bytes decompressed.`, { operationId, cause: error });
  }
}
