/**
 * The code changes that matter to in-flight executions, written as edits of each example's
 * source, with what the replay gate must say about each.
 */

/** A change of an example's source and the report it must produce. */
export interface ExampleChange {
  readonly example: string;
  readonly kind: 'renamed' | 'swapped' | 'inserted' | 'appended' | 'wait-to-step' | 'removed';
  /** Exact text of the original (must occur once) and its replacement. */
  readonly from: string;
  readonly to: string;
  readonly expected:
    | { readonly outcome: 'mismatch'; readonly reason: 'type' | 'name'; readonly recorded: string; readonly actual: string }
    | { readonly outcome: 'mismatch'; readonly reason: 'removed'; readonly recorded: string }
    | { readonly outcome: 'beyond'; readonly next: string };
}

const step = (name: string): string => `await context.step('${name}', async () => 'new');`;

export const changes: readonly ExampleChange[] = [
  // saga
  { example: 'saga', kind: 'renamed', from: "let current = 'reserve-flight';", to: "let current = 'book-flight';", expected: { outcome: 'mismatch', reason: 'name', recorded: 'reserve-flight', actual: 'book-flight' } },
  {
    example: 'saga',
    kind: 'inserted',
    from: "      current = 'reserve-hotel';",
    to: `      ${step('check-visa')}\n      current = 'reserve-hotel';`,
    expected: { outcome: 'mismatch', reason: 'name', recorded: 'reserve-hotel', actual: 'check-visa' },
  },
  { example: 'saga', kind: 'appended', from: "      return { status: 'booked',", to: `      ${step('send-itinerary')}\n      return { status: 'booked',`, expected: { outcome: 'beyond', next: 'send-itinerary' } },
  // order-workflow
  { example: 'order-workflow', kind: 'renamed', from: "context.step('build-report'", to: "context.step('compile-report'", expected: { outcome: 'mismatch', reason: 'name', recorded: 'build-report', actual: 'compile-report' } },
  {
    example: 'order-workflow',
    kind: 'swapped',
    from: "    const { totalCents } = await context.step('validate-order', async () => validate(order), { retryStrategy: () => ({ shouldRetry: false }) });\n\n    // The customer's details are recorded encrypted; replays read them back from the record.\n    const customer = await context.step<Customer>('load-customer', () => services.loadCustomer(order.customerId), { serdes: payloads });",
    to: "    const customer = await context.step<Customer>('load-customer', () => services.loadCustomer(order.customerId), { serdes: payloads });\n    const { totalCents } = await context.step('validate-order', async () => validate(order), { retryStrategy: () => ({ shouldRetry: false }) });",
    expected: { outcome: 'mismatch', reason: 'name', recorded: 'validate-order', actual: 'load-customer' },
  },
  {
    example: 'order-workflow',
    kind: 'inserted',
    from: '    const [approval, callbackId] = await context.createCallback(',
    to: `    ${step('fraud-check')}\n    const [approval, callbackId] = await context.createCallback(`,
    expected: { outcome: 'mismatch', reason: 'type', recorded: 'manager-approval', actual: 'fraud-check' },
  },
  { example: 'order-workflow', kind: 'appended', from: "    return {\n      status: 'completed',", to: `    ${step('notify-customer')}\n    return {\n      status: 'completed',`, expected: { outcome: 'beyond', next: 'notify-customer' } },
  {
    example: 'order-workflow',
    kind: 'wait-to-step',
    from: "await context.wait('cool-off', COOL_OFF);",
    to: "await context.step('cool-off', async () => COOL_OFF);",
    expected: { outcome: 'mismatch', reason: 'type', recorded: 'cool-off', actual: 'cool-off' },
  },
  // chained-invoke (checkout)
  { example: 'chained-invoke', kind: 'renamed', from: "context.step('send-receipt'", to: "context.step('email-receipt'", expected: { outcome: 'mismatch', reason: 'name', recorded: 'send-receipt', actual: 'email-receipt' } },
  { example: 'chained-invoke', kind: 'inserted', from: '    let receipt: PaymentReceipt;', to: `    ${step('reserve-stock')}\n    let receipt: PaymentReceipt;`, expected: { outcome: 'mismatch', reason: 'type', recorded: 'charge', actual: 'reserve-stock' } },
  { example: 'chained-invoke', kind: 'appended', from: "    return { status: 'paid',", to: `    ${step('update-ledger')}\n    return { status: 'paid',`, expected: { outcome: 'beyond', next: 'update-ledger' } },
  // payment
  { example: 'payment', kind: 'renamed', from: "context.step('capture'", to: "context.step('settle'", expected: { outcome: 'mismatch', reason: 'name', recorded: 'capture', actual: 'settle' } },
  { example: 'payment', kind: 'appended', from: '    return { paymentId, capturedCents', to: `    ${step('audit')}\n    return { paymentId, capturedCents`, expected: { outcome: 'beyond', next: 'audit' } },
  {
    example: 'payment',
    kind: 'removed',
    from: "const paymentId = await context.step('capture', () => processor.capture(authorization, request.amountCents));",
    to: 'const paymentId = `pay-${authorization}`;',
    expected: { outcome: 'mismatch', reason: 'removed', recorded: 'capture' },
  },
  // fan-out
  { example: 'fan-out', kind: 'renamed', from: "context.step('place-order'", to: "context.step('submit-order'", expected: { outcome: 'mismatch', reason: 'name', recorded: 'place-order', actual: 'submit-order' } },
  { example: 'fan-out', kind: 'inserted', from: '    const purchaseOrder = await', to: `    ${step('check-budget')}\n    const purchaseOrder = await`, expected: { outcome: 'mismatch', reason: 'name', recorded: 'place-order', actual: 'check-budget' } },
  { example: 'fan-out', kind: 'appended', from: "    return { status: 'ordered',", to: `    ${step('notify-buyer')}\n    return { status: 'ordered',`, expected: { outcome: 'beyond', next: 'notify-buyer' } },
  // human-approval
  { example: 'human-approval', kind: 'renamed', from: '`${options.role}-approval`', to: '`${options.role}-sign-off`', expected: { outcome: 'mismatch', reason: 'name', recorded: 'manager-approval', actual: 'manager-sign-off' } },
  { example: 'human-approval', kind: 'inserted', from: '    const first = await ask(', to: `    ${step('check-policy')}\n    const first = await ask(`, expected: { outcome: 'mismatch', reason: 'type', recorded: 'manager-approval', actual: 'check-policy' } },
  {
    example: 'human-approval',
    kind: 'appended',
    from: '    if (first !== undefined) return decided(first, request.manager, false);',
    to: `    if (first !== undefined) {\n      ${step('record-decision')}\n      return decided(first, request.manager, false);\n    }`,
    expected: { outcome: 'beyond', next: 'record-decision' },
  },
  // polling
  { example: 'polling', kind: 'renamed', from: "context.step('submit-job'", to: "context.step('create-job'", expected: { outcome: 'mismatch', reason: 'name', recorded: 'submit-job', actual: 'create-job' } },
  { example: 'polling', kind: 'inserted', from: '    try {\n      const done = await', to: `    ${step('warm-up')}\n    try {\n      const done = await`, expected: { outcome: 'mismatch', reason: 'name', recorded: 'job-finished', actual: 'warm-up' } },
  { example: 'polling', kind: 'appended', from: "      return { status: 'ready',", to: `      ${step('notify-owner')}\n      return { status: 'ready',`, expected: { outcome: 'beyond', next: 'notify-owner' } },
];
