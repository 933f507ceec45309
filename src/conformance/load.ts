/**
 * Loads conformance requirement files (`<suite>/<id>.yaml`) into typed records.
 *
 * The files are the public, language-neutral requirements described in
 * `shared/conformance/README.md`; this module only parses and validates their shape.
 */
import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { importPeer } from '../peers/optional-peer.js';

/** A YAML parser: `parse` of the `yaml` package (an optional peer, loaded by {@link loadRequirements}). */
export type YamlParse = (text: string) => unknown;

/** The operation a callback action sends. */
export type CallbackOperation = 'success' | 'failure' | 'heartbeat';

/** One entry of `CallbackActions`. */
export interface CallbackAction {
  /** `'*'`, an exact name (after substitution) or `${/re/}`. */
  CallbackName: string;
  Operation: CallbackOperation;
  /** success: any value (serialised like Python's json.dumps); failure: ErrorObject fields. */
  Payload?: unknown;
  /** Seconds to wait (virtual time) before sending. */
  Delay?: number;
}

/** A line matcher of `ExpectedLogs` used as `before` / `after` anchor. */
export interface LogAnchor {
  match: Record<string, unknown>;
}

/** One entry of `ExpectedLogs`. */
export interface LogExpectation {
  match: Record<string, unknown>;
  count?: number;
  min_count?: number;
  max_count?: number;
  before?: LogAnchor[];
  after?: LogAnchor[];
}

/** `ExpectedResult` of a requirement. */
export interface ExpectedResult {
  ExecutionStatus: string;
  /** Compared with `JSON.parse(actual Result)`, only when the status is SUCCEEDED. */
  Result?: unknown;
  /** True when the file spells out a `Result` key (even `null`). */
  hasResult: boolean;
}

/** An expected history event: a partial HistoryEvent that always names its `EventId`. */
export type ExpectedEvent = Record<string, unknown> & { EventId: number };

/** One parsed requirement file. */
export interface ConformanceRequirement {
  /** File name without extension, e.g. `2-1`. */
  id: string;
  /** Folder name, e.g. `wait`. */
  suite: string;
  /** Absolute or given path of the YAML file. */
  file: string;
  description: string;
  handlerProse: string;
  invocationsProse: string;
  input: unknown;
  /** True when the file has an `Input` key. */
  hasInput: boolean;
  expectedResult?: ExpectedResult;
  expectedHistory: ExpectedEvent[];
  variables: Record<string, unknown>;
  asyncInvoke: boolean;
  callbackActions: CallbackAction[];
  expectedLogs: LogExpectation[];
  optional: boolean;
  /** Any other top-level keys (e.g. `DefaultRetryParameters`), kept verbatim. */
  extra: Record<string, unknown>;
}

/** Thrown for a file that is not a valid requirement; names the file and the offending field. */
export class ConformanceFormatError extends Error {
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`${file}: ${detail}`);
    this.name = 'ConformanceFormatError';
  }
}

const KNOWN_KEYS = new Set([
  'description',
  'handler',
  'invocations',
  'Input',
  'ExpectedResult',
  'ExpectedExecutionHistory',
  'Variables',
  'AsyncInvoke',
  'async',
  'CallbackActions',
  'ExpectedLogs',
  'optional',
]);

const OPERATIONS: readonly CallbackOperation[] = ['success', 'failure', 'heartbeat'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalString(file: string, doc: Record<string, unknown>, key: string): string {
  const value = doc[key];
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw new ConformanceFormatError(file, `'${key}' must be a string`);
  return value;
}

function parseExpectedResult(file: string, value: unknown): ExpectedResult | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value) || typeof value.ExecutionStatus !== 'string') {
    throw new ConformanceFormatError(file, `'ExpectedResult' must be a mapping with a string ExecutionStatus`);
  }
  return { ExecutionStatus: value.ExecutionStatus, Result: value.Result, hasResult: 'Result' in value };
}

function parseHistory(file: string, value: unknown): ExpectedEvent[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new ConformanceFormatError(file, `'ExpectedExecutionHistory' must be a list`);
  return value.map((event: unknown, index) => {
    if (!isRecord(event)) {
      throw new ConformanceFormatError(file, `ExpectedExecutionHistory[${index}] must be a mapping`);
    }
    if (typeof event.EventId !== 'number' || !Number.isInteger(event.EventId)) {
      throw new ConformanceFormatError(file, `ExpectedExecutionHistory[${index}] needs an integer EventId`);
    }
    return event as ExpectedEvent;
  });
}

function parseCallbackActions(file: string, value: unknown): CallbackAction[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new ConformanceFormatError(file, `'CallbackActions' must be a list`);
  return value.map((action: unknown, index) => {
    const where = `CallbackActions[${index}]`;
    if (!isRecord(action)) throw new ConformanceFormatError(file, `${where} must be a mapping`);
    if (typeof action.CallbackName !== 'string') {
      throw new ConformanceFormatError(file, `${where}.CallbackName must be a string`);
    }
    const operation = action.Operation;
    if (typeof operation !== 'string' || !OPERATIONS.includes(operation as CallbackOperation)) {
      throw new ConformanceFormatError(file, `${where}.Operation must be one of ${OPERATIONS.join(', ')}`);
    }
    if (action.Delay !== undefined && (typeof action.Delay !== 'number' || action.Delay < 0)) {
      throw new ConformanceFormatError(file, `${where}.Delay must be a non-negative number of seconds`);
    }
    if (operation === 'failure' && action.Payload !== undefined && !isRecord(action.Payload)) {
      throw new ConformanceFormatError(file, `${where}.Payload of a failure must be a mapping`);
    }
    const parsed: CallbackAction = { CallbackName: action.CallbackName, Operation: operation as CallbackOperation };
    if ('Payload' in action) parsed.Payload = action.Payload;
    if (typeof action.Delay === 'number') parsed.Delay = action.Delay;
    return parsed;
  });
}

