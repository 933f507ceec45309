/**
 * Translates a Python `re` pattern (str pattern, as the public validator's `re.search` reads it)
 * into an equivalent JavaScript `v`-flag RegExp: inline flags (`(?imsxa)` at the start, scoped
 * `(?i:...)`, `(?-i:...)`), named groups `(?P<name>...)` and `(?P=name)`, `\A`, `\Z`, Python's
 * `^`, `$`, `.`, `\d`, `\w`, `\s`, `\b`, escapes and quantifiers. Case-insensitivity is compiled
 * into character classes, so flags can change inside the pattern as Python allows. A construct
 * with no faithful JavaScript form throws {@link PythonRegexError} naming it and the pattern.
 * Hand-written: no package translates Python's dialect.
 */
import { classEscape, escapeCodePoint, literalAtom, rangeCaseVariants, wordBoundary } from './python-regex-sets.js';
import { BackReferences } from './python-regex-groups.js';

/** A Python pattern that has no faithful JavaScript translation (or is invalid in Python). */
export class PythonRegexError extends Error {
  override name = 'PythonRegexError';
  constructor(
    /** What could not be translated, e.g. `atomic group (?>...)`. */
    readonly construct: string,
    /** The whole Python pattern. */
    readonly pattern: string,
  ) {
    super(`cannot translate Python regex construct ${construct} in /${pattern}/`);
  }
}

interface Flags {
  i: boolean;
  m: boolean;
  s: boolean;
  x: boolean;
  a: boolean;
}

const FLAG_LETTERS = new Set(['a', 'i', 'L', 'm', 's', 'u', 'x']);
const SIMPLE_ESCAPES: Record<string, number> = { a: 7, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 92 };
const START = '(?<![\\s\\S])';
const END = '(?![\\s\\S])';

class Translator {
  private pos = 0;
  private readonly refs = new BackReferences();
  /** Whether the atom just translated may take a quantifier (Python: not an anchor). */
  private repeatable: boolean | 'lookaround' = false;

  constructor(private readonly pattern: string) {}

  fail(construct: string): never {
    throw new PythonRegexError(construct, this.pattern);
  }

  private peek(offset = 0): string {
    return this.pattern[this.pos + offset] ?? '';
  }

  private startsWith(text: string): boolean {
    return this.pattern.startsWith(text, this.pos);
  }

  /** Translates the whole pattern. */
  translate(): string {
    const flags = this.leadingFlags();
    const body = this.sequence(flags, 0);
    if (this.pos < this.pattern.length) this.fail('unbalanced parenthesis )');
    return body;
  }

  /** Global flag groups at the start, e.g. `(?i)(?s)`; Python rejects them anywhere else. */
  private leadingFlags(): Flags {
    const flags: Flags = { i: false, m: false, s: false, x: false, a: false };
    for (;;) {
      if (flags.x) this.skipVerbose();
      const match = /^\(\?([a-zA-Z]+)\)/.exec(this.pattern.slice(this.pos));
      if (!match?.[1]) return flags;
      for (const letter of match[1]) this.setFlag(flags, letter, true);
      this.pos += match[0].length;
    }
  }

  private setFlag(flags: Flags, letter: string, on: boolean): void {
    if (!FLAG_LETTERS.has(letter)) this.fail(`unknown flag (?${letter})`);
    if (letter === 'L') this.fail('locale flag (?L)');
    if (letter === 'u') return;
    flags[letter as keyof Flags] = on;
  }

  private skipVerbose(): void {
    for (;;) {
      const char = this.peek();
      if (' \t\n\r\v\f'.includes(char) && char !== '') this.pos++;
      else if (char === '#') {
        while (this.pos < this.pattern.length && this.peek() !== '\n') this.pos++;
      } else return;
    }
  }

  /** Alternatives up to the closing `)` of the current group (not consumed) or the end. */
  private sequence(flags: Flags, depth: number): string {
    let out = '';
    for (;;) {
      if (flags.x) this.skipVerbose();
      if (this.pos >= this.pattern.length) return out;
      const char = this.peek();
      if (char === ')') {
        if (depth === 0) this.fail('unbalanced parenthesis )');
        return out;
      }
      if (char === '|') {
        this.pos++;
        this.refs.alternative();
        out += '|';
        continue;
      }
      out += this.quantified(flags, depth);
    }
  }

