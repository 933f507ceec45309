import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { describePayload } from 'durable-lambda';
import { assertCrashSafe, assertReplayDeterministic, DurableTestRunner, inProcessInvoker } from 'durable-lambda/testing';
import { createDemoOrderServices, createOrderWorkflow, type OrderRequest, type OrderResult } from './handler.js';
import { createLocalOrderPayloads } from './payloads.js';

const HOUR = 3_600_000;
const order: OrderRequest = {
  orderId: 'o-1001',
  customerId: 'c-ada',
  items: [
    { sku: 'kettle', quantity: 2, unitCents: 3_900 },
    { sku: 'teapot', quantity: 3, unitCents: 2_450 },
    { sku: 'cups', quantity: 6, unitCents: 800 },
    { sku: 'tray', quantity: 1, unitCents: 1_500 },
    { sku: 'spoons', quantity: 12, unitCents: 150 },
  ],
};

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'order-workflow-'));
  dirs.push(dir);
  const services = createDemoOrderServices();
  const handler = createOrderWorkflow({ services, payloads: createLocalOrderPayloads(dir) });
  const runner = new DurableTestRunner({ handler, functionName: 'order-workflow' });
  // As deployed (template.yaml): an execution may run 7 days (approval + a one-day wait).
  runner.service.registerFunction({ name: 'order-workflow', invoker: inProcessInvoker(handler), executionTimeoutSeconds: 7 * 86_400 });
  const execution = runner.start<OrderResult>(order);
  const startedAt = runner.service.clock.now();
  /** Answers the approval request `hours` of virtual time after the start. */
  const answerAt = (hours: number, body: unknown): void =>
    runner.service.scheduleAction(execution.arn, startedAt + hours * HOUR, () => {
      const request = services.approvals.at(-1);
      if (!request) throw new Error('no approval was requested');
      execution.sendCallbackSuccess(request.callbackId, JSON.stringify(body));
    });
  return { dir, services, handler, runner, execution, answerAt, startedAt };
}

