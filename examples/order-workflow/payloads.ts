/**
 * The order workflow's payload pipeline: brotli compression, envelope encryption and offloading of
 * large values, configured from the environment.
 *
 * - Deployed (template.yaml sets `DURABLE_LAMBDA_KMS_KEY_ARN` and `DURABLE_LAMBDA_PAYLOAD_BUCKET`):
 *   data keys from KMS, offloaded payloads in S3.
 * - Locally (neither is set): a development key file and a blob directory under
 *   `DURABLE_LAMBDA_DEV_DIR` (default `.durable-lambda/` in the working directory, git-ignored).
 */
import { join, resolve } from 'node:path';
import type { KMSClient } from '@aws-sdk/client-kms';
import type { S3Client } from '@aws-sdk/client-s3';
import { createFileBlobStore, createLocalKeyProvider, createPayloadSerdes, type BlobStore, type KeyProvider, type PayloadSerdes, type SerdesContext } from 'durable-lambda';

/** Values above this size (after compression and encryption) go to the blob store. */
export const OFFLOAD_THRESHOLD_BYTES = 32 * 1024;

/** Where local development keeps its key file and blobs. */
export const localPayloadDirectory = (env: NodeJS.ProcessEnv = process.env): string => resolve(env.DURABLE_LAMBDA_DEV_DIR ?? '.durable-lambda');

/** The pipeline over a given key provider and blob store. */
export function createOrderPayloads(options: { keyProvider: KeyProvider; store: BlobStore; prefix?: string }): PayloadSerdes {
  return createPayloadSerdes({
    compression: { algorithm: 'brotli' },
    encryption: { keyProvider: options.keyProvider },
    offload: { store: options.store, thresholdBytes: OFFLOAD_THRESHOLD_BYTES, ...(options.prefix !== undefined ? { prefix: options.prefix } : {}) },
  });
}

/** The local pipeline: `<directory>/dev.key` (created on first use) and `<directory>/blobs/`. */
export function createLocalOrderPayloads(directory: string): PayloadSerdes {
  return createOrderPayloads({
    keyProvider: createLocalKeyProvider({ keyFile: join(directory, 'dev.key') }),
    store: createFileBlobStore({ directory: join(directory, 'blobs') }),
  });
}

/** Builds the pipeline the environment asks for (see the module comment); `clients` override the default AWS clients. */
export async function payloadsFromEnvironment(
  env: NodeJS.ProcessEnv = process.env,
  clients: { kms?: KMSClient; s3?: S3Client } = {},
): Promise<PayloadSerdes> {
  const keyArn = env.DURABLE_LAMBDA_KMS_KEY_ARN;
  const bucket = env.DURABLE_LAMBDA_PAYLOAD_BUCKET;
  if (keyArn === undefined && bucket === undefined) return createLocalOrderPayloads(localPayloadDirectory(env));
  if (keyArn === undefined || bucket === undefined) {
    throw new Error('Set both DURABLE_LAMBDA_KMS_KEY_ARN and DURABLE_LAMBDA_PAYLOAD_BUCKET (deployed), or neither (local development).');
  }
  const [{ createKmsKeyProvider }, { createS3BlobStore }] = await Promise.all([import('durable-lambda/kms'), import('durable-lambda/s3')]);
  const purpose = env.DURABLE_LAMBDA_KMS_ENCRYPTION_CONTEXT_PURPOSE;
  return createOrderPayloads({
    keyProvider: createKmsKeyProvider({
      keyId: keyArn,
      ...(purpose !== undefined ? { encryptionContext: { purpose } } : {}),
      ...(clients.kms !== undefined ? { client: clients.kms } : {}),
    }),
    store: createS3BlobStore({ bucket, ...(clients.s3 !== undefined ? { client: clients.s3 } : {}) }),
    ...(env.DURABLE_LAMBDA_PAYLOAD_PREFIX !== undefined ? { prefix: env.DURABLE_LAMBDA_PAYLOAD_PREFIX } : {}),
  });
}

/**
 * A pipeline built on first use, so importing the handler module reads no key file and needs no
 * AWS configuration (tests pass their own pipeline).
 */
export function lazyPayloads(build: () => Promise<PayloadSerdes>): Pick<PayloadSerdes, 'serialize' | 'deserialize'> {
  let pipeline: Promise<PayloadSerdes> | undefined;
  const get = (): Promise<PayloadSerdes> => (pipeline ??= build());
  return {
    serialize: async (value: unknown, context: SerdesContext) => (await get()).serialize(value, context),
    deserialize: async (data: string | undefined, context: SerdesContext) => (await get()).deserialize(data, context),
  };
}