  /** One atom and its quantifier, if any. */
  private quantified(flags: Flags, depth: number): string {
    const closedGroup = this.peek() === '(' ? this.refs.nextFrameId() : undefined;
    this.repeatable = false;
    const atom = this.atom(flags, depth);
    if (atom === '') return '';
    if (flags.x) this.skipVerbose();
    const start = this.pos;
    const quantifier = this.quantifier();
    if (quantifier === undefined) return atom;
    const repeatable = this.lastRepeatable();
    if (repeatable === 'lookaround') this.fail(`quantified lookaround ${this.pattern.slice(start, this.pos)}`);
    if (!repeatable) this.fail(`nothing to repeat ${this.pattern.slice(start, this.pos)}`);
    if (quantifier.min === 0 && closedGroup !== undefined) this.refs.optional(closedGroup);
    return atom + quantifier.text;
  }

  private quantifier(): { text: string; min: number } | undefined {
    const char = this.peek();
    let text: string;
    let min: number;
    if (char === '*' || char === '+' || char === '?') {
      this.pos++;
      text = char;
      min = char === '+' ? 1 : 0;
    } else if (char === '{') {
      const match = /^\{(\d*)(,?)(\d*)\}/.exec(this.pattern.slice(this.pos));
      if (!match || (match[1] === '' && match[2] === '')) return undefined;
      this.pos += match[0].length;
      const lo = match[1] === '' ? '0' : match[1] ?? '0';
      text = `{${lo}${match[2] ?? ''}${match[3] ?? ''}}`;
      min = Number(lo);
      if (match[3] !== '' && Number(match[3]) < min) this.fail(`min repeat greater than max repeat ${match[0]}`);
    } else return undefined;
    if (this.peek() === '+') this.fail(`possessive quantifier ${text}+`);
    if (this.peek() === '?') {
      this.pos++;
      text += '?';
    }
    return { text, min };
  }

  private atom(flags: Flags, depth: number): string {
    const char = this.peek();
    if (char === '(') return this.group(flags, depth);
    if (char === '' ) this.fail('end of pattern');
    this.pos++;
    if (char === '[') return this.sawIt(this.characterClass(flags));
    if (char === '\\') return this.escape(flags);
    if (char === '.') return this.sawIt(flags.s ? '[\\s\\S]' : '[^\\n]');
    if (char === '^') return flags.m ? '(?<![^\\n])' : START;
    if (char === '$') return flags.m ? '(?![^\\n])' : `(?=\\n?${END})`;
    if (char === '*' || char === '+' || char === '?') this.fail(`nothing to repeat ${char}`);
    if (char === '{' && /^\{(?:\d+,?\d*|,\d*)\}/.test(this.pattern.slice(this.pos - 1))) this.fail('nothing to repeat {');
    const cp = this.pattern.codePointAt(this.pos - 1) ?? 0;
    if (cp > 0xffff) this.pos++;
    return this.sawIt(literalAtom(cp, flags.i));
  }

  /** Read through a method: `atom()` changes the field, which narrowing would not see. */
  private lastRepeatable(): boolean | 'lookaround' {
    return this.repeatable;
  }

  private sawIt(text: string): string {
    this.repeatable = true;
    return text;
  }

