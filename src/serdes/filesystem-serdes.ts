/**
 * `createFileSystemSerdes` (official SDK 2.4, §6): values live as JSON files on a shared mount
 * (EFS, S3 Files) and checkpoints hold a small envelope: `{"file":"<path>"}` (plus an optional
 * `"preview"`) or, in OVERFLOW mode for values that fit, `{"data":"<json>"}`. Paths and
 * envelopes are the official SDK's, so either SDK reads what the other wrote.
 */
import { createHash } from 'node:crypto';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { Limits } from '../protocol.js';
import { createFileBlobStore } from './blob-store.js';
import { BlobStoreError, PayloadFormatError, PayloadSerializationError } from './errors.js';
import type { Serdes, SerdesContext } from './serdes.js';

export { buildPreview, FieldMatchMode, PreviewMode } from './preview.js';
export type { PreviewConfig, PreviewField } from './preview.js';

/**
 * When values go to a file.
 *
 * @example
 * ```ts
 * createFileSystemSerdes('/mnt/efs', { storageMode: FileSystemSerdesMode.OVERFLOW });
 * ```
 */
export enum FileSystemSerdesMode {
  /** Every value is a file; checkpoints only hold the pointer (default). */
  ALWAYS = 'ALWAYS',
  /** Values stay inline unless the envelope would pass the checkpoint limit (256 KiB − 1 KiB). */
  OVERFLOW = 'OVERFLOW',
}

/**
 * How the execution ARN and the operation's entity id become directory and file names.
 *
 * @example
 * ```ts
 * createFileSystemSerdes('/mnt/efs', { pathEncoding: FileSystemPathEncoding.HASH });
 * ```
 */
export enum FileSystemPathEncoding {
  /**
   * Readable: `<functionName>/<executionName>/<invocationId>/<encodeURIComponent(entityId)>.json`
   * (an ARN of another shape becomes one URI-encoded directory). Default.
   */
  URI = 'URI',
  /** SHA-256 hex of the ARN (directory) and of the entity id (file): fixed length, always safe. */
  HASH = 'HASH',
}

/**
 * Options of {@link createFileSystemSerdes}.
 *
 * @example
 * ```ts
 * const config: FileSystemSerdesConfig = {
 *   storageMode: FileSystemSerdesMode.OVERFLOW,
 *   generatePreview: (value) => buildPreview(value, { mode: PreviewMode.EXCLUDE_ALL, include: [{ name: 'id' }] }),
 * };
 * ```
 */
export interface FileSystemSerdesConfig {
  /** Default `FileSystemSerdesMode.ALWAYS`. */
  storageMode?: FileSystemSerdesMode;
  /** Default `FileSystemPathEncoding.URI`. */
  pathEncoding?: FileSystemPathEncoding;
  /** Extract stored inline next to the file pointer (see `buildPreview`). */
  generatePreview?: (value: unknown) => Record<string, unknown> | undefined;
}

// Room left for the envelope and the rest of the checkpoint update.
const OVERFLOW_THRESHOLD_BYTES = Limits.CHECKPOINT_PAYLOAD_BYTES - 1024;
const EXECUTION_ARN = /^arn:[^:]*:lambda:[^:]*:[^:]*:function:([^:/]+):[^:/]+\/durable-execution\/([^/]+)\/([^/]+)$/;

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
const encodeSegment = (text: string, encoding: FileSystemPathEncoding): string =>
  encoding === FileSystemPathEncoding.HASH ? sha256(text) : encodeURIComponent(text);

/** File location relative to the base path. */
function relativeFilePath(context: SerdesContext, encoding: FileSystemPathEncoding): string {
  const file = `${encodeSegment(context.entityId, encoding)}.json`;
  const parts = encoding === FileSystemPathEncoding.URI ? EXECUTION_ARN.exec(context.durableExecutionArn) : null;
  if (parts) return join(parts[1] as string, parts[2] as string, parts[3] as string, file);
  return join(encodeSegment(context.durableExecutionArn, encoding), file);
}

/** What deserialisation needs from an envelope (a preview is for humans only). */
type Envelope = { file: string } | { file?: undefined; data: string };

function parseEnvelope(data: string, context: SerdesContext): Envelope {
  let envelope: unknown;
  try {
    envelope = JSON.parse(data);
  } catch (error) {
    throw new PayloadFormatError(`Filesystem serdes: the checkpoint of operation "${context.entityId}" is not a JSON envelope.`, {
      operationId: context.entityId,
      cause: error,
    });
  }
  const isObject = typeof envelope === 'object' && envelope !== null;
  const { file, data: inline } = (isObject ? envelope : {}) as { file?: unknown; data?: unknown };
  if (typeof file === 'string') return { file };
  if (typeof inline === 'string') return { data: inline };
  throw new PayloadFormatError(
    `Filesystem serdes: the checkpoint of operation "${context.entityId}" is not a {"file":…} or {"data":…} envelope ` +
      '(was it written by another serdes?).',
    { operationId: context.entityId },
  );
}

