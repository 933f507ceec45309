/**
 * Fan-out / fan-in: ask every supplier for a quote with `context.map`, at most two requests at a
 * time (`maxConcurrency`), and stop as soon as three quotes are in (`minSuccessful`) while
 * tolerating up to two unreachable suppliers (`toleratedFailureCount`). Then pick the cheapest
 * quote and place the order with it.
 */
import { BatchItemStatus, withDurableExecution, type DurableContext } from 'durable-lambda';

export interface QuoteRequest {
  requestId: string;
  part: string;
  quantity: number;
  suppliers: string[];
}

export interface Quote {
  supplier: string;
  unitCents: number;
  leadDays: number;
}

export type QuoteResult =
  | { status: 'ordered'; supplier: string; unitCents: number; purchaseOrder: string; quotes: number; unreachable: string[]; unanswered: string[]; reason: string }
  | { status: 'insufficient-quotes'; quotes: number; unreachable: string[]; reason: string };

/** Quotes needed before choosing, and unreachable suppliers tolerated. */
export const MIN_QUOTES = 3;
export const TOLERATED_FAILURES = 2;
export const MAX_CONCURRENT_REQUESTS = 2;

/** The supplier APIs (in-memory here). */
export interface SupplierApi {
  quote(supplier: string, part: string, quantity: number): Promise<Quote>;
  placeOrder(quote: Quote, request: QuoteRequest): Promise<string>;
}

/**
 * Demo suppliers: a name starting with `offline-` never answers; the others quote a price derived
 * from their name. `calls` records every call; `maxInFlight` the most quote requests at once.
 */
export function createDemoSuppliers(): SupplierApi & { calls: string[]; maxInFlight: number } {
  let inFlight = 0;
  const api = {
    calls: [] as string[],
    maxInFlight: 0,
    quote: async (supplier: string, part: string, quantity: number): Promise<Quote> => {
      api.calls.push(`quote ${supplier}`);
      inFlight += 1;
      api.maxInFlight = Math.max(api.maxInFlight, inFlight);
      try {
        await new Promise((resolve) => setTimeout(resolve, 5)); // a network round trip
        if (supplier.startsWith('offline-')) throw new Error(`${supplier} did not answer`);
        const price = [...`${supplier}/${part}`].reduce((sum, ch) => (sum * 31 + ch.charCodeAt(0)) % 9_973, 7);
        return { supplier, unitCents: 1_000 + (price % 500) - Math.min(quantity, 100), leadDays: 2 + (price % 9) };
      } finally {
        inFlight -= 1;
      }
    },
    placeOrder: async (quote: Quote, request: QuoteRequest) => (api.calls.push(`placeOrder ${quote.supplier}`), `PO-${request.requestId}-${quote.supplier}`),
  };
  return api;
}

/**
 * Builds the quote handler over `suppliers`.
 *
 * @example
 * export const handler = createQuoteCollector(createDemoSuppliers());
 */
export function createQuoteCollector(suppliers: SupplierApi) {
  return withDurableExecution(async (request: QuoteRequest, context: DurableContext): Promise<QuoteResult> => {
    const batch = await context.map(
      'collect-quotes',
      request.suppliers,
      // One attempt per supplier: an unreachable one counts as a failure instead of delaying the batch.
      (item, supplier) => item.step('quote', () => suppliers.quote(supplier, request.part, request.quantity), { retryStrategy: () => ({ shouldRetry: false }) }),
      {
        maxConcurrency: MAX_CONCURRENT_REQUESTS,
        itemNamer: (supplier) => supplier,
        completionConfig: { minSuccessful: MIN_QUOTES, toleratedFailureCount: TOLERATED_FAILURES },
      },
    );
    const quotes = batch.getResults();
    const unreachable = batch.all.filter((i) => i.status === BatchItemStatus.FAILED).map((i) => request.suppliers[i.index] ?? '');
    if (batch.completionReason === 'FAILURE_TOLERANCE_EXCEEDED' || quotes.length === 0) {
      return { status: 'insufficient-quotes', quotes: quotes.length, unreachable, reason: batch.completionReason };
    }
    const best = quotes.reduce((a, b) => (b.unitCents < a.unitCents ? b : a));
    const purchaseOrder = await context.step('place-order', () => suppliers.placeOrder(best, request));
    // Requests still in flight when the batch completed, and suppliers never asked, are left unanswered.
    const answered = new Set(batch.all.filter((i) => i.status !== BatchItemStatus.STARTED).map((i) => i.index));
    const unanswered = request.suppliers.filter((_s, index) => !answered.has(index));
    return { status: 'ordered', supplier: best.supplier, unitCents: best.unitCents, purchaseOrder, quotes: quotes.length, unreachable, unanswered, reason: batch.completionReason };
  });
}

export const handler = createQuoteCollector(createDemoSuppliers());