  private group(outer: Flags, depth: number): string {
    const rest = this.pattern.slice(this.pos);
    if (rest.startsWith('(?#')) {
      const end = this.pattern.indexOf(')', this.pos);
      if (end === -1) this.fail('unterminated comment (?#');
      this.pos = end + 1;
      return '';
    }
    if (rest.startsWith('(?P=')) return this.namedReference(outer);
    if (rest.startsWith('(?>')) this.fail('atomic group (?>...)');
    if (rest.startsWith('(?(')) this.fail('conditional group (?(id)yes|no)');
    let open: string;
    let kind: 'capture' | 'plain' | 'negative' = 'plain';
    let flags = outer;
    let name: string | undefined;
    const named = /^\(\?P<([^>]*)>/.exec(rest);
    const scoped = /^\(\?([a-zA-Z]*)(?:-([a-zA-Z]*))?:/.exec(rest);
    if (named) {
      name = named[1] ?? '';
      if (!/^[\p{L}_][\p{L}\p{N}_]*$/u.test(name)) this.fail(`bad group name (?P<${name}>`);
      open = `(?<${name}>`;
      kind = 'capture';
      this.pos += named[0].length;
    } else if (rest.startsWith('(?:')) {
      open = '(?:';
      this.pos += 3;
    } else if (rest.startsWith('(?=') || rest.startsWith('(?!') || rest.startsWith('(?<=') || rest.startsWith('(?<!')) {
      open = rest.startsWith('(?<') ? rest.slice(0, 4) : rest.slice(0, 3);
      if (open.endsWith('!')) kind = 'negative';
      this.pos += open.length;
    } else if (scoped) {
      flags = { ...outer };
      for (const letter of scoped[1] ?? '') this.setFlag(flags, letter, true);
      for (const letter of scoped[2] ?? '') {
        if (!'imsx'.includes(letter)) this.fail(`flag ${letter} cannot be turned off in (?-${letter}:...)`);
        this.setFlag(flags, letter, false);
      }
      open = '(?:';
      this.pos += scoped[0].length;
    } else if (rest.startsWith('(?')) {
      if (/^\(\?[a-zA-Z]+\)/.test(rest)) this.fail(`global flags not at the start of the expression ${/^\(\?[a-zA-Z]+\)/.exec(rest)?.[0] ?? ''}`);
      this.fail(`unknown extension ${rest.slice(0, 3)}`);
    } else {
      open = '(';
      kind = 'capture';
      this.pos += 1;
    }
    const problem = this.refs.open(kind, name);
    if (problem) this.fail(problem);
    const inner = this.sequence(flags, depth + 1);
    if (this.peek() !== ')') this.fail('missing ), unterminated subpattern');
    this.pos++;
    this.refs.close();
    this.repeatable = /^\(\?<?[=!]/.test(open) ? 'lookaround' : true;
    return `${open}${inner})`;
  }

  private namedReference(flags: Flags): string {
    const match = /^\(\?P=([^)]*)\)/.exec(this.pattern.slice(this.pos));
    if (!match) this.fail('unterminated name in (?P=');
    const name = match[1] ?? '';
    this.pos += match[0].length;
    const index = this.refs.indexOfName(name);
    if (index === undefined) this.fail(`unknown group name (?P=${name})`);
    this.checkReference(index, `(?P=${name})`, flags);
    return this.sawIt(`\\k<${name}>`);
  }

  private checkReference(index: number, written: string, flags: Flags): void {
    const problem = this.refs.referenceProblem(index);
    if (problem) this.fail(`${written} (${problem})`);
    if (flags.i) this.fail(`${written} under IGNORECASE (JavaScript compares back-references case-sensitively here)`);
  }

  /** An escape outside a class (the backslash is consumed). */
  private escape(flags: Flags): string {
    const char = this.peek();
    if (char === '') this.fail('bad escape (end of pattern)');
    if (char === 'A') return this.advance(1, START);
    if (char === 'Z' || char === 'z') return this.advance(1, END);
    if (char === 'b' || char === 'B') return this.advance(1, wordBoundary(char === 'B', flags.a));
    if ('dDwWsS'.includes(char)) return this.sawIt(this.advance(1, classEscape(char, flags.a)));
    if (/[1-9]/.test(char) && !/^[1-7][0-7]{2}/.test(this.pattern.slice(this.pos))) {
      const digits = /^\d\d?/.exec(this.pattern.slice(this.pos))?.[0] ?? char;
      this.pos += digits.length;
      this.checkReference(Number(digits), `\\${digits}`, flags);
      return this.sawIt(`\\${digits}(?:)`);
    }
    return this.sawIt(literalAtom(this.codeEscape(), flags.i));
  }

  private advance(count: number, text: string): string {
    this.pos += count;
    return text;
  }

  /** The code point of a character escape (after the backslash); consumes it. */
  private codeEscape(): number {
    const char = this.peek();
    const rest = this.pattern.slice(this.pos);
    const octal = /^(?:0[0-7]{0,2}|[1-7][0-7]{2})/.exec(rest);
    if (octal) {
      this.pos += octal[0].length;
      const value = parseInt(octal[0], 8);
      if (value > 0o377) this.fail(`octal escape value \\${octal[0]} outside of range 0-0o377`);
      return value;
    }
    const hex = /^(?:x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8}))/.exec(rest);
    if (hex) {
      this.pos += hex[0].length;
      const value = parseInt(hex[1] ?? hex[2] ?? hex[3] ?? '0', 16);
      if (value > 0x10ffff) this.fail(`bad escape \\${hex[0]}`);
      return value;
    }
    if (char === 'N') this.fail('named character escape \\N{...}');
    const simple = SIMPLE_ESCAPES[char];
    if (simple !== undefined) {
      this.pos++;
      return simple;
    }
    if (/[A-Za-z0-9]/.test(char)) this.fail(`bad escape \\${char}`);
    const cp = this.pattern.codePointAt(this.pos) ?? 0;
    this.pos += cp > 0xffff ? 2 : 1;
    return cp;
  }

