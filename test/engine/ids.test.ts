import { describe, expect, it } from 'vitest';
import { ancestorIds, childOperationId, hashOperationId } from '../../src/engine/ids.js';

describe('operation ids (§4.1)', () => {
  it.each([
    ['1', 'c4ca4238a0b92382'],
    ['2', 'c81e728d9d4c2f63'],
    ['3', 'eccbc87e4b5ce2fe'],
    ['1-1', 'ea66c06c1e1c05fa'],
    ['1-2', '98c6f2c2287f4c73'],
    ['1-1-1', '2f221a18eb863803'],
  ])('hashes %s to %s', (raw, wire) => {
    expect(hashOperationId(raw)).toBe(wire);
    expect(hashOperationId(raw)).toBe(wire); // memoised path
  });

  it('builds counter paths at the root and in children', () => {
    expect(childOperationId(undefined, 3)).toBe('3');
    expect(childOperationId('2', 1)).toBe('2-1');
    expect(childOperationId('2-2', 1)).toBe('2-2-1');
  });

  it('lists ancestors nearest first', () => {
    expect(ancestorIds('1-2-3')).toEqual(['1-2', '1']);
    expect(ancestorIds('7')).toEqual([]);
  });
});
