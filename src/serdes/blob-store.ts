/**
 * The BlobStore port (where offloaded payloads live) and the filesystem adapter (EFS or a local
 * directory). The S3 adapter is `createS3BlobStore` in `durable-lambda/s3`.
 */
import { constants } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { mkdir, open, realpath, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { BlobStoreError, PayloadConfigurationError } from './errors.js';

/** Options of {@link BlobStore.get}. */
export interface BlobReadOptions {
  /**
   * Largest blob the caller accepts, in bytes (the size its reference records). A store that
   * knows the stored size refuses a larger blob before reading it, and never reads more.
   */
  maxBytes?: number;
}

/**
 * Stores offloaded payload bytes under string keys.
 *
 * `get` resolves `undefined` when the key does not exist. Other failures throw; throw a
 * `BlobStoreError` with `retryable` set when you know whether a retry can help (unknown errors
 * count as retryable). Honour `maxBytes` when you can: the pipeline checks the size and digest
 * again after the read, but only the store can avoid reading an oversized blob at all.
 *
 * @example
 * ```ts
 * const memory = new Map<string, Uint8Array>();
 * const store: BlobStore = {
 *   put: async (key, bytes) => { memory.set(key, bytes); },
 *   get: async (key) => memory.get(key),
 * };
 * ```
 */
export interface BlobStore {
  put(key: string, bytes: Uint8Array): Promise<void>;
  get(key: string, options?: BlobReadOptions): Promise<Uint8Array | undefined>;
  delete?(key: string): Promise<void>;
}

/** Options of {@link createFileBlobStore}. */
export interface FileBlobStoreOptions {
  /** Directory (e.g. an EFS mount such as `/mnt/payloads`, or a local folder). Created when missing. */
  directory: string;
}

/** File-system error codes that a retry cannot fix. */
const PERMANENT_CODES = new Set(['EACCES', 'EPERM', 'EROFS', 'EISDIR', 'ENOTDIR', 'ELOOP', 'ENAMETOOLONG']);

/** The blob is too large for its reference: a permanent failure, found before reading. */
const blobTooLarge = (where: string, size: number, maxBytes: number): BlobStoreError =>
  new BlobStoreError(`Blob ${where} holds ${size} bytes but its reference allows at most ${maxBytes}; it was replaced or the reference was forged. Not read.`, { retryable: false });

/**
 * A blob store on a file system: EFS in Lambda, a local directory in development.
 * Writes are atomic (temp file + rename), so readers never see half a blob. Reads and writes
 * stay inside the directory: symbolic links that lead out of it, and anything that is not a
 * regular file (a directory, a device, a FIFO), are refused with a permanent error.
 *
 * @example
 * ```ts
 * const serdes = createPayloadSerdes({ offload: { store: createFileBlobStore({ directory: '/mnt/payloads' }) } });
 * ```
 */
export function createFileBlobStore(options: FileBlobStoreOptions): BlobStore {
  const root = resolve(options.directory);
  const pathOf = (key: string): string => {
    const path = resolve(join(root, key));
    if (key.length === 0 || !path.startsWith(root + sep)) {
      throw new PayloadConfigurationError(`Blob key ${JSON.stringify(key)} escapes the store directory ${root}.`);
    }
    return path;
  };
  const failure = (action: string, key: string, error: unknown): BlobStoreError => {
    if (error instanceof BlobStoreError) return error;
    const code = (error as { code?: string }).code;
    // Missing permissions, a read-only mount or a directory at the key will not fix themselves; I/O hiccups on EFS may.
    const retryable = code === undefined || !PERMANENT_CODES.has(code);
    return new BlobStoreError(`File blob store could not ${action} "${key}" in ${root}: ${(error as Error).message}`, { retryable, cause: error });
  };
  /** Refuses a folder whose real location (links resolved) is outside the store. */
  const requireInside = async (key: string, folder: string): Promise<void> => {
    const [realRoot, realFolder] = await Promise.all([realpath(root), realpath(folder)]);
    if (realFolder !== realRoot && !realFolder.startsWith(realRoot + sep)) {
      throw new BlobStoreError(`File blob store refuses "${key}": its folder links out of ${root} (to ${realFolder}).`, { retryable: false });
    }
  };
  return {
    async put(key, bytes) {
      const path = pathOf(key);
      try {
        await mkdir(dirname(path), { recursive: true });
        await requireInside(key, dirname(path));
        const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
        // 'wx' never follows a link planted at the temp name; rename replaces, never follows.
        await writeFile(temp, bytes, { flag: 'wx' });
        await rename(temp, path);
      } catch (error) {
        throw failure('write', key, error);
      }
    },
    async get(key, readOptions) {
      const path = pathOf(key);
      try {
        await requireInside(key, dirname(path));
        // O_NOFOLLOW: a link at the key is refused (ELOOP); O_NONBLOCK: a FIFO cannot block the open.
        const handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
        try {
          const info = await handle.stat();
          if (!info.isFile()) throw new BlobStoreError(`File blob store refuses "${key}" in ${root}: it is not a regular file.`, { retryable: false });
          const max = readOptions?.maxBytes;
          if (max !== undefined && info.size > max) throw blobTooLarge(`"${key}" in ${root}`, info.size, max);
          const buffer = Buffer.alloc(info.size);
          let filled = 0;
          while (filled < buffer.byteLength) {
            const { bytesRead } = await handle.read(buffer, filled, buffer.byteLength - filled, filled);
            if (bytesRead === 0) break;
            filled += bytesRead;
          }
          return buffer.subarray(0, filled);
        } finally {
          await handle.close();
        }
      } catch (error) {
        if ((error as { code?: string }).code === 'ENOENT') return undefined;
        throw failure('read', key, error);
      }
    },
    async delete(key) {
      try {
        await rm(pathOf(key), { force: true });
      } catch (error) {
        throw failure('delete', key, error);
      }
    },
  };
}
