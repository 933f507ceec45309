/**
 * Chained invoke: the checkout function prices the cart, then calls the payment function (a
 * durable function of its own, see payment.ts) with `context.invoke`. The checkout suspends while
 * the payment runs and resumes with its result, or with an `InvokeError` when it failed.
 */
import { InvokeError, withDurableExecution, type DurableContext } from 'durable-lambda';
import type { PaymentReceipt, PaymentRequest } from './payment.js';

export interface CheckoutRequest {
  orderId: string;
  card: string;
  items: { sku: string; quantity: number; unitCents: number }[];
}

export type CheckoutResult =
  | { status: 'paid'; orderId: string; totalCents: number; paymentId: string; receipt: string }
  | { status: 'payment-failed'; orderId: string; totalCents: number; reason: string };

/**
 * The payment function's name or qualified ARN. Deployed, template.yaml sets it to the payment
 * function's `live` alias (durable functions are invoked on a qualified ARN); locally it is the
 * name the function was registered under.
 */
export const paymentFunctionName = (): string => process.env.PAYMENT_FUNCTION_NAME ?? 'payment';

/** Builds the checkout handler; `sendReceipt` delivers the receipt (e-mail in production). */
export function createCheckout(options: { sendReceipt: (orderId: string, text: string) => Promise<void> }) {
  return withDurableExecution(async (order: CheckoutRequest, context: DurableContext): Promise<CheckoutResult> => {
    const totalCents = await context.step('price-cart', async () =>
      order.items.reduce((sum, item) => sum + item.quantity * item.unitCents, 0),
    );
    let receipt: PaymentReceipt;
    try {
      receipt = await context.invoke<PaymentRequest, PaymentReceipt>('charge', paymentFunctionName(), {
        orderId: order.orderId,
        amountCents: totalCents,
        card: order.card,
      });
    } catch (error) {
      if (!(error instanceof InvokeError)) throw error;
      return { status: 'payment-failed', orderId: order.orderId, totalCents, reason: error.message };
    }
    const text = `Order ${order.orderId}: ${(totalCents / 100).toFixed(2)} paid (${receipt.paymentId})`;
    await context.step('send-receipt', () => options.sendReceipt(order.orderId, text));
    return { status: 'paid', orderId: order.orderId, totalCents, paymentId: receipt.paymentId, receipt: text };
  });
}

export const handler = createCheckout({ sendReceipt: async (orderId, text) => console.log(`receipt for ${orderId}: ${text}`) });
