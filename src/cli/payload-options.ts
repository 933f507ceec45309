/**
 * The decoding options the console and `serve` share (where the user's key and blobs are), and
 * the local development default: `<DURABLE_LAMBDA_DEV_DIR or .durable-lambda>/dev.key` and its
 * `blobs/` directory when that key file exists.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { PayloadSourceOptions } from '../console/payload-sources.js';
import { CliUsageError } from './command.js';

/** `parseArgs` options of the decoding sources. */
export const PAYLOAD_OPTIONS = {
  'key-file': { type: 'string', multiple: true },
  'kms-key': { type: 'string' },
  'kms-endpoint': { type: 'string' },
  'store-dir': { type: 'string' },
  's3-bucket': { type: 'string' },
  's3-endpoint': { type: 'string' },
} as const;

/** Help lines of {@link PAYLOAD_OPTIONS}. */
export const PAYLOAD_OPTIONS_HELP = `  --key-file <file>       local key file to reveal encrypted payloads (repeat for older keys;
                          default for local endpoints: <DURABLE_LAMBDA_DEV_DIR|.durable-lambda>/dev.key)
  --kms-key <key-id>      AWS KMS key to reveal encrypted payloads (needs @aws-sdk/client-kms)
  --store-dir <dir>       file blob store of offloaded payloads (default: the dev dir's blobs/)
  --s3-bucket <bucket>    S3 bucket of offloaded payloads (needs @aws-sdk/client-s3)
  --kms-endpoint <url>    KMS endpoint other than AWS's
  --s3-endpoint <url>     S3 endpoint other than AWS's (path-style)`;

const url = (command: string, name: string, value: unknown): string | undefined => {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^https?:\/\/[^/]/.test(value)) throw new CliUsageError(`${command}: --${name} must be an http(s) URL`);
  return value;
};

/** The sources the options give, or the local development ones when `localDefault` and none is given. */
export const payloadSourceOptions = (command: string, values: Record<string, unknown>, localDefault: boolean): PayloadSourceOptions => {
  const keyFiles = (values['key-file'] as string[] | undefined) ?? [];
  const kmsEndpoint = url(command, 'kms-endpoint', values['kms-endpoint']);
  const s3Endpoint = url(command, 's3-endpoint', values['s3-endpoint']);
  const options: PayloadSourceOptions = {
    ...(keyFiles.length > 0 ? { keyFiles } : {}),
    ...(typeof values['kms-key'] === 'string' ? { kmsKeyId: values['kms-key'] } : {}),
    ...(kmsEndpoint ? { kmsEndpoint } : {}),
    ...(typeof values['store-dir'] === 'string' ? { storeDir: values['store-dir'] } : {}),
    ...(typeof values['s3-bucket'] === 'string' ? { s3Bucket: values['s3-bucket'] } : {}),
    ...(s3Endpoint ? { s3Endpoint } : {}),
  };
  if (!localDefault || Object.keys(options).length > 0) return options;
  const dev = resolve(process.env.DURABLE_LAMBDA_DEV_DIR ?? '.durable-lambda');
  // The key may not exist yet (the function creates it on first use); the console reads it when revealing.
  if (process.env.DURABLE_LAMBDA_DEV_DIR === undefined && !existsSync(dev)) return {};
  return { keyFiles: [join(dev, 'dev.key')], storeDir: join(dev, 'blobs') };
};
