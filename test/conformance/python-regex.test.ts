/**
 * The Python `re` dialect of `${/re/}` values. Every expected boolean below is what CPython 3.11's
 * `re.search(pattern, text)` returns for the same pair (checked against Python when written).
 */
import { describe, expect, it } from 'vitest';
import { CallbackPlanner } from '../../src/conformance/callbacks.js';
import { matchLogs } from '../../src/conformance/logs.js';
import { matchValue } from '../../src/conformance/match.js';
import { PythonRegexError, translatePythonRegex } from '../../src/conformance/python-regex.js';

type Case = readonly [pattern: string, text: string, pythonSays: boolean];

function check(cases: readonly Case[]): void {
  for (const [pattern, text, expected] of cases) {
    expect({ pattern, text, matched: translatePythonRegex(pattern).test(text) }).toEqual({ pattern, text, matched: expected });
  }
}

function untranslatable(pattern: string, construct: RegExp): void {
  let thrown: unknown;
  try {
    translatePythonRegex(pattern);
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(PythonRegexError);
  expect((thrown as PythonRegexError).construct).toMatch(construct);
  expect((thrown as PythonRegexError).message).toContain(`/${pattern}/`);
}

describe('Python regex dialect', () => {
  it('(?i) global IGNORECASE, with Python case equivalences', () => {
    check([
      ['(?i)hello', 'HeLLo world', true],
      ['(?i)hello', 'help', false],
      ['hello', 'HELLO', false],
      ['(?i)k', '\u212a', true],
      ['(?i)s', '\u017f', true],
      ['(?i)i', '\u0130', true],
      ['(?i)\u00df', '\u1e9e', true],
      ['(?i)[a-z]+$', 'K\u212a', true],
      ['(?i)[^k]', 'K', false],
      ['(?i)[\u00e0-\u00e5]', '\u00c3', true],
    ]);
  });

  it('(?s) DOTALL, and "." without it excludes only \\n', () => {
    check([
      ['(?s)a.b', 'a\nb', true],
      ['a.b', 'a\nb', false],
      ['a.b', 'a\rb', true],
    ]);
  });

  it('(?m) MULTILINE ^ and $; Python $ also matches before a final newline', () => {
    check([
      ['(?m)^b$', 'a\nb\nc', true],
      ['^b$', 'a\nb\nc', false],
      ['(?m)^a$', 'a\r\nb', false],
      ['a$', 'a\n', true],
      ['a$', 'a\n\n', false],
    ]);
  });

  it('(?x) VERBOSE: whitespace and # comments ignored outside classes', () => {
    check([
      ['(?x) a b # comment\n c', 'abc', true],
      ['(?x) a\\ b', 'a b', true],
      ['(?x)[ ]x', ' x', true],
      ['(?x)a b', 'a b', false],
    ]);
  });

  it('scoped flags (?i:...), (?s:...) and (?-i:...)', () => {
    check([
      ['(?i:ab)c', 'ABc', true],
      ['(?i:ab)c', 'ABC', false],
      ['(?s:a.b)c', 'a\nbc', true],
      ['(?s:a.b)c.d', 'a\nbc\nd', false],
      ['(?i)a(?-i:b)c', 'AbC', true],
      ['(?i)a(?-i:b)c', 'ABC', false],
    ]);
  });

  it('named groups (?P<name>...) and back-references (?P=name), numbered back-references', () => {
    check([
      ['(?P<word>ab)-(?P=word)', 'ab-ab', true],
      ['(?P<word>ab)-(?P=word)', 'ab-ba', false],
      ['(?P<n>\\d+)x(?P=n)', '12x12', true],
      ['(a)\\1', 'aa', true],
      ['(a)\\1', 'ab', false],
    ]);
  });

  it('\\A and \\Z are the absolute start and end', () => {
    check([
      ['a\\Z', 'a\n', false],
      ['a\\Z', 'a', true],
      ['\\Aa', 'ba', false],
      ['\\Aa', 'ab', true],
      ['(?m)\\Ab', 'a\nb', false],
    ]);
  });

  it('Unicode \\d, \\w, \\s, \\b as Python defines them; (?a) makes them ASCII', () => {
    check([
      ['\\d+', '\u0663', true],
      ['\\w', '\u00e9', true],
      ['\\s', '\u0085', true],
      ['\\s', '\ufeff', false],
      ['(?a)\\w', '\u00e9', false],
      ['\\bfoo\\b', 'a foo.', true],
      ['\\bfoo\\b', '\u00e9foo', false],
      ['\\Bfoo', 'xfoo', true],
      ['[\\s]', '\u3000', true],
      ['[^\\S]', '\t', true],
      ['[\\W]', '\u00e9', false],
    ]);
  });

  it('quantifiers {,n}, literal braces, classes with a leading ], escapes and comments', () => {
    check([
      ['a{,2}b', 'aab', true],
      ['^a{,2}b', 'aaab', false],
      ['a{', 'a{', true],
      ['x{}', 'x{}', true],
      ['[]a]', ']', true],
      ['[^]a]', 'b', true],
      ['[\\d-]', '-', true],
      ['[\\w.]+@', 'x.y@', true],
      ['\\x41\\u0042\\U00000043', 'ABC', true],
      ['\\101', 'A', true],
      ['a\\.b', 'axb', false],
      ['(?#comment)ab', 'ab', true],
      ['\\$\\{x\\}', '${x}', true],
      ['x*?y', 'xxy', true],
      ['(?<=a)b', 'ab', true],
      ['(?<!a)b', 'ab', false],
    ]);
  });

  it('the patterns of the public requirements', () => {
    check([
      ['^([0-9]|10)$', '10', true],
      ['.*TransientError$', 'MyTransientError', true],
      ['^[0-5]$', '5', true],
      ['wrapped', 'it was wrapped here', true],
    ]);
  });

  it('names every construct it cannot translate, with the pattern', () => {
    untranslatable('(?>a)', /atomic group/);
    untranslatable('a*+', /possessive quantifier/);
    untranslatable('(?(1)a|b)', /conditional group/);
    untranslatable('\\N{DIGIT ONE}', /named character escape/);
    untranslatable('(?:(a)|b)\\1', /\\1 \(group 1 is inside an alternation/);
    untranslatable('(a)?\\1', /optional/);
    untranslatable('(a)|\\1', /another alternative/);
    untranslatable('(?!(a))\\1', /negative lookaround/);
    untranslatable('(?i)(a)\\1', /IGNORECASE/);
    untranslatable('(?i)(?P<x>a)(?P=x)', /\(\?P=x\) under IGNORECASE/);
    untranslatable('a(?i)b', /global flags not at the start/);
    untranslatable('(?L)a', /locale flag/);
    untranslatable('(?=a)*', /quantified lookaround/);
    // Invalid in Python too: reported rather than guessed.
    untranslatable('(?<n>a)', /unknown extension/);
    untranslatable('\\q', /bad escape \\q/);
    untranslatable('(a)\\10', /invalid group reference 10/);
    untranslatable('(a\\1)', /open group/);
    untranslatable('[a', /unterminated character set/);
    untranslatable('^*', /nothing to repeat/);
  });

  it('an untranslatable ${/re/} fails the requirement with a message, never a silent mismatch', () => {
    const mismatch = matchValue('${/(?>x)/}', 'x', 'Name', new Map());
    expect(mismatch?.path).toBe('Name');
    expect(mismatch?.message).toBe('Name: cannot translate Python regex construct atomic group (?>...) in /(?>x)/');
    expect(matchValue('${/(?i)^X\\Z/}', 'x', 'Name', new Map())).toBeUndefined();

    const planner = new CallbackPlanner([{ CallbackName: '${/a*+/}', Operation: 'success', Payload: 'ok' }], new Map());
    expect(planner.next({ callbackId: 'c1', name: 'aaa' })).toEqual({
      kind: 'no-match',
      message: 'CallbackName: cannot translate Python regex construct possessive quantifier *+ in /a*+/',
    });

    const arn = 'arn:x';
    const logs = [JSON.stringify({ executionArn: arn, message: 'hello' })];
    expect(matchLogs([{ match: { message: '/(?i)HELLO/' } }], logs, arn, new Map())).toBeUndefined();
    expect(matchLogs([{ match: { message: '/(?(1)a)/' } }], logs, arn, new Map())?.message).toBe(
      'ExpectedLogs[0]: cannot translate Python regex construct conditional group (?(id)yes|no) in /(?(1)a)/',
    );
  });
});
