/**
 * Local key provider for development: data keys wrapped with AES-256-GCM under a master key read
 * from a file. It refuses to run inside AWS Lambda unless explicitly allowed, so a development key
 * never protects production data by accident.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { KeyProviderError, PayloadConfigurationError } from './errors.js';
import { isLambdaEnvironment, type KeyProvider } from './key-provider.js';

/** Options of {@link createLocalKeyProvider}. */
export interface LocalKeyProviderOptions {
  /** File holding the 32-byte master key as base64. Created (mode 0600) when missing and `create` is true. */
  keyFile: string;
  /** Older key files, so payloads written before a key change still decrypt. */
  previousKeyFiles?: string[];
  /** Create `keyFile` with a random key when it does not exist (default true). */
  create?: boolean;
  /** Run even where a Lambda environment is detected (default false). */
  allowInLambda?: boolean;
  /** Environment to inspect (default `process.env`). */
  env?: NodeJS.ProcessEnv;
}

interface MasterKey {
  id: string;
  key: Buffer;
}

const WRAP_AAD = Buffer.from('durable-lambda local data key', 'utf8');

function readMasterKey(file: string, create: boolean): MasterKey {
  if (!existsSync(file)) {
    if (!create) throw new PayloadConfigurationError(`Local key file ${file} does not exist; create it with 32 random bytes in base64 or pass create: true.`);
    mkdirSync(dirname(file), { recursive: true });
    try {
      writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      // Another process created it first: use theirs.
      if ((error as { code?: string }).code !== 'EEXIST') throw error;
    }
  }
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw new PayloadConfigurationError(`Local key file ${file} must hold 32 bytes in base64 (found ${key.length} bytes).`);
  return { id: `local:${createHash('sha256').update(key).digest('hex').slice(0, 16)}`, key };
}

/**
 * Builds a key provider backed by local key files (development and tests only).
 *
 * @throws PayloadConfigurationError inside AWS Lambda unless `allowInLambda` is set, or when a key
 * file is missing or malformed.
 * @example
 * ```ts
 * const keyProvider = createLocalKeyProvider({ keyFile: '.durable-lambda/dev.key' });
 * const serdes = createPayloadSerdes({ encryption: { keyProvider } });
 * ```
 */
export function createLocalKeyProvider(options: LocalKeyProviderOptions): KeyProvider {
  if (isLambdaEnvironment(options.env) && options.allowInLambda !== true) {
    throw new PayloadConfigurationError(
      'The local key provider is for development, and this process runs in AWS Lambda (AWS_LAMBDA_FUNCTION_NAME or similar is set). Use createKmsKeyProvider from durable-lambda/kms, or pass allowInLambda: true if you really mean it.',
    );
  }
  const current = readMasterKey(options.keyFile, options.create ?? true);
  const keys = new Map<string, Buffer>([[current.id, current.key]]);
  for (const file of options.previousKeyFiles ?? []) {
    const previous = readMasterKey(file, false);
    keys.set(previous.id, previous.key);
  }
  return {
    generateDataKey: async () => {
      const plaintext = randomBytes(32);
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', current.key, iv);
      cipher.setAAD(WRAP_AAD);
      const wrapped = Buffer.concat([iv, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
      return { keyId: current.id, plaintext, wrapped };
    },
    decryptDataKey: async ({ keyId, wrapped }) => {
      const master = keys.get(keyId);
      if (master === undefined) {
        throw new KeyProviderError(`The payload was encrypted under local key ${keyId}, which is not loaded; add its file to previousKeyFiles.`, { retryable: false, providerErrorName: 'NotFoundException' });
      }
      try {
        const bytes = Buffer.from(wrapped);
        const decipher = createDecipheriv('aes-256-gcm', master, bytes.subarray(0, 12));
        decipher.setAAD(WRAP_AAD);
        decipher.setAuthTag(bytes.subarray(bytes.length - 16));
        return Buffer.concat([decipher.update(bytes.subarray(12, bytes.length - 16)), decipher.final()]);
      } catch (error) {
        throw new KeyProviderError(`The wrapped data key does not decrypt under local key ${keyId}: it was altered.`, { retryable: false, providerErrorName: 'InvalidCiphertextException', cause: error });
      }
    },
  };
}
