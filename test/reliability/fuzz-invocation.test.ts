/**
 * Fuzzing what the SDK reads from outside: invocation events (random and malformed envelopes
 * and operation records), checkpoint responses (random NewExecutionState, tokens) and
 * GetDurableExecutionState pages. Every input must end the invocation within a bound, with a
 * durable response or a thrown error that says what was wrong, never an internal crash
 * (TypeError and friends) or a hang.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashOperationId } from '../../src/engine/ids.js';
import { withDurableExecution } from '../../src/index.js';
import type { CheckpointDurableExecutionResponse, GetDurableExecutionStateResponse } from '../../src/protocol.js';
import type { DurableExecutionClient } from '../../src/transport/checkpoint-client.js';
import type { DurableContext } from '../../src/types.js';
import { FakeCheckpointClient, fakeLambdaContext, TEST_ARN } from '../support/fake-checkpoint-client.js';

/** Fixed by default so runs are reproducible; FUZZ_SEED explores others (fast-check prints the failing seed). */
const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
const NUM_RUNS = Number(process.env.FUZZ_RUNS ?? 150);
const BOUND_MS = Number(process.env.FUZZ_BOUND_MS ?? 10_000);
const INTERNAL_ERRORS = new Set(['TypeError', 'ReferenceError', 'RangeError', 'SyntaxError']);

/** A handler that touches the common operations (and so reads the records they replay). */
const durable = async (_event: unknown, ctx: DurableContext): Promise<unknown> => {
  const a = await ctx.step('a', async () => 1);
  await ctx.wait('w', { seconds: 1 });
  const b = await ctx.runInChildContext('c', async (child) => child.step('b', async () => a + 1));
  const [result] = await ctx.createCallback('cb', { timeout: { seconds: 5 } });
  return { a, b, callback: await result };
};

type Outcome = { kind: 'response'; value: unknown } | { kind: 'error'; error: unknown } | { kind: 'hang' };

const runBounded = async (client: DurableExecutionClient, event: unknown): Promise<Outcome> => {
  const handler = withDurableExecution(durable, { durableExecutionClient: client });
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<Outcome>((resolve) => {
    timer = setTimeout(() => resolve({ kind: 'hang' }), BOUND_MS);
  });
  // Little invocation time left: waiting in-process gives up quickly, as on Lambda.
  const run = handler(event as never, fakeLambdaContext(3_000)).then(
    (value): Outcome => ({ kind: 'response', value }),
    (error: unknown): Outcome => ({ kind: 'error', error }),
  );
  const outcome = await Promise.race([run, hang]);
  clearTimeout(timer);
  return outcome;
};

/** A durable response, or an error that names the problem. */
const expectClearOutcome = (outcome: Outcome, input: unknown): void => {
  const shown = JSON.stringify(input, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))?.slice(0, 400);
  if (outcome.kind === 'hang') throw new Error(`the invocation hung on ${shown}`);
  if (outcome.kind === 'response') {
    const value = outcome.value as { Status?: unknown; Error?: { ErrorType?: unknown; ErrorMessage?: unknown } };
    expect(['SUCCEEDED', 'FAILED', 'PENDING'], `response to ${shown}`).toContain(value.Status);
    // A FAILED response names its error; the message may be a recorded step error's own (any text).
    if (value.Status === 'FAILED') {
      expect(typeof value.Error?.ErrorType === 'string' ? value.Error.ErrorType.length : 0, `FAILED without an error type on ${shown}`).toBeGreaterThan(0);
      expect(typeof value.Error?.ErrorMessage, `FAILED without a message on ${shown}`).toBe('string');
    }
    return;
  }
  const error = outcome.error;
  if (!(error instanceof Error)) throw new Error(`threw a non-Error ${String(error)} on ${shown}`);
  if (INTERNAL_ERRORS.has(error.name) || error.message.length < 10) {
    throw new Error(`internal crash (${error.name}: ${error.message}) on ${shown}`, { cause: error });
  }
};

const junk = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.string({ maxLength: 10 }),
  fc.integer(),
  fc.boolean(),
  fc.array(fc.integer(), { maxLength: 2 }),
  fc.object({ maxDepth: 1, maxKeys: 2 }),
);
const maybe = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<unknown> => fc.oneof({ weight: 3, arbitrary: arb }, { weight: 1, arbitrary: junk });
const timestamp = fc.oneof(fc.integer({ min: 0, max: 2_000_000_000_000 }), fc.date().map((d) => d.toISOString()), fc.string({ maxLength: 8 }));

