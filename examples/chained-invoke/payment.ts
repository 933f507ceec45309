/**
 * The second function of the chained-invoke example: a durable payment function that the
 * checkout function calls with `context.invoke`. It authorizes, then captures, each as a step.
 */
import { withDurableExecution, type DurableContext } from 'durable-lambda';

export interface PaymentRequest {
  orderId: string;
  amountCents: number;
  card: string;
}

export interface PaymentReceipt {
  paymentId: string;
  capturedCents: number;
}

/** The card processor (in-memory here). */
export interface CardProcessor {
  authorize(request: PaymentRequest): Promise<string>;
  capture(authorization: string, amountCents: number): Promise<string>;
}

/** Demo processor: card `tok_declined` is declined. `calls` records every call. */
export function createDemoCardProcessor(): CardProcessor & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    authorize: async (r) => {
      calls.push(`authorize ${r.orderId} ${r.amountCents}`);
      if (r.card === 'tok_declined') throw new Error(`Card declined for order ${r.orderId}`);
      return `auth-${r.orderId}`;
    },
    capture: async (authorization, amountCents) => (calls.push(`capture ${authorization} ${amountCents}`), `pay-${authorization}`),
  };
}

/**
 * Builds the payment handler over `processor`.
 *
 * @example
 * export const handler = createPaymentFunction(createDemoCardProcessor());
 */
export function createPaymentFunction(processor: CardProcessor) {
  return withDurableExecution(async (request: PaymentRequest, context: DurableContext): Promise<PaymentReceipt> => {
    // A declined card will not improve on retry: fail at once.
    const authorization = await context.step('authorize', () => processor.authorize(request), {
      retryStrategy: () => ({ shouldRetry: false }),
    });
    const paymentId = await context.step('capture', () => processor.capture(authorization, request.amountCents));
    return { paymentId, capturedCents: request.amountCents };
  });
}

export const handler = createPaymentFunction(createDemoCardProcessor());
