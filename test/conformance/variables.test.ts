import { describe, expect, it } from 'vitest';
import {
  generateString,
  regexPattern,
  resolveVariables,
  stringForm,
  substitute,
} from '../../src/conformance/variables.js';

describe('conformance variables', () => {
  it('generates [a-z0-9]{N} strings', () => {
    const value = generateString(12);
    expect(value).toMatch(/^[a-z0-9]{12}$/);
    expect(generateString(0)).toBe('');
    expect(new Set(Array.from({ length: 20 }, () => generateString(10))).size).toBe(20);
  });

  it('resolves GEN_STR and literals, in order', () => {
    const bindings = resolveVariables({ A: '${GEN_STR:5}', B: 'x-${A}', C: 7, D: '${GEN_STR:3}' });
    expect(bindings.get('A')).toMatch(/^[a-z0-9]{5}$/);
    expect(bindings.get('B')).toBe(`x-${String(bindings.get('A'))}`);
    expect(bindings.get('C')).toBe(7);
    expect(bindings.get('D')).toMatch(/^[a-z0-9]{3}$/);
    expect(resolveVariables({ A: '${GEN_STR:4}' }, (n) => 'z'.repeat(n)).get('A')).toBe('zzzz');
  });

  it('substitutes everywhere, keeps whole-variable types, leaves regexes and unbound names', () => {
    const bindings = new Map<string, unknown>([
      ['N', 'abc'],
      ['K', 3],
    ]);
    expect(substitute('${N}', bindings)).toBe('abc');
    expect(substitute('${K}', bindings)).toBe(3);
    expect(substitute('"${N}"-${K}', bindings)).toBe('"abc"-3');
    expect(substitute(['${N}', { a: { b: '${N}!' } }, 5, null], bindings)).toEqual(['abc', { a: { b: 'abc!' } }, 5, null]);
    expect(substitute('${/^${N}$/}', bindings)).toBe('${/^${N}$/}');
    expect(substitute('${MISSING}', bindings)).toBe('${MISSING}');
  });

  it('builds regexes from ${/re/} with bound names substituted', () => {
    const bindings = new Map<string, unknown>([['N', 'abc']]);
    expect(regexPattern('${/^x${N}$/}', bindings)?.test('xabc')).toBe(true);
    expect(regexPattern('${/^x${N}$/}', bindings)?.test('xab')).toBe(false);
    expect(regexPattern('/plain/', bindings)).toBeUndefined();
  });

  it('renders string forms like Python str()', () => {
    expect(stringForm(5)).toBe('5');
    expect(stringForm(true)).toBe('True');
    expect(stringForm(null)).toBe('None');
    expect(stringForm({ a: 1 })).toBe('{"a":1}');
  });
});
