import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPayloadSerdes, type PayloadSerdesOptions } from '../../src/serdes/payload-serdes.js';
import { ctx, memoryBlobStore, memoryKeyProvider } from './memory-ports.js';

const leaf = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.bigInt(),
  fc.date({ noInvalidDate: true }),
  fc.uint8Array({ maxLength: 32 }),
  fc.uint8Array({ maxLength: 32 }).map((bytes) => Buffer.from(bytes)),
  fc.constantFrom(Number.NaN, Infinity, -Infinity, -0),
);

const { value } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('array'), tie('object'), tie('map'), tie('set')),
  array: fc.array(tie('value'), { maxLength: 5 }),
  object: fc.dictionary(fc.string({ maxLength: 8 }), tie('value'), { maxKeys: 5, noNullPrototype: true }),
  map: fc.array(fc.tuple(tie('value'), tie('value')), { maxLength: 4 }).map((entries) => new Map(entries)),
  set: fc.array(tie('value'), { maxLength: 4 }).map((items) => new Set(items)),
}));

const pipelines: Record<string, () => PayloadSerdesOptions> = {
  'extended JSON': () => ({}),
  'brotli': () => ({ compression: { thresholdBytes: 0 } }),
  'gzip': () => ({ compression: { algorithm: 'gzip', thresholdBytes: 0 } }),
  'encryption': () => ({ encryption: { keyProvider: memoryKeyProvider() } }),
  'offload': () => ({ offload: { store: memoryBlobStore(), thresholdBytes: 0, cacheBytes: 0 } }),
  'brotli + encryption + offload': () => ({
    compression: { thresholdBytes: 0 },
    encryption: { keyProvider: memoryKeyProvider() },
    offload: { store: memoryBlobStore(), thresholdBytes: 0, cacheBytes: 0 },
  }),
};

describe('property: every value extended JSON accepts round-trips through every pipeline', () => {
  for (const [name, options] of Object.entries(pipelines)) {
    it(name, async () => {
      const serdes = createPayloadSerdes(options());
      await fc.assert(
        fc.asyncProperty(value, async (input) => {
          const data = await serdes.serialize(input, ctx('1-2'));
          const back = await serdes.deserialize(data, ctx('1-2'));
          expect(back).toStrictEqual(input);
        }),
        { numRuns: 150 },
      );
    });
  }
});
