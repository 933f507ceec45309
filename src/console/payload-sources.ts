/**
 * Where the console finds what decoding needs: the user's key (a local key file or a KMS key)
 * and blob store (a directory or an S3 bucket). KMS and S3 use the user's own credentials
 * (the standard chain) and load their AWS packages only when configured.
 */
import type { BlobStore } from '../serdes/blob-store.js';
import { createFileBlobStore } from '../serdes/blob-store.js';
import type { KeyProvider } from '../serdes/key-provider.js';
import { createLocalKeyProvider } from '../serdes/local-key-provider.js';

/** Options of {@link createPayloadSources}. */
export interface PayloadSourceOptions {
  /** Local key files (createLocalKeyProvider): the current one first, then older ones. */
  keyFiles?: readonly string[];
  /** AWS KMS key id or ARN (createKmsKeyProvider). */
  kmsKeyId?: string;
  /** KMS endpoint other than AWS's. */
  kmsEndpoint?: string;
  /** Directory of a file blob store. */
  storeDir?: string;
  /** S3 bucket of offloaded payloads. */
  s3Bucket?: string;
  /** S3 endpoint other than AWS's (path-style). */
  s3Endpoint?: string;
  /** Region of the KMS and S3 clients. */
  region?: string;
}

/** A key provider and a blob store, each present when configured. */
export interface PayloadSources {
  keyProvider?: KeyProvider;
  store?: BlobStore;
}

/** Loads a module that needs an optional AWS package, naming the package when it is missing. */
const optional = async <T>(load: () => Promise<T>, pkg: string): Promise<T> => {
  try {
    return await load();
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND') throw new Error(`decoding with this option needs ${pkg}: npm install ${pkg}`);
    throw error;
  }
};

/**
 * Builds the sources; throws a one-line error for a key file that does not exist.
 *
 * @example
 * const sources = await createPayloadSources({ keyFiles: ['.durable-lambda/dev.key'], storeDir: '.durable-lambda/blobs' });
 */
export const createPayloadSources = async (options: PayloadSourceOptions): Promise<PayloadSources> => {
  const sources: PayloadSources = {};
  const [keyFile, ...previousKeyFiles] = options.keyFiles ?? [];
  if (keyFile !== undefined && options.kmsKeyId !== undefined) throw new Error('give a key file or a KMS key, not both');
  if (options.storeDir !== undefined && options.s3Bucket !== undefined) throw new Error('give a blob directory or an S3 bucket, not both');
  if (keyFile !== undefined) {
    // Read on first use: a development key is often created by the function after the console starts.
    let provider: KeyProvider | undefined;
    const load = (): KeyProvider => (provider ??= createLocalKeyProvider({ keyFile, previousKeyFiles, create: false, allowInLambda: true }));
    sources.keyProvider = {
      generateDataKey: () => load().generateDataKey(),
      decryptDataKey: (request) => load().decryptDataKey(request),
    };
  }
  const clientConfig = (endpoint: string | undefined, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    ...(options.region !== undefined ? { region: options.region } : {}),
    ...(endpoint !== undefined ? { endpoint, ...extra } : {}),
  });
  if (options.kmsKeyId !== undefined) {
    const { createKmsKeyProvider } = await optional(() => import('../kms.js'), '@aws-sdk/client-kms');
    sources.keyProvider = createKmsKeyProvider({ keyId: options.kmsKeyId, clientConfig: clientConfig(options.kmsEndpoint) });
  }
  if (options.storeDir !== undefined) sources.store = createFileBlobStore({ directory: options.storeDir });
  if (options.s3Bucket !== undefined) {
    const { createS3BlobStore } = await optional(() => import('../s3.js'), '@aws-sdk/client-s3');
    sources.store = createS3BlobStore({ bucket: options.s3Bucket, clientConfig: clientConfig(options.s3Endpoint, { forcePathStyle: true }) });
  }
  return sources;
};
