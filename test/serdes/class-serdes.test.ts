import { describe, expect, it } from 'vitest';
import { createClassSerdes, createClassSerdesWithDates } from '../../src/serdes/class-serdes.js';
import type { SerdesContext } from '../../src/serdes/serdes.js';

const ctx: SerdesContext = { entityId: '1', durableExecutionArn: 'arn:aws:lambda:us-east-1:123456789012:function:f:$LATEST/durable-execution/e/i' };

class User {
  name = '';
  tags: string[] = [];
  greet(): string {
    return `hi ${this.name}`;
  }
}

class Order {
  id = '';
  createdAt: Date = new Date(0);
  shipping: { eta: Date | null; carrier: string } = { eta: null, carrier: '' };
  note?: string;
}

describe('createClassSerdes', () => {
  it('writes JSON and reads back an instance with its methods', async () => {
    const serdes = createClassSerdes(User);
    const user = Object.assign(new User(), { name: 'Ada', tags: ['x'] });
    const text = await serdes.serialize(user, ctx);
    expect(text).toBe('{"name":"Ada","tags":["x"]}');
    const back = await serdes.deserialize(text, ctx);
    expect(back).toBeInstanceOf(User);
    expect(back?.greet()).toBe('hi Ada');
    expect(back?.tags).toEqual(['x']);
  });

  it('keeps undefined as undefined both ways', async () => {
    const serdes = createClassSerdes(User);
    expect(await serdes.serialize(undefined, ctx)).toBeUndefined();
    expect(await serdes.deserialize(undefined, ctx)).toBeUndefined();
  });

  it('fills fields missing from the data with the class defaults', async () => {
    const back = await createClassSerdes(User).deserialize('{"name":"Bo"}', ctx);
    expect(back?.tags).toEqual([]);
  });

  it('rejects a non-class and reports bad JSON', async () => {
    expect(() => createClassSerdes('User' as never)).toThrow(/expected a class, got string/);
    await expect(createClassSerdes(User).deserialize('{oops', ctx)).rejects.toThrow(SyntaxError);
  });
});

describe('createClassSerdesWithDates', () => {
  const serdes = createClassSerdesWithDates(Order, ['createdAt', 'shipping.eta']);

  it('revives top-level and nested dates', async () => {
    const order = Object.assign(new Order(), {
      id: 'o-1',
      createdAt: new Date('2026-01-02T03:04:05.000Z'),
      shipping: { eta: new Date('2026-02-01T00:00:00.000Z'), carrier: 'UPS' },
    });
    const back = await serdes.deserialize(await serdes.serialize(order, ctx), ctx);
    expect(back).toBeInstanceOf(Order);
    expect(back?.createdAt).toBeInstanceOf(Date);
    expect(back?.createdAt.toISOString()).toBe('2026-01-02T03:04:05.000Z');
    expect(back?.shipping.eta).toBeInstanceOf(Date);
    expect(back?.shipping.eta?.toISOString()).toBe('2026-02-01T00:00:00.000Z');
    expect(back?.shipping.carrier).toBe('UPS');
  });

  it('leaves null and missing paths alone', async () => {
    const back = await serdes.deserialize('{"id":"o","createdAt":"2026-01-01T00:00:00.000Z","shipping":{"eta":null}}', ctx);
    expect(back?.shipping.eta).toBeNull();
    const noShipping = await createClassSerdesWithDates(Order, ['missing.deep.path', 'createdAt']).deserialize(
      '{"createdAt":"2026-01-01T00:00:00.000Z","shipping":null}',
      ctx,
    );
    expect(noShipping?.shipping).toBeNull();
    expect(noShipping?.createdAt).toBeInstanceOf(Date);
  });

  it('does not convert a same-named property on the wrong object when a path breaks', async () => {
    const back = await createClassSerdesWithDates(Order, ['shipping.missing.carrier']).deserialize(
      '{"shipping":{"eta":null,"carrier":"2026-01-01"}}',
      ctx,
    );
    expect(back?.shipping.carrier).toBe('2026-01-01');
  });

  it('fails clearly on a value that is not a date', async () => {
    await expect(serdes.deserialize('{"createdAt":"tomorrow-ish"}', ctx)).rejects.toThrow(
      'createClassSerdesWithDates: property "createdAt" holds "tomorrow-ish", which is not a date',
    );
    await expect(serdes.deserialize('{"createdAt":true}', ctx)).rejects.toThrow(/"createdAt" holds true/);
  });

  it('accepts epoch milliseconds', async () => {
    const back = await serdes.deserialize('{"createdAt":0}', ctx);
    expect(back?.createdAt.getTime()).toBe(0);
  });

  it('rejects bad dateProps at creation', () => {
    expect(() => createClassSerdesWithDates(Order, 'createdAt' as never)).toThrow(/dateProps must be an array/);
    expect(() => createClassSerdesWithDates(Order, [''])).toThrow(/dateProps must be an array/);
  });

  it('keeps undefined as undefined', async () => {
    expect(await serdes.serialize(undefined, ctx)).toBeUndefined();
    expect(await serdes.deserialize(undefined, ctx)).toBeUndefined();
  });
});
