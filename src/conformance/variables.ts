/**
 * Conformance variables: `${GEN_STR:N}` generation, `${NAME}` substitution and the binding table
 * shared by the history, result, log and callback matchers.
 */
import { randomInt } from 'node:crypto';
import { translatePythonRegex } from './python-regex.js';

/** Name → value. Filled from `Variables` first, then by `${NAME}` binding during matching. */
export type Bindings = Map<string, unknown>;

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const GEN_STR = /^\$\{GEN_STR:(\d+)\}$/;
const WHOLE_VARIABLE = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/;
const ANY_VARIABLE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
const REGEX_PATTERN = /^\$\{\/(.*)\/\}$/s;

/** A random `[a-z0-9]{length}` string, like the validator's `GEN_STR`. */
export function generateString(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

/**
 * Resolves a requirement's `Variables` into a fresh binding table: `${GEN_STR:N}` becomes a random
 * string, anything else is a literal (substituted with the variables defined before it).
 *
 * @example
 * ```ts
 * const bindings = resolveVariables({ INPUT_1: '${GEN_STR:8}' });
 * substitute('${INPUT_1}', bindings); // e.g. 'k3j9a0qz'
 * ```
 */
export function resolveVariables(
  variables: Record<string, unknown>,
  generate: (length: number) => string = generateString,
): Bindings {
  const bindings: Bindings = new Map();
  for (const [name, value] of Object.entries(variables)) {
    const gen = typeof value === 'string' ? GEN_STR.exec(value) : null;
    bindings.set(name, gen ? generate(Number(gen[1])) : substitute(value, bindings));
  }
  return bindings;
}

/** The variable name when `value` is exactly `${NAME}`, else undefined. */
export function wholeVariableName(value: string): string | undefined {
  return WHOLE_VARIABLE.exec(value)?.[1];
}

/**
 * The regex when `value` is `${/re/}` (bound variables substituted in its body), else undefined.
 * The body is Python `re` syntax (the validator's `re.search`), translated to JavaScript.
 *
 * @throws {PythonRegexError} when the pattern uses a construct with no faithful translation.
 */
export function regexPattern(value: string, bindings: Bindings): RegExp | undefined {
  const body = REGEX_PATTERN.exec(value)?.[1];
  return body === undefined ? undefined : translatePythonRegex(substituteString(body, bindings));
}

/** The string form of a value, as Python's `str()` would render a JSON scalar. */
export function stringForm(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value) ?? '';
}

/** Replaces every bound `${NAME}` inside a string; unbound names stay as written. */
export function substituteString(text: string, bindings: Bindings): string {
  return text.replace(ANY_VARIABLE, (whole, name: string) =>
    bindings.has(name) ? stringForm(bindings.get(name)) : whole,
  );
}

/**
 * Substitutes bound variables everywhere inside a value (strings, list items, mapping values).
 * A string that is exactly `${NAME}` becomes the bound value itself, keeping its type.
 * `${/re/}` patterns and unbound names are left untouched.
 */
export function substitute(value: unknown, bindings: Bindings): unknown {
  if (typeof value === 'string') {
    if (REGEX_PATTERN.test(value)) return value;
    const whole = wholeVariableName(value);
    if (whole !== undefined && bindings.has(whole)) return bindings.get(whole);
    return substituteString(value, bindings);
  }
  if (Array.isArray(value)) return value.map((item) => substitute(item, bindings));
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = substitute(item, bindings);
    return out;
  }
  return value;
}