/** Records with the ids the handler uses (so replay reads them) and random, often wrong, contents. */
const realIds = ['1', '2', '3', '3-1', '4', '5'].map(hashOperationId);
const operation = fc.record(
  {
    Id: maybe(fc.constantFrom(...realIds, 'EXEC')),
    ParentId: maybe(fc.constantFrom(...realIds)),
    Name: maybe(fc.constantFrom('a', 'w', 'c', 'b', 'cb', 'other')),
    Type: maybe(fc.constantFrom('EXECUTION', 'STEP', 'WAIT', 'CONTEXT', 'CALLBACK', 'CHAINED_INVOKE')),
    SubType: maybe(fc.constantFrom('Step', 'Wait', 'RunInChildContext', 'Callback')),
    Status: maybe(fc.constantFrom('STARTED', 'PENDING', 'READY', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'TIMED_OUT', 'STOPPED')),
    StartTimestamp: maybe(timestamp),
    ExecutionDetails: maybe(fc.record({ InputPayload: maybe(fc.oneof(fc.json(), fc.string({ maxLength: 8 }))) }, { requiredKeys: [] })),
    StepDetails: maybe(
      fc.record(
        {
          Result: maybe(fc.oneof(fc.json(), fc.string({ maxLength: 8 }))),
          Attempt: maybe(fc.integer({ min: -1, max: 5 })),
          NextAttemptTimestamp: maybe(timestamp),
          Error: maybe(fc.record({ ErrorType: maybe(fc.string()), ErrorMessage: maybe(fc.string()), ErrorData: maybe(fc.string()) }, { requiredKeys: [] })),
        },
        { requiredKeys: [] },
      ),
    ),
    WaitDetails: maybe(fc.record({ ScheduledEndTimestamp: maybe(timestamp) }, { requiredKeys: [] })),
    ContextDetails: maybe(fc.record({ Result: maybe(fc.oneof(fc.json(), fc.string({ maxLength: 8 }))), ReplayChildren: maybe(fc.boolean()) }, { requiredKeys: [] })),
    CallbackDetails: maybe(fc.record({ CallbackId: maybe(fc.string({ maxLength: 8 })), Result: maybe(fc.json()) }, { requiredKeys: [] })),
  },
  { requiredKeys: [] },
);

const executionRecord = { Id: 'EXEC', Type: 'EXECUTION', Status: 'STARTED', ExecutionDetails: { InputPayload: '{}' } };

const event = fc.record(
  {
    DurableExecutionArn: maybe(fc.constant(TEST_ARN)),
    CheckpointToken: maybe(fc.constant('token-0')),
    InitialExecutionState: maybe(
      fc.record(
        {
          Operations: maybe(fc.array(fc.oneof(operation, junk), { maxLength: 6 }).map((ops) => [executionRecord, ...ops])),
          NextMarker: maybe(fc.constantFrom('', 'page-2')),
        },
        { requiredKeys: [] },
      ),
    ),
    UpdatedOperationIds: maybe(fc.array(fc.constantFrom(...realIds), { maxLength: 3 })),
  },
  { requiredKeys: [] },
);

describe('fuzz: invocation events', () => {
  it('any value as the event: a clear error, never a crash', async () => {
    await fc.assert(
      fc.asyncProperty(fc.anything(), async (input) => expectClearOutcome(await runBounded(new FakeCheckpointClient(), input), input)),
      { numRuns: NUM_RUNS, seed: SEED },
    );
  });

  it('malformed envelopes and operation records: a durable response or a clear error', async () => {
    await fc.assert(
      fc.asyncProperty(event, async (input) => {
        const service = new FakeCheckpointClient();
        expectClearOutcome(await runBounded(service, input), input);
      }),
      { numRuns: NUM_RUNS, seed: SEED },
    );
  });
});

const checkpointResponse: fc.Arbitrary<unknown> = fc.oneof(
  junk,
  fc.record(
    {
      CheckpointToken: maybe(fc.string({ maxLength: 8 })),
      NewExecutionState: maybe(
        fc.record({ Operations: maybe(fc.array(fc.oneof(operation, junk), { maxLength: 4 })), NextMarker: maybe(fc.string({ maxLength: 4 })) }, { requiredKeys: [] }),
      ),
    },
    { requiredKeys: [] },
  ),
);

