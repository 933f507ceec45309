/**
 * `durable-lambda/kms`: an AWS KMS {@link KeyProvider} for envelope encryption of payloads.
 *
 * Kept out of the core entry so the core bundle never loads `@aws-sdk/client-kms`.
 *
 * @packageDocumentation
 */
import { DecryptCommand, GenerateDataKeyCommand, KMSClient, type KMSClientConfig } from '@aws-sdk/client-kms';
// The package's own entry, not a relative path: built with 'durable-lambda' external, this sub-path
// then shares the root entry's error classes, so `instanceof KeyProviderError` holds across entries.
import { KeyProviderError, type KeyProvider } from 'durable-lambda';

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
  /** A configured client; otherwise one is built from `clientConfig`. */
  client?: KMSClient;
  clientConfig?: KMSClientConfig;
}

/** KMS errors that another invocation cannot fix: the key is wrong, gone, disabled or not allowed. */
const PERMANENT = new Set([
  'DisabledException', 'NotFoundException', 'IncorrectKeyException', 'InvalidCiphertextException',
  'KMSInvalidStateException', 'AccessDeniedException', 'InvalidKeyUsageException', 'InvalidGrantTokenException',
  'ValidationException', 'UnsupportedOperationException',
]);

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
  const client = options.client ?? new KMSClient(options.clientConfig ?? {});
  const context = options.encryptionContext;
  const accepted = [options.keyId, ...(options.decryptKeyIds ?? []).filter((k) => k !== options.keyId)];
  return {
    async generateDataKey() {
      try {
        const response = await client.send(new GenerateDataKeyCommand({ KeyId: options.keyId, KeySpec: 'AES_256', EncryptionContext: context }));
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
      const decrypt = async (keyId: string | undefined): Promise<Uint8Array> => {
        const response = await client.send(new DecryptCommand({ CiphertextBlob: wrapped, ...(keyId === undefined ? {} : { KeyId: keyId }), EncryptionContext: context }));
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
