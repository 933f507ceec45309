import { describe, expect, it } from 'vitest';
import { defaultSerdes } from '../../src/serdes/serdes.js';

const ctx = { entityId: '1', durableExecutionArn: 'arn:aws:lambda:us-east-1:123456789012:function:fn:1/durable-execution/e/i' };

describe('defaultSerdes', () => {
  it('writes no payload for undefined and round-trips JSON values', async () => {
    expect(await defaultSerdes.serialize(undefined, ctx)).toBeUndefined();
    expect(await defaultSerdes.deserialize(undefined, ctx)).toBeUndefined();
    const text = await defaultSerdes.serialize({ a: [1, null, 'x'] }, ctx);
    expect(text).toBe('{"a":[1,null,"x"]}');
    expect(await defaultSerdes.deserialize(text, ctx)).toEqual({ a: [1, null, 'x'] });
  });

  it('turns a Date into its ISO string, like the official SDK', async () => {
    const text = await defaultSerdes.serialize(new Date(0), ctx);
    expect(await defaultSerdes.deserialize(text, ctx)).toBe('1970-01-01T00:00:00.000Z');
  });
});
