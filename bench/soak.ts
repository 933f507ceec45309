/**
 * Soak: waves of concurrent executions against the local service's HTTP front, driven entirely
 * over loopback HTTP (the real @aws-sdk/client-lambda to Invoke, send callbacks and read results
 * with GetDurableExecution; the SDK checkpointing over HTTP). A pass-through proxy counts requests
 * and, with SOAK_FAULT_RATE, injects 500s / 429s / lost responses. The handlers checkpoint
 * through our own Lambda API client by default, or with SOAK_TRANSPORT=aws-sdk through
 * @aws-sdk/client-lambda.
 *
 * Bounded: it runs SOAK_MIN_WAVES (default 3) waves, then stops starting waves after
 * SOAK_SECONDS (default 45) or SOAK_MAX_REQUESTS (default 150000), and fails if a wave does not finish within SOAK_WAVE_TIMEOUT_SECONDS (120).
 * Asserts every execution SUCCEEDED with its expected result and that the heap (after GC)
 * grows by no more than SOAK_MAX_BYTES_PER_EXECUTION (default 64 KiB) per execution the
 * service retains (the emulator keeps every execution and its history, as the service does).
 *
 * Run: npm run soak   (node --expose-gc --import tsx bench/soak.ts, then a 1000-execution randomized fault run)
 */
import {
  GetDurableExecutionCommand,
  InvokeCommand,
  LambdaClient,
  SendDurableExecutionCallbackSuccessCommand,
} from '@aws-sdk/client-lambda';
import { createRetryStrategy, DurableExecutionApiClient, DurableExecutionHttpClient, StepSemantics, withDurableExecution } from '../src/index.js';
import { startHttpFront } from '../src/service/http/http-front.js';
import { inProcessInvoker } from '../src/service/invokers/in-process-invoker.js';
import { DurableExecutionService } from '../src/service/service.js';
import type { DurableContext } from '../src/types.js';
import { seededRandom } from '../test/support/fault-injection.js';
import { startFaultProxy, type HttpFault } from '../test/support/fault-proxy.js';

const env = (name: string, fallback: number): number => {
  const value = Number(process.env[name] ?? fallback);
  return Number.isFinite(value) && value > 0 ? value : fallback;
};
const CONCURRENCY = env('SOAK_CONCURRENCY', 100);
const SECONDS = env('SOAK_SECONDS', 45);
const MAX_REQUESTS = env('SOAK_MAX_REQUESTS', 150_000);
const WAVE_TIMEOUT_MS = env('SOAK_WAVE_TIMEOUT_SECONDS', 120) * 1000;
const MAX_BYTES_PER_EXECUTION = env('SOAK_MAX_BYTES_PER_EXECUTION', 64 * 1024);
const FAULT_RATE = Number(process.env.SOAK_FAULT_RATE ?? 0);
/** `default`: the SDK's own Lambda API client (what a handler gets); `aws-sdk`: @aws-sdk/client-lambda. */
const TRANSPORT = process.env.SOAK_TRANSPORT ?? 'default';
if (TRANSPORT !== 'default' && TRANSPORT !== 'aws-sdk') throw new Error(`SOAK_TRANSPORT is default or aws-sdk, not ${TRANSPORT}`);
const SEED = env('SOAK_SEED', 20261201);
/** Heap growth is measured between waves, so at least this many run whatever the time budget. */
const MIN_WAVES = env('SOAK_MIN_WAVES', 3);

const gc = (globalThis as { gc?: () => void }).gc;
const heapUsed = (): number => {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
};
const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

const retry = createRetryStrategy({ maxAttempts: 5, initialDelay: { seconds: 1 } });

const clientFor = (endpoint: string): LambdaClient =>
  new LambdaClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 4,
    requestHandler: { requestTimeout: 10_000, throwOnRequestTimeout: true },
  });

/** Steps (one at-most-once, one retried), a wait, a callback answered over HTTP, concurrent child contexts. */
const soakHandler = (lambda: LambdaClient, endpoint: string) =>
  withDurableExecution(
    async (event: { n: number }, ctx: DurableContext) => {
      const a = await ctx.step('a', async () => event.n + 1);
      const b = await ctx.step('b', async () => a * 2, { semantics: StepSemantics.AtMostOncePerRetry, retryStrategy: retry });
      const c = await ctx.step('c', async (s) => {
        if ((s.attempt ?? 1) < 2 && event.n % 5 === 0) throw new Error('first attempt fails');
        return b + 1;
      }, { retryStrategy: retry });
      await ctx.wait('w', { seconds: 30 });
      const [approval, callbackId] = await ctx.createCallback<string>('approval', { timeout: { minutes: 10 } });
      await ctx.step('send', async () => {
        await lambda.send(new SendDurableExecutionCallbackSuccessCommand({ CallbackId: callbackId, Result: Buffer.from(`ok-${event.n}`) }));
        return true;
      });
      const answer = await approval;
      const branches = await Promise.all(
        [1, 2].map((k) => ctx.runInChildContext(`branch-${k}`, async (child) => child.step('x', async () => c * k))),
      );
      return { n: event.n, c, answer, branches };
    },
    {
      durableExecutionClient:
        TRANSPORT === 'aws-sdk'
          ? new DurableExecutionApiClient(lambda)
          : new DurableExecutionHttpClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
    },
  );