  /** A character class (the `[` is consumed). */
  private characterClass(flags: Flags): string {
    let negated = false;
    if (this.peek() === '^') {
      negated = true;
      this.pos++;
    }
    let items = '';
    let first = true;
    for (;;) {
      if (this.pos >= this.pattern.length) this.fail('unterminated character set');
      const char = this.peek();
      if (char === ']' && !first) {
        this.pos++;
        break;
      }
      first = false;
      const lo = this.classMember(flags);
      if (typeof lo === 'string') {
        items += lo;
        continue;
      }
      if (this.peek() === '-' && this.peek(1) !== ']' && this.peek(1) !== '') {
        this.pos++;
        const hi = this.classMember(flags);
        if (typeof hi === 'string') this.fail(`bad character range with ${hi.startsWith('[') ? 'a class escape' : hi}`);
        if (hi < lo) this.fail(`bad character range ${String.fromCodePoint(lo)}-${String.fromCodePoint(hi)}`);
        items += `${escapeCodePoint(lo)}-${escapeCodePoint(hi)}${flags.i ? rangeCaseVariants(lo, hi) : ''}`;
        continue;
      }
      items += flags.i ? rangeCaseVariants(lo, lo) + escapeCodePoint(lo) : escapeCodePoint(lo);
    }
    return `[${negated ? '^' : ''}${items}]`;
  }

  /** A class member: a code point, or a class escape's nested class. */
  private classMember(flags: Flags): number | string {
    const char = this.peek();
    if (char !== '\\') {
      const cp = this.pattern.codePointAt(this.pos) ?? 0;
      this.pos += cp > 0xffff ? 2 : 1;
      return cp;
    }
    this.pos++;
    const next = this.peek();
    if ('dDwWsS'.includes(next) && next !== '') {
      this.pos++;
      return classEscape(next, flags.a);
    }
    if (next === 'b') {
      this.pos++;
      return 8;
    }
    if (/^[1-9]/.test(next) && !/^[1-7][0-7]{2}/.test(this.pattern.slice(this.pos))) this.fail(`back-reference \\${next} in a character class`);
    if (next === 'A' || next === 'Z' || next === 'B') this.fail(`bad escape \\${next} in a character class`);
    return this.codeEscape();
  }
}

/**
 * A Python `re` pattern as a JavaScript RegExp that `test()`s like `re.search`.
 *
 * @example
 * ```ts
 * translatePythonRegex('(?i)^(?P<w>ab)-(?P=w)\\Z'); // throws PythonRegexError (case-insensitive back-reference)
 * translatePythonRegex('(?i)^ab\\Z').test('AB'); // true
 * ```
 * @throws {PythonRegexError} for a construct with no faithful translation, naming it and the pattern.
 */
export function translatePythonRegex(pattern: string): RegExp {
  const source = new Translator(pattern).translate();
  try {
    return new RegExp(source, 'v');
  } catch (error) {
    throw new PythonRegexError(`(JavaScript rejected the translation: ${(error as Error).message})`, pattern);
  }
}
