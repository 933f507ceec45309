/**
 * `durable-lambda/s3`: an S3 {@link BlobStore} for offloaded payloads.
 *
 * Kept out of the core entry so the core bundle never loads `@aws-sdk/client-s3`.
 *
 * @packageDocumentation
 */
import { GetObjectCommand, PutObjectCommand, DeleteObjectCommand, S3Client, type S3ClientConfig, type ServerSideEncryption } from '@aws-sdk/client-s3';
// The package's own entry, not a relative path: built with 'durable-lambda' external, this sub-path
// then shares the root entry's error classes, so `instanceof BlobStoreError` holds across entries.
import { BlobStoreError, type BlobStore } from 'durable-lambda';

/** Options of {@link createS3BlobStore}. */
export interface S3BlobStoreOptions {
  bucket: string;
  /** A configured client; otherwise one is built from `clientConfig`. */
  client?: S3Client;
  clientConfig?: S3ClientConfig;
  /** Server-side encryption of stored blobs: `AES256` (SSE-S3), `aws:kms` or `aws:kms:dsse`. */
  serverSideEncryption?: ServerSideEncryption;
  /** KMS key for `aws:kms` server-side encryption (default: the bucket's or AWS managed key). */
  sseKmsKeyId?: string;
  /** Use an S3 Bucket Key with SSE-KMS to cut KMS requests. */
  bucketKeyEnabled?: boolean;
  /** Storage class of stored blobs, e.g. `INTELLIGENT_TIERING`. */
  storageClass?: PutObjectCommand['input']['StorageClass'];
}

interface AwsLikeError {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

/** 5xx, 429, throttling and network failures (no HTTP status) are worth another invocation. */
function isRetryable(error: AwsLikeError): boolean {
  const status = error.$metadata?.httpStatusCode;
  if (status === undefined) return true;
  return status >= 500 || status === 429 || /Throttl|SlowDown|RequestTimeout/.test(error.name ?? '');
}

const tooLarge = (key: string, size: number, max: number): BlobStoreError =>
  new BlobStoreError(`S3 object ${key} holds ${size} bytes or more but its reference allows at most ${max}; it was replaced or the reference was forged. Not read.`, { retryable: false });

/** Stops an unread body so its connection is not kept busy. */
const discard = (body: unknown): void => {
  (body as { destroy?: () => void }).destroy?.();
};

/** Reads a body stream, failing as soon as it passes `max` bytes (a missing or wrong Content-Length). */
async function readAtMost(body: AsyncIterable<Uint8Array>, max: number, tooBig: () => Error): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of body) {
    total += chunk.byteLength;
    if (total > max) {
      discard(body);
      throw tooBig();
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, total);
}

/**
 * Builds a blob store on an S3 bucket. Keys are content-addressed, so a retried put rewrites the
 * same bytes. Give the bucket a lifecycle rule longer than the executions' retention period.
 *
 * @example
 * ```ts
 * import { createS3BlobStore } from 'durable-lambda/s3';
 * const store = createS3BlobStore({ bucket: 'my-payloads', serverSideEncryption: 'aws:kms', sseKmsKeyId: 'alias/payloads' });
 * const serdes = createPayloadSerdes({ offload: { store } });
 * ```
 */
export function createS3BlobStore(options: S3BlobStoreOptions): BlobStore {
  const client = options.client ?? new S3Client(options.clientConfig ?? {});
  const { bucket } = options;
  const failure = (action: string, key: string, error: unknown): BlobStoreError => {
    const aws = error as AwsLikeError;
    const status = aws.$metadata?.httpStatusCode;
    return new BlobStoreError(
      `S3 ${action} of s3://${bucket}/${key} failed: ${aws.name ?? 'Error'}${status === undefined ? '' : ` (HTTP ${status})`}: ${aws.message ?? String(error)}`,
      { retryable: isRetryable(aws), cause: error },
    );
  };
  return {
    async put(key, bytes) {
      try {
        await client.send(new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
          ContentType: 'application/octet-stream',
          ServerSideEncryption: options.serverSideEncryption,
          SSEKMSKeyId: options.sseKmsKeyId,
          BucketKeyEnabled: options.bucketKeyEnabled,
          StorageClass: options.storageClass,
        }));
      } catch (error) {
        throw failure('PutObject', key, error);
      }
    },
    async get(key, readOptions) {
      try {
        const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        if (response.Body === undefined) return new Uint8Array();
        const max = readOptions?.maxBytes;
        if (max === undefined) return await response.Body.transformToByteArray();
        // The size is known from the headers: an oversized object is refused before its body is read.
        const declared = response.ContentLength;
        if (declared !== undefined && declared > max) {
          discard(response.Body);
          throw tooLarge(key, declared, max);
        }
        return await readAtMost(response.Body as AsyncIterable<Uint8Array>, max, () => tooLarge(key, max + 1, max));
      } catch (error) {
        if (error instanceof BlobStoreError) throw error;
        const aws = error as AwsLikeError;
        if (aws.name === 'NoSuchKey' || aws.name === 'NotFound') return undefined;
        throw failure('GetObject', key, error);
      }
    },
    async delete(key) {
      try {
        await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
      } catch (error) {
        throw failure('DeleteObject', key, error);
      }
    },
  };
}

export type { BlobStore } from 'durable-lambda';
