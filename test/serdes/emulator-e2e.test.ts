/**
 * End to end on this package's emulator (`durable-lambda/testing`): a handler built with our
 * `withDurableExecution`, step results compressed, KMS-encrypted (KMS test host, real KMS client)
 * and S3-offloaded (s3rver, real S3 client), replayed after a wait on the virtual clock, read
 * back intact; the history holds no plaintext and decodes in a cold process.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPayloadSerdes, decodePayload, describePayload, withDurableExecution, type SerdesContext } from 'durable-lambda';
import { createKmsKeyProvider } from 'durable-lambda/kms';
import { createS3BlobStore } from 'durable-lambda/s3';
import { DurableTestRunner, parseExecutionArn } from 'durable-lambda/testing';
import { startKmsHost, type KmsHost } from '../support/kms-host.js';
import { startS3rver, type S3rverHandle } from '../support/s3rver.js';
import { noise } from './memory-ports.js';

let kms: KmsHost;
let s3: S3rverHandle;
beforeAll(async () => { [kms, s3] = await Promise.all([startKmsHost(), startS3rver()]); });
afterAll(async () => { await Promise.all([kms.stop(), s3.stop()]); });

interface Card { holder: string; pan: string; expires: Date }

const digest = (text: string): string => createHash('sha256').update(text).digest('hex');

describe('payload pipeline on the durable-lambda emulator', () => {
  it('replays compressed, encrypted and offloaded step results after a wait', async () => {
    kms.createKey('alias/emulator');
    const serdes = createPayloadSerdes({
      compression: {},
      encryption: { keyProvider: createKmsKeyProvider({ keyId: 'alias/emulator', client: kms.client(), encryptionContext: { app: 'e2e' } }) },
      offload: { store: createS3BlobStore({ bucket: s3.bucket, client: s3.client }), prefix: 'emu/' },
    });
    const ledger = noise(600 * 1024);
    let invocations = 0;
    const handler = withDurableExecution(async (event: { customer: string }, context) => {
      invocations += 1;
      // Explicit type arguments: with this package's Serdes typing, a step's type is not inferred through `serdes`.
      const card = await context.step<Card>('card', async () => ({ holder: event.customer, pan: '4111111111111111', expires: new Date('2030-01-31T00:00:00Z') }), { serdes });
      const text = await context.step<string>('ledger', async () => ledger, { serdes });
      await context.wait('settle', { minutes: 5 });
      const summary = await context.step('summary', async () => ({ holder: card.holder, expires: card.expires.getUTCFullYear(), ledger: digest(text) }), { serdes });
      return summary;
    });

    const before = { generate: kms.calls['GenerateDataKey'] ?? 0, put: s3.requests.PUT };
    const execution = new DurableTestRunner({ handler }).start({ customer: 'Ada Lovelace' });
    const result = await execution.result();

    expect(result.status).toBe('SUCCEEDED');
    expect(result.result).toEqual({ holder: 'Ada Lovelace', expires: 2030, ledger: digest(ledger) });
    expect(invocations).toBeGreaterThanOrEqual(2);
    expect((kms.calls['GenerateDataKey'] ?? 0) - before.generate).toBe(1);
    expect(s3.requests.PUT - before.put).toBe(1);

    // The card number only ever existed inside encrypted step payloads.
    expect(JSON.stringify(result.history)).not.toContain('4111111111111111');
    expect(JSON.stringify(result.operations)).not.toContain('4111111111111111');
    const stepResult = (name: string): string => result.operations.find((operation) => operation.Name === name)?.StepDetails?.Result ?? '';
    const ledgerRef = describePayload(stepResult('ledger'));
    const executionName = parseExecutionArn(execution.arn)?.executionName ?? '';
    expect(executionName).not.toBe('');
    expect(ledgerRef.offload?.key).toBe(`emu/${executionName}/${ledgerRef.offload?.sha256 ?? ''}`);
    expect(describePayload(stepResult('card'))).toMatchObject({ format: 'ejson', encryption: { keyId: expect.stringMatching(/^arn:aws:kms:/) as unknown } });

    // Cold decode (new provider and store, empty caches), as a `decode` command would do it.
    const cardOperation = result.operations.find((operation) => operation.Name === 'card');
    const context: SerdesContext = { durableExecutionArn: execution.arn, entityId: '1' };
    expect(cardOperation?.Id).toBe(createHash('md5').update('1').digest('hex').slice(0, 16));
    const card = await decodePayload(stepResult('card'), {
      context,
      keyProvider: createKmsKeyProvider({ keyId: 'alias/emulator', client: kms.client(), encryptionContext: { app: 'e2e' } }),
      store: createS3BlobStore({ bucket: s3.bucket, client: s3.client }),
    });
    expect(card).toEqual({ holder: 'Ada Lovelace', pan: '4111111111111111', expires: new Date('2030-01-31T00:00:00Z') });
  });

  it('fails an execution whose step result stays over the limit, naming the operation, the size and the fix', async () => {
    const serdes = createPayloadSerdes({ compression: {} });
    const handler = withDurableExecution(async (_event: unknown, context) => context.step<string>('export', async () => noise(300 * 1024), { serdes }));
    const result = await new DurableTestRunner({ handler }).run({});
    expect(result.status).toBe('FAILED');
    expect(result.error?.ErrorMessage).toMatch(/operation "1": it is \d+ bytes after the payload pipeline, over the 262144-byte limit.*offload/);
    expect(result.operations.find((operation) => operation.Name === 'export')?.Status).not.toBe('SUCCEEDED');
  });
});
