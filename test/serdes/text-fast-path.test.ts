/**
 * A pipeline with no byte stage (no compression, encryption or offload) takes a synchronous fast
 * path. These properties pin it to the general path byte for byte: same payload text, same
 * errors (class, message, fields), same values read back. The general path is forced by a
 * compression stage that never compresses (threshold above any payload) or an offload stage
 * whose threshold no payload reaches.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PayloadError, PayloadTooLargeError } from '../../src/serdes/errors.js';
import { createPayloadSerdes, MAX_CHECKPOINT_PAYLOAD_BYTES, type PayloadSerdesOptions } from '../../src/serdes/payload-serdes.js';
import { ctx, memoryBlobStore } from './memory-ports.js';

/** Strings the guard and the envelope rule care about: multi-byte text, surrogates, envelope look-alikes. */
const text = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('€'.repeat(30), '\ud800', 'x\udfffy', '😀'.repeat(12)),
  fc.string({ maxLength: 20 }).map((tail) => `{"$dl":${tail}`),
);

const { jsonValue } = fc.letrec((tie) => ({
  jsonValue: fc.oneof({ depthSize: 'small', withCrossShrink: true }, text, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null), tie('array'), tie('object')),
  array: fc.array(tie('jsonValue'), { maxLength: 6 }),
  object: fc.dictionary(fc.oneof(text, fc.constantFrom('$dl', '$x', 'f', 't')), tie('jsonValue'), { maxKeys: 6, noNullPrototype: true }),
}));

/** Values only the extended stage writes (and the JSON stage rejects or drops). */
const extendedLeaf = fc.oneof(fc.bigInt(), fc.date({ noInvalidDate: true }), fc.constant(undefined), fc.constantFrom(Number.NaN, Infinity, -0));
const anyValue = fc.oneof(jsonValue, extendedLeaf, fc.array(fc.oneof(jsonValue, extendedLeaf), { maxLength: 4 }), fc.dictionary(text, fc.oneof(jsonValue, extendedLeaf), { maxKeys: 4 }));

/** What a serialize call produced: the text, or the error as seen by a caller. */
type Outcome = { data: string | undefined } | { error: { type: unknown; name: string; message: string; operationId: unknown; sizeBytes: unknown; limitBytes: unknown } };

const outcomeOf = async (options: PayloadSerdesOptions, value: unknown): Promise<Outcome> => {
  try {
    return { data: await createPayloadSerdes(options).serialize(value, ctx('3-1')) };
  } catch (error) {
    const e = error as PayloadTooLargeError;
    return { error: { type: e.constructor, name: e.name, message: e.message, operationId: e.operationId, sizeBytes: e.sizeBytes, limitBytes: e.limitBytes } };
  }
};

/** The written format, from the envelope spec: value text as is unless it starts like an envelope. */
const expectedPayload = (format: string, valueText: string): string =>
  valueText.startsWith('{"$dl":') ? JSON.stringify({ $dl: 1, f: format, t: valueText }) : valueText;

