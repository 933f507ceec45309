/**
 * The main job (`npm start`): runs one order through the order workflow on the embedded local
 * durable-execution service, with a virtual clock (the three-day approval window and the one-day
 * wait take milliseconds). Prints one line per operation as it completes, answers the approval
 * callback after a simulated two hours, then prints the timeline and the result.
 *
 *   npm start                  answers the approval automatically
 *   npm start -- --serve       serves the Lambda API on loopback and waits for you to answer it
 *                              from a second terminal with `durable-lambda callback succeed`
 *
 * Needs no AWS account and no network: the payload key and offloaded blobs live in
 * `.durable-lambda/` (or DURABLE_LAMBDA_DEV_DIR), created on first run.
 */
import { readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { HistoryEvent } from 'durable-lambda';
import {
  DurableExecutionService,
  formatOperationLine,
  formatTimeline,
  inProcessInvoker,
  mountConsole,
  startHttpFront,
  VirtualClock,
  type HttpFront,
  type ServiceClock,
} from 'durable-lambda/testing';
import { createDemoOrderServices, createOrderWorkflow, type OrderRequest, type OrderResult } from './handler.js';
import { createLocalOrderPayloads, localPayloadDirectory } from './payloads.js';

const HOUR_MS = 3_600_000;
/** Simulated time the manager takes to answer when the job answers for them. */
const AUTO_ANSWER_AFTER_MS = 2 * HOUR_MS;

/** The demo order (also the event for `sam local invoke` and `durable-lambda run --input @...`). */
const demoOrder = JSON.parse(readFileSync(new URL('./event.json', import.meta.url), 'utf8')) as OrderRequest;

// Straight to the file descriptor: the service calls back from inside the handler's invocation,
// where the local service captures console output as the function's logs.
const print = (line = ''): void => void writeSync(1, `${line}\n`);

/**
 * Virtual time that can be held still: while a person is expected to answer a callback, the
 * clock must not leap to the callback's timeout. Real time passes until something changes.
 */
class HoldableVirtualClock implements ServiceClock {
  private readonly virtual = new VirtualClock();
  held = false;

  now(): number {
    return this.virtual.now();
  }

  async waitUntil(epochMs: number, signal?: AbortSignal): Promise<boolean> {
    if (!this.held) return this.virtual.waitUntil(epochMs, signal);
    await new Promise<void>((resolve) => {
      if (signal === undefined || signal.aborted) return resolve();
      signal.addEventListener('abort', () => resolve(), { once: true });
    });
    return false;
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { serve: { type: 'boolean' }, port: { type: 'string' } } });
  const serve = values.serve === true;
  const port = values.port === undefined ? 9014 : Number(values.port);
  if (!Number.isInteger(port) || port < 0) throw new Error(`--port must be a port number, got ${values.port}`);

  const directory = localPayloadDirectory();
  const clock = new HoldableVirtualClock();
  const service = new DurableExecutionService({ clock });
  const services = createDemoOrderServices();
  const handler = createOrderWorkflow({ services, payloads: createLocalOrderPayloads(directory) });
  // As deployed (template.yaml): an execution may run up to 7 days.
  service.registerFunction({ name: 'order-workflow', invoker: inProcessInvoker(handler), executionTimeoutSeconds: 7 * 86_400 });
  let front: HttpFront | undefined;
  let consoleUrl: string | undefined;
  if (serve) {
    // The durable console at / reveals the encrypted customer record with the same local key and blobs.
    const mounted = mountConsole({ payloads: { keyFiles: [join(directory, 'dev.key')], storeDir: join(directory, 'blobs') } });
    front = await startHttpFront({ service, port, fallback: mounted.fallback });
    consoleUrl = (await mounted.attach(front.url)).url;
  }

  print(`durable-lambda main job: order workflow on the local durable-execution service (virtual clock)`);
  print(`payload key and offloaded blobs: ${directory}`);
  if (front) print(`Lambda API served at ${front.url}`);
  const arn = service.startExecution({ functionName: 'order-workflow', payload: JSON.stringify(demoOrder) });
  print(`started order ${demoOrder.orderId}: ${arn}`);
  if (consoleUrl !== undefined) print(`open it in the durable console: ${consoleUrl.replace('#token=', `#/e/${encodeURIComponent(arn)}?token=`)}`);
  print();

  let printed = 0;
  let answered = false;
  const onChange = (changed: string): void => {
    if (changed !== arn) return;
    const history: HistoryEvent[] = service.history(arn);
    for (const event of history.slice(printed)) {
      const line = formatOperationLine(event, { history });
      if (line !== undefined) print(`  ${line}`);
      if (event.EventType === 'CallbackStarted') onApprovalRequested(event.CallbackStartedDetails?.CallbackId ?? '');
      if (event.EventType === 'CallbackSucceeded' || event.EventType === 'CallbackFailed' || event.EventType === 'CallbackTimedOut') clock.held = false;
    }
    printed = history.length;
  };
  const onApprovalRequested = (callbackId: string): void => {
    if (answered) return;
    answered = true;
    if (front) {
      clock.held = true;
      print();
      print('  The workflow now waits for a manager. Answer it in the durable console (link above), or from a second terminal:');
      print(`    npx durable-lambda callback succeed ${callbackId} --result '{"approved":true,"by":"you"}' --url ${front.url}`);
      print(`  (or reject: npx durable-lambda callback succeed ${callbackId} --result '{"approved":false,"comment":"no"}' --url ${front.url})`);
      print();
      return;
    }
    print(`  ... the manager answers in ${AUTO_ANSWER_AFTER_MS / HOUR_MS} h (simulated); run with --serve to answer it yourself`);
    service.scheduleAction(arn, clock.now() + AUTO_ANSWER_AFTER_MS, () =>
      service.sendCallbackSuccess(callbackId, JSON.stringify({ approved: true, by: 'maria (simulated)' })),
    );
  };
  const unsubscribe = service.subscribe(onChange);
  onChange(arn);

  const done = await service.waitForCompletion(arn);
  unsubscribe();
  onChange(arn);
  print();
  print('timeline:');
  print(formatTimeline(service.history(arn), { showResult: false }));
  print();
  print(`status: ${done.Status}`);
  if (done.Result !== undefined) print(`result: ${JSON.stringify(JSON.parse(done.Result) as OrderResult, null, 2)}`);
  if (done.Error !== undefined) print(`error: ${done.Error.ErrorType ?? 'Error'}: ${done.Error.ErrorMessage ?? ''}`);
  await front?.close();
  return done.Status === 'SUCCEEDED' ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`main job failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
