/**
 * Runs every example to completion on the local service and returns its history, plus how to
 * build the example's handler again from a (possibly changed) copy of its source module.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DurableTestRunner, inProcessInvoker, type LambdaHandler } from 'durable-lambda/testing';
import type { HistoryEvent } from '../../../src/protocol.js';
import * as checkout from '../../../examples/chained-invoke/handler.js';
import * as payment from '../../../examples/chained-invoke/payment.js';
import * as fanOut from '../../../examples/fan-out/handler.js';
import * as approval from '../../../examples/human-approval/handler.js';
import * as orderWorkflow from '../../../examples/order-workflow/handler.js';
import { createLocalOrderPayloads } from '../../../examples/order-workflow/payloads.js';
import * as polling from '../../../examples/polling/handler.js';
import * as saga from '../../../examples/saga/handler.js';

const HOUR = 3_600_000;

/** An example: its source module, how to build its handler from a module, and a recorded run. */
export interface ExampleCase {
  readonly name: string;
  readonly source: string;
  /** Builds the handler from the example module (the original or a changed copy). */
  build(module: Record<string, unknown>): LambdaHandler;
  /** Runs the original once and returns its history. */
  record(): Promise<Recording>;
}

type Factory = (...args: never[]) => LambdaHandler;
const factory = (module: Record<string, unknown>, name: string): Factory => module[name] as Factory;

/** A recorded run: its history and ARN. */
export interface Recording {
  readonly arn: string;
  readonly history: HistoryEvent[];
}

/** Runs `handler` with `input`, answering callbacks through `answer` after the start. */
async function recordRun(options: { handler: LambdaHandler; input: unknown; functions?: Record<string, LambdaHandler>; answer?: (runner: DurableTestRunner, arn: string, at: number) => void }): Promise<Recording> {
  const runner = new DurableTestRunner({ handler: options.handler, functionName: 'example', ...(options.functions ? { functions: options.functions } : {}) });
  runner.service.registerFunction({ name: 'example', invoker: inProcessInvoker(options.handler), executionTimeoutSeconds: 7 * 86_400 });
  const execution = runner.start(options.input);
  options.answer?.(runner, execution.arn, runner.service.clock.now());
  const result = await execution.result();
  if (result.status !== 'SUCCEEDED') throw new Error(`recording ${JSON.stringify(options.input)} ended ${result.status}`);
  return { arn: execution.arn, history: result.history };
}

const payloadDir = mkdtempSync(join(tmpdir(), 'replay-history-'));
const orderServices = orderWorkflow.createDemoOrderServices();
const orderPayloads = createLocalOrderPayloads(payloadDir);
const approvalNotifier = approval.createDemoNotifier();

export const examples: readonly ExampleCase[] = [
  {
    name: 'saga',
    source: 'examples/saga/handler.ts',
    build: (module) => factory(module, 'createTripSaga')(saga.createDemoTravelServices() as never),
    record: () => recordRun({ handler: saga.createTripSaga(saga.createDemoTravelServices()), input: { tripId: 't-1', flight: 'LH-400', hotel: 'harbour-view', card: 'tok_visa', amountCents: 120_000 } }),
  },
  {
    name: 'chained-invoke',
    source: 'examples/chained-invoke/handler.ts',
    build: (module) => factory(module, 'createCheckout')({ sendReceipt: async () => undefined } as never),
    record: () =>
      recordRun({
        handler: checkout.createCheckout({ sendReceipt: async () => undefined }),
        input: { orderId: 'o-42', card: 'tok_visa', items: [{ sku: 'mug', quantity: 2, unitCents: 1250 }] },
        functions: { payment: payment.createPaymentFunction(payment.createDemoCardProcessor()) },
      }),
  },
  {
    name: 'payment',
    source: 'examples/chained-invoke/payment.ts',
    build: (module) => factory(module, 'createPaymentFunction')(payment.createDemoCardProcessor() as never),
    record: () => recordRun({ handler: payment.createPaymentFunction(payment.createDemoCardProcessor()), input: { orderId: 'o-42', amountCents: 2500, card: 'tok_visa' } }),
  },
  {
    name: 'fan-out',
    source: 'examples/fan-out/handler.ts',
    build: (module) => factory(module, 'createQuoteCollector')(fanOut.createDemoSuppliers() as never),
    record: () =>
      recordRun({
        handler: fanOut.createQuoteCollector(fanOut.createDemoSuppliers()),
        input: { requestId: 'rq-5', part: 'M8 bolt', quantity: 40, suppliers: ['acme', 'bolts-r-us', 'fastenal', 'globex', 'initech'] },
      }),
  },
  {
    name: 'human-approval',
    source: 'examples/human-approval/handler.ts',
    build: (module) => factory(module, 'createApprovalWorkflow')(approvalNotifier as never),
    record: () =>
      recordRun({
        handler: approval.createApprovalWorkflow(approvalNotifier),
        input: { requestId: 'exp-9', amountCents: 48_000, manager: 'maria', director: 'dev' },
        answer: (runner, arn, at) =>
          runner.service.scheduleAction(arn, at + 2 * HOUR, () => {
            const sent = approvalNotifier.sent.at(-1);
            if (!sent) throw new Error('no approval request was sent');
            runner.service.sendCallbackSuccess(sent.callbackId, JSON.stringify({ approved: true }));
          }),
      }),
  },
  {
    name: 'order-workflow',
    source: 'examples/order-workflow/handler.ts',
    build: (module) => factory(module, 'createOrderWorkflow')({ services: orderServices, payloads: orderPayloads } as never),
    record: () =>
      recordRun({
        handler: orderWorkflow.createOrderWorkflow({ services: orderServices, payloads: orderPayloads }),
        input: { orderId: 'o-1001', customerId: 'c-ada', items: [{ sku: 'kettle', quantity: 2, unitCents: 3_900 }, { sku: 'cups', quantity: 6, unitCents: 800 }] },
        answer: (runner, arn, at) =>
          runner.service.scheduleAction(arn, at + 2 * HOUR, () => {
            const request = orderServices.approvals.at(-1);
            if (!request) throw new Error('no approval was requested');
            runner.service.sendCallbackSuccess(request.callbackId, JSON.stringify({ approved: true, by: 'maria' }));
          }),
      }),
  },
  {
    name: 'polling',
    source: 'examples/polling/handler.ts',
    build: (module) => factory(module, 'createExportPoller')(polling.createDemoJobService() as never),
    record: () => recordRun({ handler: polling.createExportPoller(polling.createDemoJobService()), input: { reportId: 'r-7', checksUntilDone: 3 } }),
  },
];