describe('fuzz: checkpoint responses', () => {
  it('random responses (tokens, NewExecutionState) mixed into real ones: a durable response or a clear error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.option(checkpointResponse, { nil: undefined, freq: 2 }), { minLength: 1, maxLength: 6 }), async (responses) => {
        const service = new FakeCheckpointClient({ strictTokens: false });
        let call = 0;
        const client: DurableExecutionClient = {
          getExecutionState: (req) => service.getExecutionState(req),
          checkpoint: async (req) => {
            const real = await service.checkpoint(req);
            const fuzzed = responses[call++ % responses.length];
            // `undefined` keeps the real response; anything else replaces it.
            return (fuzzed === undefined ? real : fuzzed) as CheckpointDurableExecutionResponse;
          },
        };
        expectClearOutcome(await runBounded(client, service.event()), responses);
      }),
      { numRuns: NUM_RUNS, seed: SEED },
    );
  });
});

const statePage: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 1, arbitrary: junk },
  {
    weight: 4,
    arbitrary: fc.record(
      { Operations: maybe(fc.array(fc.oneof(operation, junk), { maxLength: 4 })), NextMarker: maybe(fc.constantFrom('', 'page-2', 'page-3', 'page-4')) },
      { requiredKeys: [] },
    ),
  },
);

describe('fuzz: GetDurableExecutionState pages', () => {
  it('random pages, markers that repeat or never end: a durable response or a clear error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(statePage, { minLength: 1, maxLength: 5 }), fc.boolean(), async (pages, throwsOnce) => {
        const service = new FakeCheckpointClient();
        let call = 0;
        const client: DurableExecutionClient = {
          checkpoint: (req) => service.checkpoint(req),
          getExecutionState: async () => {
            const index = call++;
            if (throwsOnce && index === 0) throw Object.assign(new Error('Injected: rate exceeded'), { name: 'TooManyRequestsException', $metadata: { httpStatusCode: 429 } });
            // Past the scripted pages the last one repeats: a service stuck on a marker.
            return pages[Math.min(index, pages.length - 1)] as GetDurableExecutionStateResponse;
          },
        };
        const first = { ...service.event(), InitialExecutionState: { Operations: [executionRecord], NextMarker: 'page-1' } };
        expectClearOutcome(await runBounded(client, first), pages);
      }),
      { numRuns: NUM_RUNS, seed: SEED },
    );
  });
});

describe('regressions found by the page fuzzer', () => {
  // A service that keeps answering the same NextMarker made the SDK page forever, and since every
  // page is a resolved promise away, the loop starved the event loop (no timer could fire).
  /** The client and first event of an execution whose state pages are `pages` (the last repeats). */
  const pagesOf = (pages: unknown[], firstMarker: unknown = 'page-1'): [DurableExecutionClient, unknown] => {
    const service = new FakeCheckpointClient();
    let call = 0;
    const client: DurableExecutionClient = {
      checkpoint: (req) => service.checkpoint(req),
      getExecutionState: async () => pages[Math.min(call++, pages.length - 1)] as GetDurableExecutionStateResponse,
    };
    return [client, { ...service.event(), InitialExecutionState: { Operations: [executionRecord], NextMarker: firstMarker } }];
  };

  it('a marker that repeats ends the invocation with InvalidExecutionStateError', async () => {
    const outcome = await runBounded(...pagesOf([{ Operations: [], NextMarker: 'page-2' }, { Operations: [], NextMarker: 'page-1' }]));
    expect(outcome).toMatchObject({ kind: 'error', error: { name: 'InvalidExecutionStateError', message: expect.stringContaining('"page-1" twice') } });
  });

  it('a page that is not a page, or a marker that is not a string, is named as such', async () => {
    expect(await runBounded(...pagesOf([null]))).toMatchObject({ kind: 'error', error: { name: 'InvalidExecutionStateError', message: expect.stringContaining('answered null') } });
    expect(await runBounded(...pagesOf([{ Operations: 7 }]))).toMatchObject({ kind: 'error', error: { message: expect.stringContaining('Operations that are not a list') } });
    expect(await runBounded(...pagesOf([{ NextMarker: 3 }]))).toMatchObject({ kind: 'error', error: { message: expect.stringContaining('NextMarker that is not a string') } });
    expect(await runBounded(...pagesOf([{}], 12))).toMatchObject({ kind: 'error', error: { name: 'InvalidExecutionStateError' } });
  });

  it('well-formed pages still load', async () => {
    const outcome = await runBounded(...pagesOf([{ Operations: [], NextMarker: 'page-2' }, { Operations: [] }]));
    expect(outcome).toMatchObject({ kind: 'response', value: { Status: 'PENDING' } });
  });
});
