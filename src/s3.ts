/**
 * `durable-lambda/s3`: an S3 {@link BlobStore} for offloaded payloads.
 *
 * Kept out of the core entry so the core bundle never loads `@aws-sdk/client-s3`.
 *
 * @packageDocumentation
 */
// `@aws-sdk/client-s3` is an optional peer, imported on the first S3 call: this entry loads (and
// its types compile) without it, and a missing package is one line naming it.
// The package's own entry, not a relative path: built with 'durable-lambda' external, this sub-path
// then shares the root entry's error classes, so `instanceof BlobStoreError` holds across entries.
import { BlobStoreError, type BlobStore } from 'durable-lambda';
import { importPeer } from './peers/optional-peer.js';
import type { AwsSdkClientLike, AwsSdkClientConfig } from './peers/aws-sdk-shapes.js';

type S3Module = typeof import('@aws-sdk/client-s3');
type S3PutInput = InstanceType<S3Module['PutObjectCommand']>['input'];

/** The field of GetObject's response that is read (structural: the public types name no AWS SDK type). */
interface S3GetObjectResponse {
  Body?: { transformToByteArray(): Promise<Uint8Array> };
  ContentLength?: number;
}

/** An S3 storage class (`STANDARD`, `INTELLIGENT_TIERING`, `STANDARD_IA`...), as the S3 API spells it. */
// `string & {}` keeps the known names in editors' completion while accepting new ones.
 
export type S3StorageClass = 'STANDARD' | 'INTELLIGENT_TIERING' | 'STANDARD_IA' | 'ONEZONE_IA' | 'GLACIER_IR' | 'GLACIER' | 'DEEP_ARCHIVE' | 'REDUCED_REDUNDANCY' | 'EXPRESS_ONEZONE' | (string & {});

/** Options of {@link createS3BlobStore}. */
export interface S3BlobStoreOptions {
  bucket: string;
  /** A configured `S3Client` of `@aws-sdk/client-s3`; otherwise one is built from `clientConfig`. */
  client?: AwsSdkClientLike;
  /** `S3ClientConfig` for the client built when none is given (region, endpoint, forcePathStyle...). */
  clientConfig?: AwsSdkClientConfig;
  /** Server-side encryption of stored blobs: `AES256` (SSE-S3), `aws:kms` or `aws:kms:dsse`. */
  serverSideEncryption?: 'AES256' | 'aws:kms' | 'aws:kms:dsse' | 'aws:fsx';
  /** KMS key for `aws:kms` server-side encryption (default: the bucket's or AWS managed key). */
  sseKmsKeyId?: string;
  /** Use an S3 Bucket Key with SSE-KMS to cut KMS requests. */
  bucketKeyEnabled?: boolean;
  /** Storage class of stored blobs, e.g. `INTELLIGENT_TIERING`. */
  storageClass?: S3StorageClass;
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
  const { bucket } = options;
  let loaded: Promise<{ sdk: S3Module; client: AwsSdkClientLike }> | undefined;
  // The SDK's commands are needed even with a given client; a failed load is retried next call.
  const load = (): Promise<{ sdk: S3Module; client: AwsSdkClientLike }> =>
    (loaded ??= importPeer(() => import('@aws-sdk/client-s3'), '@aws-sdk/client-s3', 'durable-lambda/s3').then(
      (sdk) => ({ sdk, client: options.client ?? new sdk.S3Client(options.clientConfig ?? {}) }),
      (error: unknown) => {
        loaded = undefined;
        throw error;
      },
    ));
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
      const { sdk, client } = await load();
      try {
        await client.send(new sdk.PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
          ContentType: 'application/octet-stream',
          ServerSideEncryption: options.serverSideEncryption,
          SSEKMSKeyId: options.sseKmsKeyId,
          BucketKeyEnabled: options.bucketKeyEnabled,
          StorageClass: options.storageClass as S3PutInput['StorageClass'],
        }));
      } catch (error) {
        throw failure('PutObject', key, error);
      }
    },
    async get(key, readOptions) {
      const { sdk, client } = await load();
      try {
        const response = (await client.send(new sdk.GetObjectCommand({ Bucket: bucket, Key: key }))) as S3GetObjectResponse;
        if (response.Body === undefined) return new Uint8Array();
        const max = readOptions?.maxBytes;
        if (max === undefined) return await response.Body.transformToByteArray();
        // The size is known from the headers: an oversized object is refused before its body is read.
        const declared = response.ContentLength;
        if (declared !== undefined && declared > max) {
          discard(response.Body);
          throw tooLarge(key, declared, max);
        }
        return await readAtMost(response.Body as unknown as AsyncIterable<Uint8Array>, max, () => tooLarge(key, max + 1, max));
      } catch (error) {
        if (error instanceof BlobStoreError) throw error;
        const aws = error as AwsLikeError;
        if (aws.name === 'NoSuchKey' || aws.name === 'NotFound') return undefined;
        throw failure('GetObject', key, error);
      }
    },
    async delete(key) {
      const { sdk, client } = await load();
      try {
        await client.send(new sdk.DeleteObjectCommand({ Bucket: bucket, Key: key }));
      } catch (error) {
        throw failure('DeleteObject', key, error);
      }
    },
  };
}

export type { BlobStore } from 'durable-lambda';
