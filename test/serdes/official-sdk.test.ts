/**
 * Interop: our payload pipeline plugged into the official SDK (`@aws/durable-execution-sdk-js`)
 * as a step `serdes`, driven by the official LocalDurableTestRunner, with real KMS-protocol and S3
 * servers behind it. The handler waits between steps, so the second invocation replays both
 * steps from their checkpointed (compressed, encrypted, offloaded) payloads.
 */
import { withDurableExecution, type DurableContext } from '@aws/durable-execution-sdk-js';
import { LocalDurableTestRunner } from '@aws/durable-execution-sdk-js-testing';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKmsKeyProvider } from '../../src/kms.js';
import { createS3BlobStore } from '../../src/s3.js';
import { describePayload } from '../../src/serdes/envelope.js';
import { createPayloadSerdes } from '../../src/serdes/payload-serdes.js';
import { startKmsHost, type KmsHost } from '../support/kms-host.js';
import { startS3rver, type S3rverHandle } from '../support/s3rver.js';
import { noise } from './memory-ports.js';

let kms: KmsHost;
let s3: S3rverHandle;
beforeAll(async () => {
  [kms, s3] = await Promise.all([startKmsHost(), startS3rver()]);
  await LocalDurableTestRunner.setupTestEnvironment({ skipTime: false });
});
afterAll(async () => {
  await LocalDurableTestRunner.teardownTestEnvironment();
  await Promise.all([kms.stop(), s3.stop()]);
});

interface Profile { name: string; born: Date; visits: Map<string, bigint> }

describe('official SDK with our payload pipeline', () => {
  it('checkpoints step results compressed, encrypted and offloaded, and replays them intact after a wait', async () => {
    kms.createKey('alias/interop');
    const serdes = createPayloadSerdes({
      compression: { algorithm: 'gzip' },
      encryption: { keyProvider: createKmsKeyProvider({ keyId: 'alias/interop', client: kms.client() }) },
      offload: { store: createS3BlobStore({ bucket: s3.bucket, client: s3.client }) },
    });
    const report = noise(400 * 1024);
    const reportDigest = createHash('sha256').update(report).digest('hex');
    let invocations = 0;
    const handler = withDurableExecution(async (_event: unknown, context: DurableContext) => {
      invocations += 1;
      // No casts: the step types are inferred from the step functions through `serdes`.
      const profile: Profile = await context.step('profile', async () => ({ name: 'Ada', born: new Date('1815-12-10T00:00:00Z'), visits: new Map([['lisbon', 3n]]) }), { serdes });
      const big: string = await context.step('report', async () => report, { serdes });
      await context.wait('pause', { seconds: 1 });
      return { name: profile.name, born: profile.born.toISOString(), visits: String(profile.visits.get('lisbon')), reportDigest: createHash('sha256').update(big).digest('hex') };
    });
    const runner = new LocalDurableTestRunner({ handlerFunction: handler });
    const generateBefore = kms.calls['GenerateDataKey'] ?? 0;
    const putsBefore = s3.requests.PUT;
    const execution = await runner.run({ payload: {} });

    expect(execution.getStatus()).toBe('SUCCEEDED');
    expect(execution.getResult()).toEqual({ name: 'Ada', born: '1815-12-10T00:00:00.000Z', visits: '3', reportDigest });
    expect(invocations).toBeGreaterThanOrEqual(2);

    const profilePayload = runner.getOperation('profile').getOperationData()?.StepDetails?.Result ?? '';
    expect(profilePayload).not.toContain('Ada');
    expect(describePayload(profilePayload)).toMatchObject({ kind: 'envelope', format: 'ejson', encryption: { keyId: expect.stringMatching(/^arn:aws:kms:/) as unknown } });
    const reportPayload = runner.getOperation('report').getOperationData()?.StepDetails?.Result ?? '';
    const reportDescription = describePayload(reportPayload);
    expect(reportDescription.compression).toBe('gzip');
    expect(reportDescription.offload?.key).toMatch(/^durable-lambda\/[^/]+\/[0-9a-f]{64}$/);
    expect(reportDescription.checkpointBytes).toBeLessThan(1024);

    expect((kms.calls['GenerateDataKey'] ?? 0) - generateBefore).toBe(1);
    expect(s3.requests.PUT - putsBefore).toBe(1);
  });
});