describe('text-only fast path writes exactly what the general path writes', () => {
  for (const stage of ['json', 'extended'] as const) {
    it(`${stage} stage: same payload text or same error, for any value and limit`, async () => {
      await fc.assert(
        fc.asyncProperty(anyValue, fc.integer({ min: 1, max: 400 }), async (value, maxPayloadBytes) => {
          const fast = await outcomeOf({ value: stage, maxPayloadBytes }, value);
          const general = await outcomeOf({ value: stage, maxPayloadBytes, compression: { thresholdBytes: Number.MAX_SAFE_INTEGER } }, value);
          expect(fast).toStrictEqual(general);
        }),
        { numRuns: 400 },
      );
    });
  }

  it('same outcome for limits within a few bytes of the payload size', async () => {
    await fc.assert(
      fc.asyncProperty(jsonValue, fc.integer({ min: -4, max: 4 }), async (value, offset) => {
        const size = Buffer.byteLength(expectedPayload('json', JSON.stringify(value)), 'utf8');
        const maxPayloadBytes = Math.max(1, size + offset);
        const fast = await outcomeOf({ value: 'json', maxPayloadBytes }, value);
        const general = await outcomeOf({ value: 'json', maxPayloadBytes, compression: { thresholdBytes: Number.MAX_SAFE_INTEGER } }, value);
        expect(fast).toStrictEqual(general);
        expect('data' in fast).toBe(size <= maxPayloadBytes);
      }),
      { numRuns: 400 },
    );
  });

  it('json stage: the payload is JSON.stringify text (wrapped only when it starts like an envelope), guarded in UTF-8 bytes', async () => {
    await fc.assert(
      fc.asyncProperty(jsonValue, fc.integer({ min: 1, max: 400 }), async (value, maxPayloadBytes) => {
        const expected = expectedPayload('json', JSON.stringify(value));
        const size = Buffer.byteLength(expected, 'utf8');
        const outcome = await outcomeOf({ value: 'json', maxPayloadBytes }, value);
        if (size <= maxPayloadBytes) expect(outcome).toStrictEqual({ data: expected });
        else expect(outcome).toMatchObject({ error: { type: PayloadTooLargeError, sizeBytes: size, limitBytes: maxPayloadBytes } });
      }),
      { numRuns: 400 },
    );
  });

  it('json stage: same payload text as a pipeline whose offload threshold is never reached, and no blob is written', async () => {
    const store = memoryBlobStore();
    await fc.assert(
      fc.asyncProperty(jsonValue, async (value) => {
        const fast = await outcomeOf({ value: 'json' }, value);
        const general = await outcomeOf({ value: 'json', offload: { store, thresholdBytes: MAX_CHECKPOINT_PAYLOAD_BYTES - 1 } }, value);
        expect(fast).toStrictEqual(general);
      }),
      { numRuns: 200 },
    );
    expect(store.calls.put).toBe(0);
  });

  it('the guard counts UTF-8 bytes exactly at the boundary where the text length alone no longer decides', async () => {
    // 3-byte characters: a text of n characters is 3n bytes (+2 for the JSON quotes).
    for (const limit of [3 * 100 + 1, 3 * 100 + 2, 3 * 100 + 3]) {
      const value = '€'.repeat(100);
      const fast = await outcomeOf({ value: 'json', maxPayloadBytes: limit }, value);
      const general = await outcomeOf({ value: 'json', maxPayloadBytes: limit, compression: { thresholdBytes: Number.MAX_SAFE_INTEGER } }, value);
      expect(fast).toStrictEqual(general);
      if (limit < 302) expect(fast).toMatchObject({ error: { type: PayloadTooLargeError, sizeBytes: 302, limitBytes: limit } });
      else expect(fast).toStrictEqual({ data: JSON.stringify(value) });
    }
  });

  it('reads back what either path wrote, and rejects bad text with the same error', async () => {
    const fast = createPayloadSerdes({ value: 'extended' });
    const general = createPayloadSerdes({ value: 'extended', compression: { thresholdBytes: Number.MAX_SAFE_INTEGER } });
    await fc.assert(
      fc.asyncProperty(anyValue, async (value) => {
        const data = await general.serialize(value, ctx('3-1'));
        expect(await fast.deserialize(data, ctx('3-1'))).toStrictEqual(await general.deserialize(data, ctx('3-1')));
      }),
      { numRuns: 200 },
    );
    for (const bad of ['{"a":', '{"$dl":1,"f":"ejson","t":"{\\"a\\":"}', 'undefined']) {
      const fastError = await fast.deserialize(bad, ctx('3-1')).catch((e: unknown) => e);
      const generalError = await general.deserialize(bad, ctx('3-1')).catch((e: unknown) => e);
      expect(fastError).toBeInstanceOf(PayloadError);
      expect((fastError as Error).message).toBe((generalError as Error).message);
    }
  });
});
