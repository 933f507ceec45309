/**
 * The BlobStore port (where offloaded payloads live) and the filesystem adapter (EFS or a local
 * directory). The S3 adapter is `createS3BlobStore` in `durable-lambda/s3`.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { BlobStoreError, PayloadConfigurationError } from './errors.js';

/**
 * Stores offloaded payload bytes under string keys.
 *
 * `get` resolves `undefined` when the key does not exist. Other failures throw; throw a
 * `BlobStoreError` with `retryable` set when you know whether a retry can help (unknown errors
 * count as retryable).
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
  get(key: string): Promise<Uint8Array | undefined>;
  delete?(key: string): Promise<void>;
}

/** Options of {@link createFileBlobStore}. */
export interface FileBlobStoreOptions {
  /** Directory (e.g. an EFS mount such as `/mnt/payloads`, or a local folder). Created when missing. */
  directory: string;
}

/**
 * A blob store on a file system: EFS in Lambda, a local directory in development.
 * Writes are atomic (temp file + rename), so readers never see half a blob.
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
    const code = (error as { code?: string }).code;
    // Missing permissions or a read-only mount will not fix themselves; I/O hiccups on EFS may.
    const retryable = code !== 'EACCES' && code !== 'EPERM' && code !== 'EROFS';
    return new BlobStoreError(`File blob store could not ${action} "${key}" in ${root}: ${(error as Error).message}`, { retryable, cause: error });
  };
  return {
    async put(key, bytes) {
      const path = pathOf(key);
      try {
        await mkdir(dirname(path), { recursive: true });
        const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
        await writeFile(temp, bytes);
        await rename(temp, path);
      } catch (error) {
        throw failure('write', key, error);
      }
    },
    async get(key) {
      const path = pathOf(key);
      try {
        return await readFile(path);
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