/** `keepCause` false for file contents: JSON.parse's message quotes the text, which must not leak. */
function parseJson(text: string, where: string, context: SerdesContext, keepCause = true): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new PayloadFormatError(`Filesystem serdes: ${where} of operation "${context.entityId}" is not valid JSON.`, {
      operationId: context.entityId,
      ...(keepCause ? { cause: error } : {}),
    });
  }
}

/**
 * A serdes that keeps values as JSON files under `basePath` on a durable, shared file system
 * (Amazon EFS or S3 Files). Do not point it at Lambda's `/tmp`: a replay may run in another
 * environment that cannot see the file. Files are written atomically (temp file + rename).
 *
 * @example
 * ```ts
 * context.configureSerdes({
 *   defaultSerdes: createFileSystemSerdes('/mnt/efs', {
 *     storageMode: FileSystemSerdesMode.OVERFLOW,
 *     generatePreview: (value) => buildPreview(value, { mode: PreviewMode.EXCLUDE_ALL, include: [{ name: 'id' }], mask: [{ name: 'email' }] }),
 *   }),
 * });
 * ```
 */
export function createFileSystemSerdes(basePath: string, config: FileSystemSerdesConfig = {}): Serdes<any> {
  const storageMode = config.storageMode ?? FileSystemSerdesMode.ALWAYS;
  const pathEncoding = config.pathEncoding ?? FileSystemPathEncoding.URI;
  const root = resolve(basePath);
  const store = createFileBlobStore({ directory: root });

  const toJson = (value: unknown, context: SerdesContext): string => {
    let json: string | undefined;
    try {
      json = JSON.stringify(value);
    } catch (error) {
      throw new PayloadSerializationError(`Filesystem serdes: the value of operation "${context.entityId}" cannot be written as JSON: ${(error as Error).message}`, {
        operationId: context.entityId,
        cause: error,
      });
    }
    if (json === undefined) {
      throw new PayloadSerializationError(`Filesystem serdes: the value of operation "${context.entityId}" has no JSON form (${typeof value}).`, {
        operationId: context.entityId,
      });
    }
    return json;
  };

  const writeFileEnvelope = async (value: unknown, json: string, context: SerdesContext): Promise<string> => {
    const relative = relativeFilePath(context, pathEncoding);
    await store.put(relative, Buffer.from(json, 'utf8'));
    const preview = config.generatePreview?.(value);
    return JSON.stringify(preview ? { file: join(basePath, relative), preview } : { file: join(basePath, relative) });
  };

  return {
    async serialize(value, context) {
      if (value === undefined) return undefined;
      const json = toJson(value, context);
      if (storageMode === FileSystemSerdesMode.ALWAYS) return writeFileEnvelope(value, json, context);
      const inline = JSON.stringify({ data: json });
      if (Buffer.byteLength(inline, 'utf8') > OVERFLOW_THRESHOLD_BYTES) return writeFileEnvelope(value, json, context);
      return inline;
    },
    async deserialize(data, context) {
      if (data === undefined) return undefined;
      const envelope = parseEnvelope(data, context);
      if (envelope.file === undefined) return parseJson(envelope.data, 'the inline value', context);
      const path = envelope.file;
      const relativePath = relative(root, resolve(root, path));
      // A checkpoint names the file; only files under the base path are read (no "..", no other root).
      if (relativePath === '' || relativePath === '..' || relativePath.startsWith(`..${sep}`) || isAbsolute(relativePath)) {
        throw new PayloadFormatError(`Filesystem serdes: the checkpoint of operation "${context.entityId}" names ${JSON.stringify(path)}, which is outside the base path ${root}. Refused.`, {
          operationId: context.entityId,
        });
      }
      let contents: Uint8Array | undefined;
      try {
        contents = await store.get(relativePath);
      } catch (error) {
        const cause = error instanceof BlobStoreError ? error.cause : error;
        const retryable = error instanceof BlobStoreError ? error.retryable : true;
        throw new BlobStoreError(`Filesystem serdes could not read ${path} for operation "${context.entityId}": ${(cause as Error | undefined)?.message ?? String(error)}.`, {
          operationId: context.entityId,
          retryable,
          cause: error,
        });
      }
      if (contents === undefined) {
        throw new BlobStoreError(
          `Filesystem serdes could not read ${path} for operation "${context.entityId}": no such file. The file is gone: the base path must be a shared, durable mount (EFS, S3 Files), not /tmp.`,
          { operationId: context.entityId, retryable: true },
        );
      }
      return parseJson(Buffer.from(contents.buffer, contents.byteOffset, contents.byteLength).toString('utf8'), `the file ${path}`, context, false);
    },
  };
}
