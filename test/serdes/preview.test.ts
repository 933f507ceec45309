import { buildPreview as officialBuildPreview } from '@aws/durable-execution-sdk-js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PreviewConfig } from '../../src/serdes/preview.js';
import { buildPreview, FieldMatchMode, PreviewMode } from '../../src/serdes/preview.js';

const order = { id: 'order-123', status: 'pending', user: { email: 'a@b.c', name: 'Ann', address: { city: 'Oslo' } }, total: 12.5 };

describe('buildPreview', () => {
  it('EXCLUDE_ALL shows include and mask fields only, nested as in the value', () => {
    expect(buildPreview(order, { mode: PreviewMode.EXCLUDE_ALL, include: [{ name: 'id' }, { name: 'status' }], mask: [{ name: 'email' }] })).toEqual({
      id: 'order-123',
      status: 'pending',
      user: { email: '***' },
    });
  });

  it('INCLUDE_ALL shows everything but exclude; exclude wins over mask; maskString is configurable', () => {
    expect(
      buildPreview(order, { mode: PreviewMode.INCLUDE_ALL, exclude: [{ name: 'address' }, { name: 'name' }], mask: [{ name: 'email' }, { name: 'name' }], maskString: '#' }),
    ).toEqual({ id: 'order-123', status: 'pending', user: { email: '#' }, total: 12.5 });
  });

  it('ANYWHERE matches a key at any depth, PATH only the exact dot path', () => {
    const value = { email: 'top', user: { email: 'nested' } };
    expect(buildPreview(value, { mode: PreviewMode.EXCLUDE_ALL, include: [{ name: 'email' }] })).toEqual(value);
    expect(buildPreview(value, { mode: PreviewMode.EXCLUDE_ALL, include: [{ name: 'email', match: FieldMatchMode.PATH }] })).toEqual({ email: 'top' });
    expect(buildPreview(value, { mode: PreviewMode.EXCLUDE_ALL, include: [{ name: 'user.email', match: FieldMatchMode.PATH }] })).toEqual({ user: { email: 'nested' } });
    // Including a parent object shows its leaves.
    expect(buildPreview(order, { mode: PreviewMode.EXCLUDE_ALL, include: [{ name: 'user' }] })).toEqual({ user: order.user });
  });

  it('merges array elements into their path, later objects replacing earlier primitives', () => {
    expect(buildPreview({ items: [{ sku: 'a' }, { qty: 2 }] }, { mode: PreviewMode.INCLUDE_ALL })).toEqual({ items: { sku: 'a', qty: 2 } });
    expect(buildPreview([{ user: 'arb' }, { user: { email: 'x' } }], { mode: PreviewMode.INCLUDE_ALL })).toEqual({ user: { email: 'x' } });
  });

  it('stops adding fields at maxPreviewBytes (default 4096)', () => {
    const wide = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`k${i}`, 'v'.repeat(10)]));
    const preview = buildPreview(wide, { mode: PreviewMode.INCLUDE_ALL }) as Record<string, string>;
    expect(JSON.stringify(preview).length).toBeLessThanOrEqual(4096);
    expect(Object.keys(preview).length).toBeGreaterThan(100);
    expect(buildPreview({ a: 'x', b: 'y' }, { mode: PreviewMode.INCLUDE_ALL, maxPreviewBytes: 10 })).toEqual({ a: 'x' });
    expect(buildPreview({ a: 'long value' }, { mode: PreviewMode.INCLUDE_ALL, maxPreviewBytes: 5 })).toBeUndefined();
  });

  it('returns undefined for primitives and when nothing is visible; skips unsafe and dotted keys; survives cycles', () => {
    for (const value of [null, 1, 'x', undefined, true]) expect(buildPreview(value, { mode: PreviewMode.INCLUDE_ALL })).toBeUndefined();
    expect(buildPreview(order, { mode: PreviewMode.EXCLUDE_ALL })).toBeUndefined();
    expect(buildPreview({}, { mode: PreviewMode.INCLUDE_ALL })).toBeUndefined();
    const tricky = JSON.parse('{"__proto__":{"polluted":1},"a.b":1,"ok":2}') as object;
    expect(buildPreview(tricky, { mode: PreviewMode.INCLUDE_ALL })).toEqual({ ok: 2 });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const cyclic: Record<string, unknown> = { id: 1 };
    cyclic.self = cyclic;
    expect(buildPreview(cyclic, { mode: PreviewMode.INCLUDE_ALL })).toEqual({ id: 1 });
  });

  it('gives the same previews as the official SDK on generated values and configs', () => {
    const key = fc.constantFrom('id', 'email', 'user', 'name', 'items', 'a', 'b');
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.string({ maxLength: 6 }),
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie('node'), { maxLength: 3 }),
        fc.dictionary(key, tie('node'), { maxKeys: 4 }),
      ),
    })).node;
    const field = fc.record(
      { name: fc.oneof(key, fc.constantFrom('user.email', 'items.a', 'a.b')), match: fc.constantFrom(FieldMatchMode.ANYWHERE, FieldMatchMode.PATH) },
      { requiredKeys: ['name'] },
    );
    const config: fc.Arbitrary<PreviewConfig> = fc.record(
      {
        mode: fc.constantFrom(PreviewMode.INCLUDE_ALL, PreviewMode.EXCLUDE_ALL),
        include: fc.array(field, { maxLength: 3 }),
        exclude: fc.array(field, { maxLength: 2 }),
        mask: fc.array(field, { maxLength: 2 }),
        maskString: fc.constantFrom('***', '#'),
        maxPreviewBytes: fc.integer({ min: 2, max: 200 }),
      },
      { requiredKeys: ['mode'] },
    );
    fc.assert(
      fc.property(value, config, (v, c) => {
        expect(buildPreview(v, c)).toEqual(officialBuildPreview(v, c as never));
      }),
      { numRuns: 400 },
    );
  });
});
