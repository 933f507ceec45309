import { describe, expect, it } from 'vitest';
import { createExtendedJson, createExtendedJsonSerdes, jsonCodec } from '../../src/serdes/extended-json.js';
import { PayloadFormatError, PayloadSerializationError } from '../../src/serdes/errors.js';

const codec = createExtendedJson();
const roundTrip = (value: unknown): unknown => codec.fromText(codec.toText(value, '1'), '1');

class Money {
  constructor(public cents: bigint = 0n, public currency = 'EUR') {}
  format(): string { return `${this.cents} ${this.currency}`; }
}

describe('extended JSON', () => {
  it('writes plain JSON values exactly as JSON.stringify does', () => {
    const value = { a: 1, b: 'x', c: [true, null, { d: 2.5 }], e: {} };
    expect(codec.toText(value, '1')).toBe(JSON.stringify(value));
    expect(codec.toText('text', '1')).toBe('"text"');
    expect(codec.toText(null, '1')).toBe('null');
  });

  it('round-trips every supported special value', () => {
    const date = new Date('2026-01-02T03:04:05.678Z');
    expect(roundTrip(date)).toEqual(date);
    expect(roundTrip(new Map<unknown, unknown>([[1, 'a'], ['k', new Set([1n])]]))).toEqual(new Map<unknown, unknown>([[1, 'a'], ['k', new Set([1n])]]));
    expect(roundTrip(12345678901234567890n)).toBe(12345678901234567890n);
    expect(roundTrip(Number.NaN)).toBeNaN();
    expect(roundTrip(Infinity)).toBe(Infinity);
    expect(roundTrip(-Infinity)).toBe(-Infinity);
    expect(Object.is(roundTrip(-0), -0)).toBe(true);
    expect(roundTrip([undefined, 1])).toEqual([undefined, 1]);
    const withUndefined = roundTrip({ a: undefined }) as Record<string, unknown>;
    expect(Object.hasOwn(withUndefined, 'a')).toBe(true);
    const bytes = roundTrip(new Uint8Array([0, 1, 255]));
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(Buffer.isBuffer(bytes)).toBe(false);
    expect([...(bytes as Uint8Array)]).toEqual([0, 1, 255]);
    const buffer = roundTrip(Buffer.from('héllo'));
    expect(Buffer.isBuffer(buffer)).toBe(true);
    expect((buffer as Buffer).toString()).toBe('héllo');
    expect(roundTrip(new Float64Array([1.5, -2]))).toEqual(new Float64Array([1.5, -2]));
    expect(Number.isNaN((roundTrip(new Date(Number.NaN)) as Date).getTime())).toBe(true);
  });

  it('round-trips nested mixes', () => {
    const value = { when: new Date(0), tags: new Set(['a']), index: new Map([['k', [1n, undefined, Number.NaN]]]), raw: Buffer.from([7]) };
    const back = roundTrip(value) as typeof value;
    expect(back.when).toEqual(new Date(0));
    expect(back.tags).toEqual(new Set(['a']));
    expect(back.index.get('k')?.[0]).toBe(1n);
    expect(back.index.get('k')?.[1]).toBeUndefined();
    expect(back.index.get('k')?.[2]).toBeNaN();
    expect(back.raw.equals(Buffer.from([7]))).toBe(true);
  });

  it('restores registered classes with their prototype, without calling the constructor', () => {
    const withMoney = createExtendedJson({ classes: [Money] });
    const back = withMoney.fromText(withMoney.toText({ total: new Money(250n, 'USD') }, '1'), '1') as { total: Money };
    expect(back.total).toBeInstanceOf(Money);
    expect(back.total.format()).toBe('250 USD');
  });

  it('revives class fields as own data, without running prototype setters', () => {
    class Guarded {
      secret = 'a';
      set secret2(_value: string) { throw new Error('setter must not run'); }
    }
    const withGuarded = createExtendedJson({ classes: [Guarded] });
    const text = withGuarded.toText(new Guarded(), '1').replace('"secret"', '"secret2"');
    const back = withGuarded.fromText(text, '1') as Guarded & { secret2?: string };
    expect(back).toBeInstanceOf(Guarded);
    expect(Object.getOwnPropertyDescriptor(back, 'secret2')?.value).toBe('a');
  });

  it('escapes plain objects that use the tag key, and keeps "__proto__" as data', () => {
    const tricky = { $x: 'Date', v: 'not a date' };
    expect(roundTrip(tricky)).toEqual(tricky);
    const proto = JSON.parse('{"__proto__": {"polluted": true}}') as object;
    const back = roundTrip(proto) as Record<string, unknown>;
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(Object.hasOwn(back, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('rejects what it cannot restore, naming the operation and the path', () => {
    expect(() => codec.toText({ f: () => 1 }, '2-1')).toThrow(PayloadSerializationError);
    expect(() => codec.toText({ f: () => 1 }, '2-1')).toThrow(/operation "2-1".*function at \$\.f/);
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect(() => codec.toText(cyclic, '3')).toThrow(/circular reference at \$\.self/);
    expect(() => codec.toText(new Money(), '4')).toThrow(/unregistered class Money/);
    expect(() => codec.fromText('{"$x":"Class","n":"Nope","v":{}}', '5')).toThrow(PayloadFormatError);
    expect(() => codec.fromText('{"$x":"Martian","v":1}', '5')).toThrow(/unknown type tag "Martian"/);
  });

  it('reads strings that contain the tag key as plain strings', () => {
    const value = { note: '{"$x":"Date","v":"2020-01-01T00:00:00.000Z"}', at: new Date(0) };
    expect(codec.toText({ note: value.note }, '1')).toBe(JSON.stringify({ note: value.note }));
    expect(roundTrip({ note: value.note })).toEqual({ note: value.note });
    expect(roundTrip(value)).toEqual(value);
  });

  it('uses toJSON of unregistered classes that define one', () => {
    class Decimalish { constructor(private readonly text: string) {} toJSON(): string { return this.text; } }
    expect(roundTrip({ amount: new Decimalish('1.10') })).toEqual({ amount: '1.10' });
  });

  it('offers a standalone Serdes where undefined writes no payload', async () => {
    const serdes = createExtendedJsonSerdes<Map<string, Date>>();
    const context = { entityId: '1', durableExecutionArn: 'arn' };
    expect(await serdes.serialize(undefined, context)).toBeUndefined();
    const text = await serdes.serialize(new Map([['at', new Date(5)]]), context);
    expect(await serdes.deserialize(text, context)).toEqual(new Map([['at', new Date(5)]]));
    expect(jsonCodec.fromText(jsonCodec.toText({ a: 1 }, '1'), '1')).toEqual({ a: 1 });
  });
});
