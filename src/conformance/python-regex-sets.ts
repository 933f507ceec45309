/**
 * Character sets of Python's `re` (str patterns) written for a JavaScript `v`-flag regex, and
 * Python's IGNORECASE equivalence: two characters match when their simple lowercase forms are
 * equal, or when they are in one of `re`'s extra equivalence groups (i/ı, s/ſ, µ/μ, ...).
 * Hand-written because no package maps Python's `re` semantics to JavaScript.
 */

/** A code point as a `v`-mode escape, valid inside and outside classes. */
export function escapeCodePoint(cp: number): string {
  const char = String.fromCodePoint(cp);
  return /^[A-Za-z0-9_]$/.test(char) ? char : `\\u{${cp.toString(16)}}`;
}

/** Python's `\s` for str patterns (what `str.isspace` accepts). */
const UNICODE_SPACE = '\\t\\n\\v\\f\\r\\u{1c}-\\u{20}\\u{85}\\u{a0}\\u{1680}\\u{2000}-\\u{200a}\\u{2028}\\u{2029}\\u{202f}\\u{205f}\\u{3000}';
const ASCII_SPACE = '\\t\\n\\v\\f\\r\\u{20}';

/** The members (inside a class) of `\d`, `\w` or `\s`, Unicode or ASCII (the `a` flag). */
function members(kind: 'd' | 'w' | 's', ascii: boolean): string {
  if (kind === 'd') return ascii ? '0-9' : '\\p{Nd}';
  if (kind === 'w') return ascii ? 'A-Za-z0-9_' : '\\p{L}\\p{N}_';
  return ascii ? ASCII_SPACE : UNICODE_SPACE;
}

/**
 * A class escape (`\d`, `\D`, `\w`, `\W`, `\s`, `\S`) as a nested `v`-mode class, usable both as
 * an atom and as an item inside another class.
 */
export function classEscape(letter: string, ascii: boolean): string {
  const kind = letter.toLowerCase() as 'd' | 'w' | 's';
  const negated = letter !== kind;
  return `[${negated ? '^' : ''}${members(kind, ascii)}]`;
}

/** Python's `\b` / `\B` (word boundary on Python's `\w`). */
export function wordBoundary(negated: boolean, ascii: boolean): string {
  const word = classEscape('w', ascii);
  const boundary = `(?:(?<=${word})(?!${word})|(?<!${word})(?=${word}))`;
  return negated ? `(?:(?<=${word})(?=${word})|(?<!${word})(?!${word}))` : boundary;
}

/** Groups `re` treats as case-equivalent beyond equal lowercase forms (facts of CPython's sre). */
const EXTRA_EQUIVALENCES: readonly (readonly number[])[] = [
  [0x69, 0x131],
  [0x73, 0x17f],
  [0xb5, 0x3bc],
  [0x345, 0x3b9, 0x1fbe],
  [0x390, 0x1fd3],
  [0x3b0, 0x1fe3],
  [0x3b2, 0x3d0],
  [0x3b5, 0x3f5],
  [0x3b8, 0x3d1],
  [0x3ba, 0x3f0],
  [0x3c0, 0x3d6],
  [0x3c1, 0x3f1],
  [0x3c2, 0x3c3],
  [0x3c6, 0x3d5],
  [0x1e61, 0x1e9b],
  [0xfb05, 0xfb06],
];

/** Highest code point with a case mapping (Adlam ends below it). */
const LAST_CASED = 0x1ffff;

/** Simple (one code point) lowercase mapping, as `re` uses it. */
function simpleLower(cp: number): number {
  if (cp === 0x130) return 0x69; // İ: full mapping is two code points, the simple one is 'i'.
  const lower = String.fromCodePoint(cp).toLowerCase();
  const first = lower.codePointAt(0) ?? cp;
  return lower.length === String.fromCodePoint(first).length ? first : cp;
}

let classes: Map<number, number[]> | undefined;
let keyOf: Map<number, number> | undefined;

/** Lazily built: key (simple lowercase, merged by the extra groups) → its members. */
function caseClasses(): { classes: Map<number, number[]>; keyOf: Map<number, number> } {
  if (classes && keyOf) return { classes, keyOf };
  const merge = new Map<number, number>();
  for (const group of EXTRA_EQUIVALENCES) for (const cp of group) merge.set(cp, group[0] ?? cp);
  const built = new Map<number, number[]>();
  const keys = new Map<number, number>();
  for (let cp = 0; cp <= LAST_CASED; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    const lower = simpleLower(cp);
    const key = merge.get(lower) ?? lower;
    if (key === cp && lower === cp && !merge.has(cp)) continue;
    keys.set(cp, key);
    const list = built.get(key) ?? [key];
    if (!list.includes(cp)) list.push(cp);
    built.set(key, list);
  }
  for (const [key, list] of built) for (const cp of list) keys.set(cp, key);
  classes = built;
  keyOf = keys;
  return { classes, keyOf };
}

/** Every code point `re` matches for `cp` under IGNORECASE (`cp` first). */
export function caseVariants(cp: number): number[] {
  if (cp > LAST_CASED) return [cp];
  const { classes: all, keyOf: keys } = caseClasses();
  const key = keys.get(cp);
  const list = key === undefined ? undefined : all.get(key);
  if (!list) return [cp];
  return [cp, ...list.filter((other) => other !== cp)];
}

/** Extra class items making the range `lo`-`hi` case-insensitive (variants outside the range). */
export function rangeCaseVariants(lo: number, hi: number): string {
  let out = '';
  for (let cp = lo; cp <= Math.min(hi, LAST_CASED); cp++) {
    for (const other of caseVariants(cp)) if (other < lo || other > hi) out += escapeCodePoint(other);
  }
  return out;
}

/** A literal code point as an atom, expanded to a class of its case variants when `ignoreCase`. */
export function literalAtom(cp: number, ignoreCase: boolean): string {
  if (!ignoreCase) return escapeCodePoint(cp);
  const variants = caseVariants(cp);
  return variants.length === 1 ? escapeCodePoint(cp) : `[${variants.map(escapeCodePoint).join('')}]`;
}
