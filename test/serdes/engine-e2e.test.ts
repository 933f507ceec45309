/**
 * End to end with this package's engine: a handler built with our `withDurableExecution` whose
 * step results are compressed, KMS-encrypted and S3-offloaded, replayed after a wait, and read back
 * intact. It runs under the official LocalDurableTestRunner (our emulator's `durable-lambda/testing`
 * entry did not exist yet when this was written), with real KMS-protocol and S3 servers.
 */
import { LocalDurableTestRunner } from '@aws/durable-execution-sdk-js-testing';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePayload, describePayload, withDurableExecution, createPayloadSerdes, type Serdes, type SerdesContext } from 'durable-lambda';
import { createKmsKeyProvider } from 'durable-lambda/kms';
import { createS3BlobStore } from 'durable-lambda/s3';
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

/** Records the contexts a serdes sees (to decode the history afterwards) and passes through. */
function recording<T>(inner: Serdes<T>, seen: SerdesContext[]): Serdes<T> {
  return {
    serialize: (value, context) => { seen.push(context); return inner.serialize(value, context); },
    deserialize: (data, context) => inner.deserialize(data, context),
  };
}

interface Account { owner: string; opened: Date; balances: Map<string, bigint>; iban: Buffer }

describe('our engine with the full payload pipeline', () => {
  it('replays compressed, encrypted, offloaded step results after a wait and reads them back intact', async () => {
    kms.createKey('alias/e2e');
    const pipeline = () => createPayloadSerdes({
      compression: { algorithm: 'brotli' },
      encryption: { keyProvider: createKmsKeyProvider({ keyId: 'alias/e2e', client: kms.client() }) },
      offload: { store: createS3BlobStore({ bucket: s3.bucket, client: s3.client }), prefix: 'e2e/' },
    });
    const seen: SerdesContext[] = [];
    const serdes = recording(pipeline(), seen);
    const statement = noise(500 * 1024);
    const digest = (text: string): string => createHash('sha256').update(text).digest('hex');
    let invocations = 0;
    let afterWait: { owner: string; opened: string; eur: string; iban: string; statement: string } | undefined;

    const handler = withDurableExecution(async (_event: unknown, context) => {
      invocations += 1;
      const account = (await context.step('account', async () => ({
        owner: 'Grace Hopper', opened: new Date('1952-05-01T00:00:00Z'), balances: new Map([['EUR', 12345678901234567890n]]), iban: Buffer.from('PT50000201231234567890154'),
      }), { serdes })) as Account;
      const text = (await context.step('statement', async () => statement, { serdes })) as string;
      await context.wait('cool-off', { seconds: 1 });
      afterWait = { owner: account.owner, opened: account.opened.toISOString(), eur: String(account.balances.get('EUR')), iban: account.iban.toString(), statement: digest(text) };
      return afterWait;
    });
    const runner = new LocalDurableTestRunner({ handlerFunction: handler });
    const before = { generate: kms.calls['GenerateDataKey'] ?? 0, decrypt: kms.calls['Decrypt'] ?? 0, put: s3.requests.PUT, get: s3.requests.GET };
    const execution = await runner.run({ payload: { accountId: 'a-1' } });

    const expected = { owner: 'Grace Hopper', opened: '1952-05-01T00:00:00.000Z', eur: '12345678901234567890', iban: 'PT50000201231234567890154', statement: digest(statement) };
    expect(execution.getStatus()).toBe('SUCCEEDED');
    expect(execution.getResult()).toEqual(expected);
    expect(afterWait).toEqual(expected);
    expect(invocations).toBeGreaterThanOrEqual(2);

    const accountPayload = runner.getOperation('account').getOperationData()?.StepDetails?.Result ?? '';
    const statementPayload = runner.getOperation('statement').getOperationData()?.StepDetails?.Result ?? '';
    expect(accountPayload).not.toContain('Grace');
    expect(describePayload(accountPayload)).toMatchObject({ kind: 'envelope', format: 'ejson', encryption: { keyId: expect.stringMatching(/^arn:aws:kms:/) as unknown } });
    expect(describePayload(statementPayload)).toMatchObject({ compression: 'br', offload: { key: expect.stringMatching(/^e2e\/[^/]+\/[0-9a-f]{64}$/) as unknown } });
    expect(describePayload(statementPayload).checkpointBytes).toBeLessThan(1024);

    // One data key for the whole execution, one PUT per offloaded value, replay served from caches.
    expect((kms.calls['GenerateDataKey'] ?? 0) - before.generate).toBe(1);
    expect((kms.calls['Decrypt'] ?? 0) - before.decrypt).toBe(0);
    expect(s3.requests.PUT - before.put).toBe(1);
    expect(s3.requests.GET - before.get).toBe(0);

    // A cold process (new pipeline, empty caches) decodes the checkpointed history too.
    const statementContext = seen[1] as SerdesContext; // serialize order: account, statement
    const cold = await decodePayload(statementPayload, {
      context: statementContext,
      keyProvider: createKmsKeyProvider({ keyId: 'alias/e2e', client: kms.client() }),
      store: createS3BlobStore({ bucket: s3.bucket, client: s3.client }),
    });
    expect(digest(cold as string)).toBe(digest(statement));
    expect((kms.calls['Decrypt'] ?? 0) - before.decrypt).toBe(1);
    expect(s3.requests.GET - before.get).toBe(1);
  });

  it('ends the invocation with a retryable error when S3 answers 5xx, checkpointing nothing for the step', async () => {
    const serdes = createPayloadSerdes({ offload: { store: createS3BlobStore({ bucket: s3.bucket, client: s3.client }), thresholdBytes: 10 } });
    let runs = 0;
    const handler = withDurableExecution(async (_event: unknown, context) => {
      const value = await context.step<string>('upload', async () => { runs += 1; return 'x'.repeat(100); }, { serdes });
      return value.length;
    });
    const runner = new LocalDurableTestRunner({ handlerFunction: handler });
    s3.failNext(1, 503);
    const error = await runner.run({ payload: {} }).then(() => undefined, (e: unknown) => e);
    // An invocation error: Lambda retries the invocation, and the step runs again.
    expect(error).toMatchObject({ name: 'SerdesFailedError', isUnrecoverableInvocation: true });
    expect((error as Error).message).toMatch(/S3 PutObject .*HTTP 503/);
    expect(runs).toBe(1);
    expect(runner.getOperation('upload').getOperationData()?.Status).not.toBe('SUCCEEDED');
  });
});
