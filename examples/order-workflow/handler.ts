/**
 * The order workflow: validate, keep the customer's details encrypted, reserve every line item
 * (fan-out with `map`), wait for a manager's approval (a callback), build a large fulfilment
 * report (offloaded to the blob store), wait a day before shipping, then complete.
 *
 * Every value that holds customer data or is large goes through the payload pipeline
 * (payloads.ts): checkpoints and history then carry only ciphertext or a blob reference.
 */
import { createHash } from 'node:crypto';
import { CallbackTimeoutError, withDurableExecution, type DurableContext, type PayloadSerdes } from 'durable-lambda';
import { lazyPayloads, payloadsFromEnvironment } from './payloads.js';

export interface LineItem {
  sku: string;
  quantity: number;
  unitCents: number;
}

export interface OrderRequest {
  orderId: string;
  /** A reference; the customer's details (PII) are loaded in a step and recorded encrypted. */
  customerId: string;
  items: LineItem[];
}

export interface Customer {
  name: string;
  email: string;
  address: string;
}

export interface Reservation {
  sku: string;
  quantity: number;
  warehouse: string;
}

export type OrderResult =
  | { status: 'completed'; orderId: string; totalCents: number; reserved: number; approvedBy: string; reportBytes: number; trackingId: string }
  | { status: 'rejected'; orderId: string; reason: string };

/** What the manager sends back on the approval callback (JSON). */
export interface ApprovalAnswer {
  approved: boolean;
  by?: string;
  comment?: string;
}

/** The systems the workflow talks to. */
export interface OrderServices {
  loadCustomer(customerId: string): Promise<Customer>;
  reserve(item: LineItem): Promise<Reservation>;
  requestApproval(options: { orderId: string; callbackId: string; totalCents: number }): Promise<void>;
  ship(options: { orderId: string; address: string }): Promise<string>;
}

/** Demo services: customer `c-ada` exists, every reservation succeeds, approvals are only recorded, shipping returns a tracking id. */
export function createDemoOrderServices(): OrderServices & { calls: string[]; approvals: { orderId: string; callbackId: string }[] } {
  const calls: string[] = [];
  const approvals: { orderId: string; callbackId: string }[] = [];
  return {
    calls,
    approvals,
    loadCustomer: async (customerId) => {
      calls.push(`loadCustomer ${customerId}`);
      if (customerId !== 'c-ada') throw new Error(`Unknown customer ${customerId}`);
      return { name: 'Ada Lovelace', email: 'ada@example.com', address: '12 Analytical Row, London' };
    },
    reserve: async (item) => (calls.push(`reserve ${item.sku}`), { sku: item.sku, quantity: item.quantity, warehouse: item.sku < 'm' ? 'BER-1' : 'AMS-2' }),
    requestApproval: async ({ orderId, callbackId }) => void (calls.push(`requestApproval ${orderId}`), approvals.push({ orderId, callbackId })),
    ship: async ({ orderId }) => (calls.push(`ship ${orderId}`), `TRACK-${orderId}`),
  };
}

export type OrderPayloads = Pick<PayloadSerdes, 'serialize' | 'deserialize'>;

/** How long the manager has to answer, and the cooling-off period before shipping. */
export const APPROVAL_TIMEOUT = { days: 3 } as const;
export const COOL_OFF = { days: 1 } as const;

const approvalSerdes = {
  deserialize: async (text: string | undefined): Promise<ApprovalAnswer> => (text ? (JSON.parse(text) as ApprovalAnswer) : { approved: false }),
};

/** Throws (a permanent failure: no retry) when the order cannot be processed. */
function validate(order: OrderRequest): { totalCents: number } {
  if (!order.orderId) throw new Error('orderId is required');
  if (!order.customerId) throw new Error(`Order ${order.orderId}: customerId is required`);
  if (!Array.isArray(order.items) || order.items.length === 0) throw new Error(`Order ${order.orderId}: no line items`);
  for (const item of order.items) {
    if (!(item.quantity > 0) || !(item.unitCents >= 0)) throw new Error(`Order ${order.orderId}: bad quantity or price for ${item.sku}`);
  }
  return { totalCents: order.items.reduce((sum, item) => sum + item.quantity * item.unitCents, 0) };
}

/** A fulfilment report of a few hundred KiB: one audit row per unit and check, each with its scan digest. */
function buildReport(order: OrderRequest, reservations: Reservation[]): { orderId: string; rows: string[] } {
  const rows: string[] = [];
  for (const r of reservations) {
    for (let unit = 1; unit <= r.quantity; unit += 1) {
      for (let check = 1; check <= 200; check += 1) {
        const row = `${order.orderId};${r.sku};unit ${unit};${r.warehouse};check ${check};ok`;
        rows.push(`${row};${createHash('sha256').update(row).digest('hex').slice(0, 32)}`);
      }
    }
  }
  return { orderId: order.orderId, rows };
}

/**
 * Builds the workflow over `services` and the payload pipeline `payloads`.
 *
 * @example
 * const handler = createOrderWorkflow({ services: createDemoOrderServices(), payloads: createLocalOrderPayloads('.durable-lambda') });
 */
export function createOrderWorkflow(options: { services: OrderServices; payloads: OrderPayloads }) {
  const { services, payloads } = options;
  return withDurableExecution(async (order: OrderRequest, context: DurableContext): Promise<OrderResult> => {
    const { totalCents } = await context.step('validate-order', async () => validate(order), { retryStrategy: () => ({ shouldRetry: false }) });

    // The customer's details are recorded encrypted; replays read them back from the record.
    const customer = await context.step<Customer>('load-customer', () => services.loadCustomer(order.customerId), { serdes: payloads });

    const reservations = await context.map('reserve-items', order.items, (itemContext, line) => itemContext.step('reserve', () => services.reserve(line)), {
      maxConcurrency: 4,
      itemNamer: (line) => line.sku,
    });
    if (reservations.hasFailure) {
      return { status: 'rejected', orderId: order.orderId, reason: `reservation failed: ${reservations.getErrors().map((e) => e.message).join('; ')}` };
    }

    const [approval, callbackId] = await context.createCallback('manager-approval', { timeout: APPROVAL_TIMEOUT, serdes: approvalSerdes });
    await context.step('request-approval', () => services.requestApproval({ orderId: order.orderId, callbackId, totalCents }));
    let answer: ApprovalAnswer;
    try {
      answer = await approval;
    } catch (error) {
      if (!(error instanceof CallbackTimeoutError)) throw error;
      return { status: 'rejected', orderId: order.orderId, reason: 'no approval within 3 days' };
    }
    if (!answer.approved) return { status: 'rejected', orderId: order.orderId, reason: answer.comment ?? 'not approved' };

    const report = await context.step('build-report', async () => buildReport(order, reservations.getResults()), { serdes: payloads });
    await context.wait('cool-off', COOL_OFF);
    const trackingId = await context.step('ship-order', () => services.ship({ orderId: order.orderId, address: customer.address }));
    return {
      status: 'completed',
      orderId: order.orderId,
      totalCents,
      reserved: reservations.successCount,
      approvedBy: answer.by ?? 'manager',
      reportBytes: Buffer.byteLength(JSON.stringify(report)),
      trackingId,
    };
  });
}

/** Lambda entry point: demo services, and the payload pipeline the environment configures. */
export const handler = createOrderWorkflow({ services: createDemoOrderServices(), payloads: lazyPayloads(() => payloadsFromEnvironment()) });
