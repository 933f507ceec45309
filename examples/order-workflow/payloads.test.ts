/**
 * The order workflow's payload configuration: local (key file + directory) without AWS settings,
 * KMS + S3 with them (against the KMS test host and s3rver), and a clear error in between.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describePayload, type SerdesContext } from 'durable-lambda';
import { DurableTestRunner, inProcessInvoker } from 'durable-lambda/testing';
import { startKmsHost, type KmsHost } from '../../test/support/kms-host.js';
import { startS3rver, type S3rverHandle } from '../../test/support/s3rver.js';
import { createDemoOrderServices, createOrderWorkflow, type OrderRequest, type OrderResult } from './handler.js';
import { localPayloadDirectory, payloadsFromEnvironment } from './payloads.js';

let kms: KmsHost;
let s3: S3rverHandle;
const dirs: string[] = [];
beforeAll(async () => {
  [kms, s3] = await Promise.all([startKmsHost(), startS3rver()]);
});
afterAll(async () => {
  await Promise.all([kms.stop(), s3.stop()]);
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const context: SerdesContext = { durableExecutionArn: 'arn:aws:lambda:us-east-1:123456789012:function:f:1/durable-execution/e/i', entityId: '1' };

describe('order workflow payload configuration', () => {
  it('without AWS settings: a local key file and blob directory under DURABLE_LAMBDA_DEV_DIR', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'payloads-'));
    dirs.push(dir);
    expect(localPayloadDirectory({ DURABLE_LAMBDA_DEV_DIR: dir })).toBe(dir);
    const payloads = await payloadsFromEnvironment({ DURABLE_LAMBDA_DEV_DIR: dir });
    const text = (await payloads.serialize({ email: 'ada@example.com' }, context)) ?? '';
    expect(describePayload(text).encryption?.keyId).toMatch(/^local:/);
    expect(await payloads.deserialize(text, context)).toEqual({ email: 'ada@example.com' });
  });

  it('refuses half a deployed configuration, naming both variables', async () => {
    await expect(payloadsFromEnvironment({ DURABLE_LAMBDA_KMS_KEY_ARN: 'arn:aws:kms:us-east-1:1:key/k' })).rejects.toThrow(
      /DURABLE_LAMBDA_KMS_KEY_ARN and DURABLE_LAMBDA_PAYLOAD_BUCKET/,
    );
  });

  it('deployed (the environment template.yaml sets): KMS data keys and S3 offloading, end to end', async () => {
    const keyArn = kms.createKey('alias/order-payloads');
    const env = {
      DURABLE_LAMBDA_KMS_KEY_ARN: keyArn,
      DURABLE_LAMBDA_KMS_ENCRYPTION_CONTEXT_PURPOSE: 'durable-lambda-payload',
      DURABLE_LAMBDA_PAYLOAD_BUCKET: s3.bucket,
      DURABLE_LAMBDA_PAYLOAD_PREFIX: 'orders/',
    };
    const payloads = await payloadsFromEnvironment(env, { kms: kms.client(), s3: s3.client });
    const services = createDemoOrderServices();
    const handler = createOrderWorkflow({ services, payloads });
    const runner = new DurableTestRunner({ handler });
    runner.service.registerFunction({ name: 'handler', invoker: inProcessInvoker(handler), executionTimeoutSeconds: 7 * 86_400 });
    const order: OrderRequest = { orderId: 'o-9', customerId: 'c-ada', items: [{ sku: 'kettle', quantity: 30, unitCents: 3_900 }] };
    const execution = runner.start<OrderResult>(order);
    runner.service.scheduleAction(execution.arn, runner.service.clock.now() + 3_600_000, () =>
      execution.sendCallbackSuccess(services.approvals[0]?.callbackId ?? '', '{"approved":true,"by":"ops"}'),
    );
    const puts = s3.requests.PUT;
    const { status, result, operations } = await execution.result();

    expect(status).toBe('SUCCEEDED');
    expect(result).toMatchObject({ status: 'completed', approvedBy: 'ops', trackingId: 'TRACK-o-9' });
    const recorded = (name: string) => describePayload(operations.find((op) => op.Name === name)?.StepDetails?.Result ?? '');
    expect(recorded('load-customer').encryption?.keyId).toBe(keyArn);
    expect(recorded('build-report').offload?.key).toMatch(/^orders\//);
    expect(kms.calls.GenerateDataKey).toBeGreaterThanOrEqual(1);
    expect(s3.requests.PUT - puts).toBe(1);
  });
});
