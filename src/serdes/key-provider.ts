/**
 * The KeyProvider port: where data keys come from (envelope encryption).
 *
 * Adapters: `createKmsKeyProvider` (`durable-lambda/kms`) and {@link createLocalKeyProvider} for
 * development.
 */

/** A fresh data key: plaintext for encrypting now, wrapped form for the envelope. */
export interface DataKey {
  /** Id of the key that wrapped the data key (KMS key ARN); recorded so payloads decrypt after rotation. */
  keyId: string;
  /** 32-byte AES-256 key. Never stored. */
  plaintext: Uint8Array;
  /** The data key encrypted under the master key; stored in every envelope. */
  wrapped: Uint8Array;
}

/**
 * Generates and unwraps data keys.
 *
 * Implementations throw `KeyProviderError` with `retryable` set: throttling, 5xx and network
 * errors are retryable; a disabled, missing or wrong key is not.
 *
 * @example
 * ```ts
 * const provider: KeyProvider = createKmsKeyProvider({ keyId: 'alias/payloads' });
 * const serdes = createPayloadSerdes({ encryption: { keyProvider: provider } });
 * ```
 */
export interface KeyProvider {
  generateDataKey(): Promise<DataKey>;
  decryptDataKey(request: { keyId: string; wrapped: Uint8Array }): Promise<Uint8Array>;
}

/** Environment variables that only exist inside AWS Lambda. */
const LAMBDA_MARKERS = ['AWS_LAMBDA_FUNCTION_NAME', 'LAMBDA_TASK_ROOT', 'AWS_LAMBDA_RUNTIME_API'] as const;

/**
 * True when the process runs inside AWS Lambda (judged from the environment).
 *
 * @example
 * ```ts
 * const keyProvider = isLambdaEnvironment() ? createKmsKeyProvider({ keyId }) : createLocalKeyProvider({ keyFile });
 * ```
 */
export function isLambdaEnvironment(env: NodeJS.ProcessEnv = process.env): boolean {
  return LAMBDA_MARKERS.some((name) => env[name] !== undefined && env[name] !== '') || (env['AWS_EXECUTION_ENV'] ?? '').startsWith('AWS_Lambda');
}
