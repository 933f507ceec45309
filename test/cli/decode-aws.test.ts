import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPayloadSerdes, describePayload } from '../../src/index.js';
import { createKmsKeyProvider } from '../../src/kms.js';
import { createS3BlobStore } from '../../src/s3.js';
import { startKmsHost, type KmsHost } from '../support/kms-host.js';
import { startS3rver, type S3rverHandle } from '../support/s3rver.js';
import { runCliProcess } from './spawn-cli.js';

// decode with --kms-key and --s3-bucket against the KMS test host and s3rver on loopback.
let kms: KmsHost;
let s3: S3rverHandle;

beforeAll(async () => {
  kms = await startKmsHost();
  s3 = await startS3rver('payloads');
});

afterAll(async () => {
  await kms.stop();
  await s3.stop();
});

describe('durable-lambda decode with KMS and S3', () => {
  it('reads a KMS-encrypted payload offloaded to S3', async () => {
    kms.createKey('alias/payloads');
    const serdes = createPayloadSerdes({
      encryption: { keyProvider: createKmsKeyProvider({ keyId: 'alias/payloads', client: kms.client() }) },
      offload: { store: createS3BlobStore({ bucket: 'payloads', client: s3.client }), thresholdBytes: 64 },
    });
    const arn = 'arn:aws:lambda:us-east-1:123456789012:function:orders:$LATEST/durable-execution/e/2';
    const value = { items: Array.from({ length: 20 }, (_, i) => `item-${i}`) };
    const payload = (await serdes.serialize(value, { durableExecutionArn: arn, entityId: '4' })) ?? '';
    expect(describePayload(payload)).toMatchObject({ encryption: { keyId: expect.stringMatching(/^arn:aws:kms:/) }, offload: { key: expect.any(String) } });
    const getsBefore = s3.requests.GET;
    const run = await runCliProcess([
      'decode', payload, '--arn', arn, '--operation-id', '4', '--json',
      '--kms-key', 'alias/payloads', '--kms-endpoint', kms.endpoint, '--s3-bucket', 'payloads', '--s3-endpoint', s3.endpoint,
    ], { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'us-east-1' });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ encoding: expect.stringMatching(/^ejson, encrypted with arn:aws:kms:.+, offloaded \d+ B$/), value });
    expect(s3.requests.GET).toBe(getsBefore + 1);
    expect(kms.calls.Decrypt).toBeGreaterThanOrEqual(1);
  }, 60_000);
});
