/**
 * `durable-lambda/kms`: an AWS KMS {@link KeyProvider} for envelope encryption of payloads.
 *
 * Kept out of the core entry so the core bundle never loads `@aws-sdk/client-kms`.
 *
 * @packageDocumentation
 */
// `@aws-sdk/client-kms` is an optional peer, imported on the first KMS call: this entry loads
// (and its types compile) without it, and a missing package is one line naming it.
// The package's own entry, not a relative path: built with 'durable-lambda' external, this sub-path
// then shares the root entry's error classes, so `instanceof KeyProviderError` holds across entries.
import { KeyProviderError, type KeyProvider } from 'durable-lambda';
import { importPeer } from './peers/optional-peer.js';
import type { AwsSdkClientLike, AwsSdkClientConfig } from './peers/aws-sdk-shapes.js';

/** Options of {@link createKmsKeyProvider}. */
export interface KmsKeyProviderOptions {
  /** Key id, key ARN, alias name (`alias/payloads`) or alias ARN used for new data keys. */
  keyId: string;
  /**
   * More keys whose data keys may be unwrapped (key ids, key ARNs, alias names or ARNs): the keys
   * payloads were written under before a rotation. Decrypt is only ever called with `keyId` or one
   * of these, never with the key an envelope names, so a forged payload cannot make the function
   * call Decrypt on someone else's key.
   */
  decryptKeyIds?: string[];
  /**
   * Call Decrypt without a key id and let KMS pick the key the ciphertext names (KMS "discovery"),
   * accepting any key the function role may use. Off by default; prefer `decryptKeyIds`.
   */
  discovery?: boolean;
  /** KMS encryption context sent with every GenerateDataKey and Decrypt; must stay the same to decrypt. */
  encryptionContext?: Record<string, string>;
  /** A configured `KMSClient` of `@aws-sdk/client-kms`; otherwise one is built from `clientConfig`. */
  client?: AwsSdkClientLike;
  /** `KMSClientConfig` for the client built when none is given (region, endpoint, credentials...). */
  clientConfig?: AwsSdkClientConfig;
}

/** KMS errors that another invocation cannot fix: the key is wrong, gone, disabled or not allowed. */
const PERMANENT = new Set([
  'DisabledException', 'NotFoundException', 'IncorrectKeyException', 'InvalidCiphertextException',
  'KMSInvalidStateException', 'AccessDeniedException', 'InvalidKeyUsageException', 'InvalidGrantTokenException',
  'ValidationException', 'UnsupportedOperationException',
]);

type KmsModule = typeof import('@aws-sdk/client-kms');

/** The fields of the KMS responses that are read (structural: the public types name no AWS SDK type). */
interface KmsDataKeyResponse {
  Plaintext?: Uint8Array;
  CiphertextBlob?: Uint8Array;
  KeyId?: string;
}
interface KmsDecryptResponse {
  Plaintext?: Uint8Array;
}

interface AwsLikeError {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

function kmsFailure(action: string, keyId: string, error: unknown): KeyProviderError {
  const aws = error as AwsLikeError;
  const name = aws.name ?? 'Error';
  const status = aws.$metadata?.httpStatusCode;
  const retryable = !PERMANENT.has(name) && (status === undefined || status >= 500 || status === 429 || /Throttl|Timeout|Unavailable|Internal/.test(name));
  const hint = retryable
    ? 'transient; the invocation is retried'
    : 'check that the key exists, is enabled, is the key the payload was encrypted with, and that the function role may use it';
  return new KeyProviderError(`KMS ${action} with key ${keyId} failed: ${name}: ${aws.message ?? ''} (${hint}).`, { retryable, cause: error, providerErrorName: name });
}

/**
 * Builds a key provider on AWS KMS: `GenerateDataKey` (AES_256) for new data keys, `Decrypt` to
 * unwrap stored ones. The pipeline caches data keys, so KMS sees one call per cache window.
 *
 * @example
 * ```ts
 * import { createKmsKeyProvider } from 'durable-lambda/kms';
 * const keyProvider = createKmsKeyProvider({ keyId: 'alias/payloads', encryptionContext: { app: 'orders' } });
 * const serdes = createPayloadSerdes({ encryption: { keyProvider } });
 * ```
 */
export function createKmsKeyProvider(options: KmsKeyProviderOptions): KeyProvider {
  const context = options.encryptionContext;
  let loaded: Promise<{ sdk: KmsModule; client: AwsSdkClientLike }> | undefined;
  // The SDK's commands are needed even with a given client; a failed load is retried next call.
  const load = (): Promise<{ sdk: KmsModule; client: AwsSdkClientLike }> =>
    (loaded ??= importPeer(() => import('@aws-sdk/client-kms'), '@aws-sdk/client-kms', 'durable-lambda/kms').then(
      (sdk) => ({ sdk, client: options.client ?? new sdk.KMSClient(options.clientConfig ?? {}) }),
      (error: unknown) => {
        loaded = undefined;
        throw error;
      },
    ));
  const accepted = [options.keyId, ...(options.decryptKeyIds ?? []).filter((k) => k !== options.keyId)];
  return {
    async generateDataKey() {
      const { sdk, client } = await load();
      try {
        const response = (await client.send(
          new sdk.GenerateDataKeyCommand({ KeyId: options.keyId, KeySpec: 'AES_256', EncryptionContext: context }),
        )) as KmsDataKeyResponse;
        if (response.Plaintext === undefined || response.CiphertextBlob === undefined || response.KeyId === undefined) {
          throw new KeyProviderError(`KMS GenerateDataKey with key ${options.keyId} returned no key material.`, { retryable: true });
        }
        return { keyId: response.KeyId, plaintext: response.Plaintext, wrapped: response.CiphertextBlob };
      } catch (error) {
        if (error instanceof KeyProviderError) throw error;
        throw kmsFailure('GenerateDataKey', options.keyId, error);
      }
    },
    async decryptDataKey({ keyId: named, wrapped }) {
      const { sdk, client } = await load();
      const decrypt = async (keyId: string | undefined): Promise<Uint8Array> => {
        const response = (await client.send(new sdk.DecryptCommand({ CiphertextBlob: wrapped, ...(keyId === undefined ? {} : { KeyId: keyId }), EncryptionContext: context }))) as KmsDecryptResponse;
        if (response.Plaintext === undefined) throw new KeyProviderError(`KMS Decrypt with key ${keyId ?? named} returned no plaintext.`, { retryable: true });
        return response.Plaintext;
      };
      if (options.discovery === true) {
        try {
          return await decrypt(undefined);
        } catch (error) {
          if (error instanceof KeyProviderError) throw error;
          throw kmsFailure('Decrypt', named, error);
        }
      }
      // The key the envelope names goes first when it is an accepted one (one call after a rotation).
      const ordered = accepted.includes(named) ? [named, ...accepted.filter((k) => k !== named)] : accepted;
      for (const keyId of ordered) {
        try {
          return await decrypt(keyId);
        } catch (error) {
          if (error instanceof KeyProviderError) throw error;
          if ((error as AwsLikeError).name !== 'IncorrectKeyException') throw kmsFailure('Decrypt', keyId, error);
        }
      }
      throw new KeyProviderError(
        `KMS Decrypt refused: the payload's data key was wrapped under ${named}, which is not one of the accepted keys (${accepted.join(', ')}). Add the key to decryptKeyIds if it is yours.`,
        { retryable: false, providerErrorName: 'IncorrectKeyException' },
      );
    },
  };
}

export type { KeyProvider, DataKey } from 'durable-lambda';