describe('order-workflow example', () => {
  it('validates, encrypts PII, reserves every item, awaits approval, offloads the report, waits a day, completes', async () => {
    const { dir, services, execution, answerAt, startedAt } = setup();
    answerAt(2, { approved: true, by: 'maria' });
    const { status, result, history } = await execution.result();

    expect(status).toBe('SUCCEEDED');
    expect(result).toMatchObject({ status: 'completed', orderId: 'o-1001', totalCents: 23_250, reserved: 5, approvedBy: 'maria', trackingId: 'TRACK-o-1001' });
    expect(result?.status === 'completed' && result.reportBytes).toBeGreaterThan(300 * 1024);
    expect(services.calls).toEqual(['loadCustomer c-ada', 'reserve kettle', 'reserve teapot', 'reserve cups', 'reserve tray', 'reserve spoons', 'requestApproval o-1001', 'ship o-1001']);
    // Usage hand count: start 1 + 'validate-order' 1 + 'load-customer' 1 + map 'reserve-items' 1
    // + 5 line items × (item context 1 + 'reserve' step 1) + createCallback 'manager-approval' 1
    // + 'request-approval' 1 + 'build-report' 1 + wait 'cool-off' 1 + 'ship-order' 1 = 19.
    expect((await execution.result()).usage.operations).toBe(19);
    const crash = await assertCrashSafe(execution, {
      functionName: 'order-workflow',
      handlerFactory: () => createOrderWorkflow({ services: createDemoOrderServices(), payloads: createLocalOrderPayloads(dir) }),
    });
    expect(crash).toMatchObject({ runs: crash.boundaries * 3, divergences: [] });
    console.log(`assertCrashSafe order-workflow: ${crash.boundaries} boundaries, ${crash.runs} runs, ${crash.reruns} allowed re-runs, ${crash.durationMs} ms`);

    const succeeded = (name: string) => history.find((e) => e.Name === name && /Succeeded$/.test(e.EventType));
    // PII: the recorded customer is ciphertext; neither the e-mail nor the address appears anywhere.
    const customerPayload = succeeded('load-customer')?.StepSucceededDetails?.Result?.Payload ?? '';
    expect(describePayload(customerPayload)).toMatchObject({ encryption: expect.anything() });
    expect(JSON.stringify(history)).not.toContain('ada@example.com');
    expect(JSON.stringify(history)).not.toContain('Analytical Row');
    // Fan-out: one context per line item, named by SKU, under the map.
    const map = succeeded('reserve-items');
    expect(map?.EventType).toBe('ContextSucceeded');
    const items = history.filter((e) => e.EventType === 'ContextSucceeded' && e.ParentId === map?.Id).map((e) => e.Name);
    expect(items).toEqual(['kettle', 'teapot', 'cups', 'tray', 'spoons']);
    // The approval came back on the callback two hours in.
    const approved = history.find((e) => e.EventType === 'CallbackSucceeded');
    expect(approved?.Name).toBe('manager-approval');
    expect(new Date(approved?.EventTimestamp as Date).getTime() - startedAt).toBeGreaterThanOrEqual(2 * HOUR);
    // The report went to the blob store: the record holds a small reference.
    const reportPayload = succeeded('build-report')?.StepSucceededDetails?.Result?.Payload ?? '';
    expect(Buffer.byteLength(reportPayload)).toBeLessThan(4096);
    expect(describePayload(reportPayload)).toMatchObject({ offload: expect.anything() });
    expect(readdirSync(join(dir, 'blobs'), { recursive: true }).length).toBeGreaterThan(0);
    // A one-day wait, then shipping.
    const wait = history.find((e) => e.EventType === 'WaitStarted');
    expect(wait?.Name).toBe('cool-off');
    expect(wait?.WaitStartedDetails?.Duration).toBe(86_400);
    expect(history.at(-1)?.EventType).toBe('ExecutionSucceeded');

    const replay = await assertReplayDeterministic(execution);
    expect(replay).toMatchObject({ status: 'SUCCEEDED', result: JSON.stringify(result), newUpdates: [] });
    expect(services.calls).toHaveLength(8);
  });

  it('a rejected approval ends the order before the report and the shipping', async () => {
    const { services, execution, answerAt } = setup();
    answerAt(5, { approved: false, comment: 'customer credit check failed' });
    const { status, result } = await execution.result();
    expect(status).toBe('SUCCEEDED');
    expect(result).toEqual({ status: 'rejected', orderId: 'o-1001', reason: 'customer credit check failed' });
    expect(services.calls.filter((c) => c.startsWith('ship'))).toEqual([]);
    // Usage hand count: the 15 operations up to and including 'request-approval' and the start
    // (1 + 1 + 1 + 1 + 5 × 2 + 1 + 1), nothing after the rejection = 16.
    expect((await execution.result()).usage.operations).toBe(16);
  });

  it('no answer within the three-day window rejects the order', async () => {
    const { services, execution, startedAt } = setup();
    const { status, result, history } = await execution.result();
    expect(status).toBe('SUCCEEDED');
    expect(result).toEqual({ status: 'rejected', orderId: 'o-1001', reason: 'no approval within 3 days' });
    const timedOut = history.find((e) => e.EventType === 'CallbackTimedOut');
    expect(new Date(timedOut?.EventTimestamp as Date).getTime() - startedAt).toBeGreaterThanOrEqual(72 * HOUR);
    expect(services.calls.filter((c) => c.startsWith('ship'))).toEqual([]);
    // Usage hand count: as for the rejection (the callback's time-out is no extra operation) = 16.
    expect((await execution.result()).usage.operations).toBe(16);
  });

  it('an invalid order fails the execution at validation, with a clear error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'order-workflow-'));
    dirs.push(dir);
    const handler = createOrderWorkflow({ services: createDemoOrderServices(), payloads: createLocalOrderPayloads(dir) });
    const { status, error, usage } = await new DurableTestRunner({ handler }).run({ ...order, items: [] });
    expect(status).toBe('FAILED');
    expect(error?.ErrorMessage).toBe('Order o-1001: no line items');
    // Usage hand count: start 1 + 'validate-order' 1 (failed, no retry) = 2.
    expect(usage.operations).toBe(2);
  });
});