const expected = (n: number): string => {
  const c = (n + 1) * 2 + 1;
  return JSON.stringify({ n, c, answer: `ok-${n}`, branches: [c, c * 2] });
};

const withTimeout = async <T>(work: Promise<T>, ms: number, what: string): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
};

const main = async (): Promise<void> => {
  const service = new DurableExecutionService();
  const front = await startHttpFront({ service });
  const random = seededRandom(SEED);
  const faults: Record<HttpFault, number> = { http500: 0, http429: 0, lostResponse: 0, heldResponse: 0, invalidToken: 0 };
  const kinds: HttpFault[] = ['http500', 'http429', 'lostResponse'];
  const proxy = await startFaultProxy({
    target: front.url,
    keepLog: false,
    decide: () => {
      if (FAULT_RATE <= 0 || random() >= FAULT_RATE) return undefined;
      const kind = kinds[Math.floor(random() * kinds.length)]!;
      faults[kind] += 1;
      return kind;
    },
  });
  const lambda = clientFor(proxy.url);
  const inner = inProcessInvoker(soakHandler(lambda, proxy.url));
  // The SDK must find the service through its Lambda client (HTTP), as in a deployed function.
  service.registerFunction({ name: 'soak', invoker: (request) => inner({ ...request, client: undefined }) });

  const started = Date.now();
  const baseline = heapUsed();
  const samples: { wave: number; executions: number; heap: number }[] = [];
  let executions = 0;
  let failures: string[] = [];
  let wave = 0;
  let invocations = 0;
  while (wave < MIN_WAVES || (Date.now() - started < SECONDS * 1000 && proxy.requests() < MAX_REQUESTS)) {
    wave += 1;
    const numbers = Array.from({ length: CONCURRENCY }, (_, i) => executions + i);
    const waveStart = Date.now();
    const results = await withTimeout(
      Promise.all(
        numbers.map(async (n) => {
          const invoked = await lambda.send(new InvokeCommand({ FunctionName: 'soak', InvocationType: 'Event', Payload: Buffer.from(JSON.stringify({ n })) }));
          const arn = invoked.DurableExecutionArn ?? '';
          await service.waitForCompletion(arn);
          const described = await lambda.send(new GetDurableExecutionCommand({ DurableExecutionArn: arn }));
          invocations += service.execution(arn).invocationCount;
          return { n, status: described.Status, result: described.Result };
        }),
      ),
      WAVE_TIMEOUT_MS,
      `wave ${wave}`,
    );
    executions += results.length;
    failures = failures.concat(
      results.filter((r) => r.status !== 'SUCCEEDED' || r.result !== expected(r.n)).map((r) => `#${r.n}: ${r.status} ${r.result ?? ''}`),
    );
    const heap = heapUsed();
    samples.push({ wave, executions, heap });
    console.log(`wave ${wave}: ${results.length} executions in ${((Date.now() - waveStart) / 1000).toFixed(1)} s, heap ${mib(heap)}, requests so far ${proxy.requests()}`);
  }
  const elapsed = (Date.now() - started) / 1000;
  lambda.destroy();
  await proxy.close();
  await front.close();

  const last = samples.at(-1);
  const first = samples[0];
  const growth = last && first ? last.heap - first.heap : 0;
  const perExecution = last && first && last.executions > first.executions ? growth / (last.executions - first.executions) : 0;
  const peak = Math.max(...samples.map((s) => s.heap));
  console.log(`--- soak summary (checkpoint transport: ${TRANSPORT}) ---`);
  console.log(`executions: ${executions} in ${wave} waves of ${CONCURRENCY} concurrent, ${elapsed.toFixed(1)} s, ${invocations} invocations`);
  console.log(`HTTP requests through the front: ${proxy.requests()} (checkpoint calls ${proxy.checkpoints.length === 0 ? 'not logged' : proxy.checkpoints.length})`);
  console.log(`faults injected: ${FAULT_RATE > 0 ? Object.entries(faults).map(([k, v]) => `${k}=${v}`).join(' ') : 'none (SOAK_FAULT_RATE=0)'}`);
  console.log(`heap (after GC${gc ? '' : ' - unavailable, run with --expose-gc'}): baseline ${mib(baseline)}, after wave 1 ${mib(first?.heap ?? 0)}, last ${mib(last?.heap ?? 0)}, peak ${mib(peak)}; growth after wave 1 ${mib(growth)} = ${(perExecution / 1024).toFixed(1)} KiB per retained execution (limit ${(MAX_BYTES_PER_EXECUTION / 1024).toFixed(0)} KiB)`);
  console.log(`completed: ${executions - failures.length}/${executions} SUCCEEDED with the expected result`);
  const problems: string[] = [];
  if (failures.length > 0) problems.push(`${failures.length} executions did not end as expected: ${failures.slice(0, 5).join('; ')}`);
  if (perExecution > MAX_BYTES_PER_EXECUTION) problems.push(`heap grew ${(perExecution / 1024).toFixed(1)} KiB per execution`);
  if (executions === 0) problems.push('no execution ran');
  if (problems.length > 0) {
    console.error(`SOAK FAILED: ${problems.join(' | ')}`);
    process.exitCode = 1;
  } else {
    console.log('SOAK PASSED');
  }
};

main().catch((error: unknown) => {
  console.error('SOAK FAILED:', error);
  process.exitCode = 1;
});
