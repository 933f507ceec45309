import { describe, expect, it } from 'vitest';
import { decodePayload } from '../../src/serdes/decode-payload.js';
import { ENVELOPE_PREFIX, describePayload, formatEnvelope } from '../../src/serdes/envelope.js';
import { PayloadFormatError } from '../../src/serdes/errors.js';
import { createPayloadSerdes } from '../../src/serdes/payload-serdes.js';
import { ctx, memoryBlobStore, memoryKeyProvider, noise } from './memory-ports.js';

describe('payload envelope', () => {
  const serdes = createPayloadSerdes({ compression: { thresholdBytes: 0 } });

  it('keeps plain values plain and wraps values that would look like an envelope', async () => {
    const plainSerdes = createPayloadSerdes();
    expect(await plainSerdes.serialize({ a: [1, 'b'] }, ctx('1'))).toBe('{"a":[1,"b"]}');
    const lookalike = { $dl: 1, f: 'json', t: 'fake' };
    const data = (await plainSerdes.serialize(lookalike, ctx('1'))) as string;
    expect(data.startsWith(ENVELOPE_PREFIX)).toBe(true);
    expect(describePayload(data)).toMatchObject({ kind: 'envelope', format: 'ejson' });
    expect(await plainSerdes.deserialize(data, ctx('1'))).toEqual(lookalike);
    expect(await plainSerdes.serialize(undefined, ctx('1'))).toBeUndefined();
    expect(await plainSerdes.deserialize(undefined, ctx('1'))).toBeUndefined();
    expect(await plainSerdes.deserialize('null', ctx('1'))).toBeNull();
  });

  it('rejects a truncated envelope', async () => {
    const data = (await serdes.serialize({ text: 'hello '.repeat(300) }, ctx('5'))) as string;
    const error = await serdes.deserialize(data.slice(0, data.length - 10), ctx('5')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PayloadFormatError);
    expect((error as PayloadFormatError).message).toMatch(/operation "5".*truncated or corrupted/);
    expect((error as PayloadFormatError).retryable).toBe(false);
  });

  it('rejects a truncated plain payload', async () => {
    await expect(serdes.deserialize('{"order": 1', ctx('6'))).rejects.toThrow(/operation "6".*may be truncated/);
  });

  it('rejects an unknown envelope version, naming the fix', async () => {
    await expect(serdes.deserialize('{"$dl":2,"f":"json","t":"1"}', ctx('1'))).rejects.toThrow(/unknown envelope version 2.*upgrade durable-lambda/);
  });

  it('rejects corrupted envelopes', async () => {
    const cases = [
      '{"$dl":1,"f":"json"}',
      '{"$dl":1,"f":"json","t":"1","b":"AA=="}',
      '{"$dl":1,"f":"json","z":"lzma","b":"AA=="}',
      '{"$dl":1,"f":"json","b":"%%%"}',
      '{"$dl":1,"f":"json","e":{"k":"x"},"b":"AA=="}',
      '{"$dl":1,"f":"json","o":{"k":"a","h":"short","n":1}}',
      '{"$dl":1,"t":"1"}',
      '{"$dl":1,"f":"json","z":"br","t":"1"}',
      '{"$dl":1,"f":"json","z":"br","b":"AAAA"}',
      '{"$dl":1,"f":"yaml","t":"a: 1"}',
      '{"$dl":[1]}',
    ];
    for (const data of cases) await expect(serdes.deserialize(data, ctx('9')), data).rejects.toBeInstanceOf(PayloadFormatError);
  });

  it('describes any payload without keys or stores', async () => {
    const store = memoryBlobStore();
    const keyProvider = memoryKeyProvider();
    const full = createPayloadSerdes({ compression: {}, encryption: { keyProvider }, offload: { store, thresholdBytes: 100, prefix: 'p/' } });
    const data = (await full.serialize({ blob: noise(5000) }, ctx('3'))) as string;
    const description = describePayload(data);
    expect(description).toMatchObject({ kind: 'envelope', version: 1, format: 'ejson', encryption: { keyId: keyProvider.keyId } });
    expect(description.offload?.key).toMatch(/^p\/exec-1\/[0-9a-f]{64}$/);
    expect(describePayload('{"a":1}')).toEqual({ kind: 'plain', checkpointBytes: 7 });
    expect(formatEnvelope({ f: 'json', t: '1' })).toBe('{"$dl":1,"f":"json","t":"1"}');
    expect(await decodePayload(data, { context: ctx('3'), keyProvider, store })).toEqual(await full.deserialize(data, ctx('3')));
    await expect(decodePayload(data, { context: ctx('3'), store })).rejects.toThrow(/no key provider/);
    await expect(decodePayload(data, { context: ctx('3'), keyProvider })).rejects.toThrow(/no offload store/);
    expect(await decodePayload('{"when":{"$x":"Date","v":"2026-01-01T00:00:00.000Z"}}', { context: ctx('1') })).toEqual({ when: new Date('2026-01-01T00:00:00.000Z') });
  });
});
