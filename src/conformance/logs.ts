/**
 * Log matching of the conformance harness: retrieves the execution's structured log records the way
 * CloudWatch filtering by ARN would, then checks `ExpectedLogs` counts and ordering anchors.
 */
import type { LogAnchor, LogExpectation } from './load.js';
import type { ConformanceMismatch } from './match.js';
import { PythonRegexError, translatePythonRegex } from './python-regex.js';
import { type Bindings, stringForm, substitute } from './variables.js';

/** One retrieved log line: its top-level fields. */
export type LogRecord = Record<string, unknown>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Keeps only lines that are JSON objects whose top-level `durableExecutionArn` or `executionArn`
 * equals `executionArn`, in order. Chunks holding several lines are split on newlines.
 *
 * @example
 * ```ts
 * retrieveLogRecords(['{"executionArn":"arn:x","message":"hi"}', 'plain text'], 'arn:x');
 * // [{ executionArn: 'arn:x', message: 'hi' }]
 * ```
 */
export function retrieveLogRecords(chunks: readonly string[], executionArn: string): LogRecord[] {
  const records: LogRecord[] = [];
  for (const chunk of chunks) {
    for (const line of chunk.split('\n')) {
      const text = line.trim();
      if (!text.startsWith('{')) continue;
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        continue;
      }
      if (!isRecord(parsed)) continue;
      if (parsed.durableExecutionArn === executionArn || parsed.executionArn === executionArn) records.push(parsed);
    }
  }
  return records;
}

function fieldMatches(expected: unknown, actual: unknown): boolean {
  if (actual === undefined) return false;
  if (typeof expected === 'string') {
    const trimmed = expected.trim();
    if (trimmed.length >= 2 && trimmed.startsWith('/') && trimmed.endsWith('/')) {
      return translatePythonRegex(trimmed.slice(1, -1)).test(stringForm(actual));
    }
    return typeof actual === 'string' && actual.trim() === trimmed;
  }
  return JSON.stringify(expected) === JSON.stringify(actual);
}

/** Indices of the records matching every field of `fields` (after substitution). */
export function matchingIndices(records: readonly LogRecord[], fields: Record<string, unknown>, bindings: Bindings): number[] {
  const resolved = substitute(fields, bindings) as Record<string, unknown>;
  const indices: number[] = [];
  records.forEach((record, index) => {
    if (Object.entries(resolved).every(([key, value]) => fieldMatches(value, record[key]))) indices.push(index);
  });
  return indices;
}

function countMismatch(entry: LogExpectation, found: number, path: string): ConformanceMismatch | undefined {
  const fail = (expected: string): ConformanceMismatch => ({
    path,
    expected,
    actual: found,
    message: `${path}: expected ${expected} matching log lines for ${JSON.stringify(entry.match)}, found ${found}`,
  });
  if (entry.count !== undefined && found !== entry.count) return fail(`exactly ${entry.count}`);
  if (entry.min_count !== undefined && found < entry.min_count) return fail(`at least ${entry.min_count}`);
  if (entry.max_count !== undefined && found > entry.max_count) return fail(`at most ${entry.max_count}`);
  const bounded = entry.count !== undefined || entry.min_count !== undefined || entry.max_count !== undefined;
  if (!bounded && found === 0) return fail('at least 1');
  return undefined;
}

function anchorMismatch(
  records: readonly LogRecord[],
  matches: readonly number[],
  anchors: readonly LogAnchor[],
  side: 'before' | 'after',
  path: string,
  bindings: Bindings,
): ConformanceMismatch | undefined {
  for (const [index, anchor] of anchors.entries()) {
    const anchorPath = `${path}.${side}[${index}]`;
    const anchorLines = matchingIndices(records, anchor.match, bindings);
    if (anchorLines.length === 0) {
      return {
        path: anchorPath,
        expected: anchor.match,
        actual: undefined,
        message: `${anchorPath}: anchor ${JSON.stringify(anchor.match)} matches no log line`,
      };
    }
    // `after`: every match at or after every anchor line; `before`: at or before.
    const bad =
      side === 'after'
        ? matches.find((m) => m < Math.max(...anchorLines))
        : matches.find((m) => m > Math.min(...anchorLines));
    if (bad !== undefined) {
      return {
        path: anchorPath,
        expected: anchor.match,
        actual: records[bad],
        message: `${anchorPath}: log line ${bad} is not ${side} every line matching ${JSON.stringify(anchor.match)}`,
      };
    }
  }
  return undefined;
}

/**
 * Checks `ExpectedLogs` against the execution's output; returns the first failed expectation.
 *
 * @example
 * ```ts
 * const mismatch = matchLogs(requirement.expectedLogs, capturedLines, executionArn, bindings);
 * ```
 */
export function matchLogs(
  expectations: readonly LogExpectation[],
  chunks: readonly string[],
  executionArn: string,
  bindings: Bindings,
): ConformanceMismatch | undefined {
  const records = retrieveLogRecords(chunks, executionArn);
  for (const [index, entry] of expectations.entries()) {
    const path = `ExpectedLogs[${index}]`;
    try {
      const matches = matchingIndices(records, entry.match, bindings);
      const mismatch =
        countMismatch(entry, matches.length, path) ??
        anchorMismatch(records, matches, entry.after ?? [], 'after', path, bindings) ??
        anchorMismatch(records, matches, entry.before ?? [], 'before', path, bindings);
      if (mismatch) return mismatch;
    } catch (error) {
      // An untranslatable `/re/` fails the requirement, naming the construct and the pattern.
      if (!(error instanceof PythonRegexError)) throw error;
      return { path, expected: entry.match, actual: undefined, message: `${path}: ${error.message}` };
    }
  }
  return undefined;
}
