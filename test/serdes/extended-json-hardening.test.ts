/**
 * Issue 19 finding 15: the extended JSON decoder looks tags up in own keys only, reads back every
 * value it writes, bounds its work, and wraps every failure. Each test failed on the code before the fix.
 */
import { describe, expect, it } from 'vitest';
import { PayloadFormatError, PayloadSerializationError } from '../../src/serdes/errors.js';
import { createExtendedJson, MAX_BIGINT_CHARS, MAX_EXTENDED_JSON_DEPTH } from '../../src/serdes/extended-json.js';

const codec = createExtendedJson();
const thrown = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
};

type Wrap = (inner: unknown) => unknown;
const wraps: Array<[string, Wrap]> = [
  ['plain objects with a "$x" key', (inner) => ({ $x: 'not a tag', a: inner })],
  ['Maps', (inner) => new Map([['k', inner]])],
  ['Sets', (inner) => new Set([inner])],
  ['arrays', (inner) => [inner]],
  ['objects', (inner) => ({ a: inner })],
];
/** The container kinds from the outside in, found iteratively, and the innermost value. */
const shapeOf = (value: unknown): { kinds: string[]; leaf: unknown } => {
  const kinds: string[] = [];
  let current = value;
  for (;;) {
    if (current instanceof Map) current = (kinds.push('Map'), current.get('k'));
    else if (current instanceof Set) current = (kinds.push('Set'), [...current][0]);
    else if (Array.isArray(current)) current = (kinds.push('Array'), current[0]);
    else if (current !== null && typeof current === 'object') {
      const record = current as Record<string, unknown>;
      kinds.push(`Object(${Object.keys(record).join(',')})`);
      current = record.a;
    } else return { kinds, leaf: current };
  }
};

const nest = (wrap: Wrap, depth: number): unknown => {
  let value: unknown = new Date(0);
  for (let i = 0; i < depth; i += 1) value = wrap(value);
  return value;
};

describe('finding 15: extended JSON fails closed', () => {
  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])('refuses the tag %s (own keys only)', (tag) => {
    const error = thrown(() => codec.fromText(JSON.stringify({ $x: tag, v: 'AAAA' }), '1'));
    expect(error).toBeInstanceOf(PayloadFormatError);
    expect((error as Error).message).toMatch(/unknown type tag/);
  });

  it.each(wraps)('reads back %s nested to the limit, and refuses to write deeper', (_label, wrap) => {
    const deepest = nest(wrap, MAX_EXTENDED_JSON_DEPTH);
    const text = codec.toText(deepest, '1');
    const decoded = codec.fromText(text, '1');
    // Compared level by level without recursion: a deep toEqual of 1,000 nested Maps overflows
    // the matcher's own stack on some Node versions, which is not what this test is about.
    expect(shapeOf(decoded)).toEqual(shapeOf(deepest));
    expect(codec.toText(decoded, '1')).toBe(text);
    expect(thrown(() => codec.toText(nest(wrap, MAX_EXTENDED_JSON_DEPTH + 1), '1'))).toBeInstanceOf(PayloadSerializationError);
  });

  it('refuses hand-written nesting past the limit with a PayloadFormatError, not a RangeError', () => {
    const text = `${'{"$x":"Set","v":['.repeat(20_000)}1${']}'.repeat(20_000)}`;
    const error = thrown(() => codec.fromText(text, '1'));
    expect(error).toBeInstanceOf(PayloadFormatError);
    expect((error as Error).message).toMatch(/nested deeper than 1000 levels/);
  });

  it('refuses typed-array data that is not whole elements', () => {
    const error = thrown(() => codec.fromText(JSON.stringify({ $x: 'Float64Array', v: Buffer.from([1, 2, 3]).toString('base64') }), '1'));
    expect(error).toBeInstanceOf(PayloadFormatError);
    expect((error as Error).message).toMatch(/whole number of 8-byte elements/);
  });

  it('bounds BigInt work: 16 million digits are refused at once, on both sides', () => {
    const text = JSON.stringify({ $x: 'BigInt', v: '9'.repeat(16_000_000) });
    const started = Date.now();
    const error = thrown(() => codec.fromText(text, '1'));
    expect(error).toBeInstanceOf(PayloadFormatError);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(thrown(() => codec.fromText('{"$x":"BigInt","v":"0x10"}', '1'))).toBeInstanceOf(PayloadFormatError);
    const largest = 10n ** BigInt(MAX_BIGINT_CHARS - 1);
    expect(codec.fromText(codec.toText(largest, '1'), '1')).toBe(largest);
    expect(thrown(() => codec.toText(largest * 10n, '1'))).toBeInstanceOf(PayloadSerializationError);
  });
});
