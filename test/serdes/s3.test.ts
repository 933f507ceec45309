import { GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3BlobStore } from '../../src/s3.js';
import { describePayload } from '../../src/serdes/envelope.js';
import { BlobNotFoundError, BlobStoreError, PayloadIntegrityError } from '../../src/serdes/errors.js';
import { createPayloadSerdes } from '../../src/serdes/payload-serdes.js';
import { startS3rver, type S3rverHandle } from '../support/s3rver.js';
import { ctx, memoryKeyProvider, noise } from './memory-ports.js';

let s3: S3rverHandle;
beforeAll(async () => { s3 = await startS3rver(); });
afterAll(async () => { await s3.stop(); });

const errorOf = (promise: Promise<unknown>): Promise<unknown> => promise.then(() => undefined, (e: unknown) => e);
const big = (): { report: string } => ({ report: noise(300 * 1024) });

describe('S3 blob store on s3rver', () => {
  it('offloads with one PUT, reads with one GET, and none on a cached replay', async () => {
    const store = createS3BlobStore({ bucket: s3.bucket, client: s3.client });
    const serdes = createPayloadSerdes({ compression: {}, encryption: { keyProvider: memoryKeyProvider() }, offload: { store, prefix: 'tenant-a/' } });
    const value = big();
    const start = { ...s3.requests };
    const data = (await serdes.serialize(value, ctx('3'))) as string;
    expect(s3.requests.PUT - start.PUT).toBe(1);
    const key = describePayload(data).offload?.key ?? '';
    expect(key).toMatch(/^tenant-a\/exec-1\/[0-9a-f]{64}$/);
    const head = await s3.client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: key }));
    expect(head.ContentLength).toBe(describePayload(data).offload?.bytes);
    expect(await serdes.deserialize(data, ctx('3'))).toEqual(value);
    expect(s3.requests.GET - start.GET).toBe(0);
    const coldReader = createPayloadSerdes({ encryption: { keyProvider: memoryKeyProvider() }, offload: { store, prefix: 'tenant-a/' } });
    // A different key provider cannot unwrap the data key: the blob alone is not enough.
    expect(await errorOf(coldReader.deserialize(data, ctx('3')))).toMatchObject({ retryable: false });
    expect(s3.requests.GET - start.GET).toBe(1);
  });

  it('round-trips plain offloaded JSON and sends the SSE options', async () => {
    const store = createS3BlobStore({ bucket: s3.bucket, client: s3.client, serverSideEncryption: 'AES256' });
    const serdes = createPayloadSerdes({ offload: { store, thresholdBytes: 1000 } });
    const value = { rows: Array.from({ length: 100 }, (_, i) => ({ i, name: `n${i}` })) };
    const data = (await serdes.serialize(value, ctx('1'))) as string;
    const key = describePayload(data).offload?.key ?? '';
    expect(s3.lastPutHeaders?.['x-amz-server-side-encryption']).toBe('AES256');
    const object = await s3.client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: key }));
    expect(JSON.parse(await object.Body?.transformToString() ?? 'null')).toEqual(value);
    expect(await createPayloadSerdes({ offload: { store } }).deserialize(data, ctx('1'))).toEqual(value);
  });

  it('reports a missing blob as permanent', async () => {
    const store = createS3BlobStore({ bucket: s3.bucket, client: s3.client });
    const data = '{"$dl":1,"f":"json","o":{"k":"durable-lambda/exec-1/' + '0'.repeat(64) + '","h":"' + '0'.repeat(64) + '","n":3}}';
    const error = await errorOf(createPayloadSerdes({ offload: { store } }).deserialize(data, ctx('8')));
    expect(error).toBeInstanceOf(BlobNotFoundError);
    expect(error).toMatchObject({ retryable: false, operationId: '8' });
    expect((error as Error).message).toMatch(/retention period/);
  });

  it('detects a replaced object by its digest', async () => {
    const store = createS3BlobStore({ bucket: s3.bucket, client: s3.client });
    const data = (await createPayloadSerdes({ offload: { store, thresholdBytes: 100 } }).serialize('q'.repeat(500), ctx('2'))) as string;
    const key = describePayload(data).offload?.key ?? '';
    await s3.client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: key, Body: Buffer.from(`"${'r'.repeat(500)}"`) }));
    await expect(createPayloadSerdes({ offload: { store } }).deserialize(data, ctx('2'))).rejects.toBeInstanceOf(PayloadIntegrityError);
  });

  it('reports 5xx as retryable, writing no checkpoint payload, and recovers', async () => {
    const store = createS3BlobStore({ bucket: s3.bucket, client: s3.client });
    const serdes = createPayloadSerdes({ offload: { store } });
    const value = big();
    s3.failNext(1, 503);
    const onPut = await errorOf(serdes.serialize(value, ctx('5')));
    expect(onPut).toBeInstanceOf(BlobStoreError);
    expect(onPut).toMatchObject({ retryable: true, scope: 'INVOCATION', operationId: '5' });
    expect((onPut as Error).message).toMatch(/PutObject .*HTTP 503/);
    const data = await serdes.serialize(value, ctx('5'));
    const reader = createPayloadSerdes({ offload: { store } });
    s3.failNext(1, 500);
    expect(await errorOf(reader.deserialize(data, ctx('5')))).toMatchObject({ name: 'BlobStoreError', retryable: true });
    expect(await reader.deserialize(data, ctx('5'))).toEqual(value);
  });

  it('reports unreachable S3 as retryable and access errors as permanent', async () => {
    const unreachable = createS3BlobStore({ bucket: s3.bucket, client: s3.clientFor('http://127.0.0.1:9') });
    const error = await errorOf(createPayloadSerdes({ offload: { store: unreachable } }).serialize(big(), ctx('6')));
    expect(error).toMatchObject({ name: 'BlobStoreError', retryable: true, operationId: '6' });
    const noBucket = createS3BlobStore({ bucket: 'no-such-bucket', client: s3.client });
    const denied = await errorOf(createPayloadSerdes({ offload: { store: noBucket } }).serialize(big(), ctx('7')));
    expect(denied).toMatchObject({ name: 'BlobStoreError', retryable: false });
    expect((denied as Error).message).toMatch(/NoSuchBucket/);
  });
});