function parseAnchors(file: string, where: string, value: unknown): LogAnchor[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw new ConformanceFormatError(file, `${where} must be a list`);
  return value.map((anchor: unknown, index) => {
    if (!isRecord(anchor)) throw new ConformanceFormatError(file, `${where}[${index}] must be a mapping`);
    // An anchor is either `{match: {...}}` or the field mapping itself.
    const fields = isRecord(anchor.match) ? anchor.match : anchor;
    return { match: fields };
  });
}

function parseCount(file: string, where: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new ConformanceFormatError(file, `${where} must be a non-negative integer`);
  }
  return value;
}

function parseLogs(file: string, value: unknown): LogExpectation[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new ConformanceFormatError(file, `'ExpectedLogs' must be a list`);
  return value.map((entry: unknown, index) => {
    const where = `ExpectedLogs[${index}]`;
    if (!isRecord(entry) || !isRecord(entry.match)) {
      throw new ConformanceFormatError(file, `${where} must be a mapping with a 'match' mapping`);
    }
    const parsed: LogExpectation = { match: entry.match };
    const count = parseCount(file, `${where}.count`, entry.count);
    const min = parseCount(file, `${where}.min_count`, entry.min_count);
    const max = parseCount(file, `${where}.max_count`, entry.max_count);
    if (count !== undefined) parsed.count = count;
    if (min !== undefined) parsed.min_count = min;
    if (max !== undefined) parsed.max_count = max;
    const before = parseAnchors(file, `${where}.before`, entry.before);
    const after = parseAnchors(file, `${where}.after`, entry.after);
    if (before) parsed.before = before;
    if (after) parsed.after = after;
    return parsed;
  });
}

/**
 * Parses one requirement from YAML text.
 *
 * @example
 * ```ts
 * const { parse } = await import('yaml');
 * const requirement = parseRequirement('requirements/wait/2-1.yaml', text, parse);
 * requirement.id; // '2-1'
 * ```
 */
export function parseRequirement(file: string, text: string, parseYaml: YamlParse): ConformanceRequirement {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (error) {
    throw new ConformanceFormatError(file, `invalid YAML: ${(error as Error).message}`);
  }
  if (!isRecord(doc)) throw new ConformanceFormatError(file, 'the document must be a mapping');
  const variables = doc.Variables ?? {};
  if (!isRecord(variables)) throw new ConformanceFormatError(file, `'Variables' must be a mapping`);
  const extra: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(doc)) if (!KNOWN_KEYS.has(key)) extra[key] = value;
  const requirement: ConformanceRequirement = {
    id: basename(file).replace(/\.ya?ml$/, ''),
    suite: basename(dirname(file)),
    file,
    description: optionalString(file, doc, 'description'),
    handlerProse: optionalString(file, doc, 'handler'),
    invocationsProse: optionalString(file, doc, 'invocations'),
    input: doc.Input,
    hasInput: 'Input' in doc,
    expectedHistory: parseHistory(file, doc.ExpectedExecutionHistory),
    variables,
    asyncInvoke: doc.AsyncInvoke === true || doc.async === true,
    callbackActions: parseCallbackActions(file, doc.CallbackActions),
    expectedLogs: parseLogs(file, doc.ExpectedLogs),
    optional: doc.optional === true,
    extra,
  };
  const expectedResult = parseExpectedResult(file, doc.ExpectedResult);
  if (expectedResult) requirement.expectedResult = expectedResult;
  return requirement;
}

async function listYamlFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) files.push(...(await listYamlFiles(path)));
    else if (entry.isFile() && /\.ya?ml$/.test(entry.name)) files.push(path);
  }
  return files;
}

/** Orders ids like `1-2` < `1-10` < `2-1` (numeric parts compare as numbers). */
export function compareRequirementIds(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

/**
 * Loads every `*.yaml` / `*.yml` under the given directories (recursively), sorted by id.
 * A malformed file raises a {@link ConformanceFormatError} naming it; two files with the same id
 * are rejected too, since the id selects the handler module.
 *
 * @example
 * ```ts
 * const requirements = await loadRequirements(['../shared/conformance/requirements']);
 * ```
 */
export async function loadRequirements(directories: readonly string[]): Promise<ConformanceRequirement[]> {
  const { parse } = await importPeer(() => import('yaml'), 'yaml', 'the conformance harness');
  const requirements: ConformanceRequirement[] = [];
  const seen = new Map<string, string>();
  for (const directory of directories) {
    for (const file of await listYamlFiles(directory)) {
      const requirement = parseRequirement(file, await readFile(file, 'utf8'), (text) => parse(text));
      const previous = seen.get(requirement.id);
      if (previous !== undefined) {
        throw new ConformanceFormatError(file, `duplicate requirement id '${requirement.id}' (also ${previous})`);
      }
      seen.set(requirement.id, file);
      requirements.push(requirement);
    }
  }
  return requirements.sort((a, b) => compareRequirementIds(a.id, b.id));
}
