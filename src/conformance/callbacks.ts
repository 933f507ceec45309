/**
 * Callback-action planner of the conformance harness: decides, for each new `CallbackStarted`
 * event, which `CallbackActions` entry answers it, the way the public validator does.
 * Pure state machine: the runner performs the returned actions (after the virtual delay).
 */
import type { ErrorObject } from '../protocol.js';
import type { CallbackAction, CallbackOperation } from './load.js';
import { PythonRegexError } from './python-regex.js';
import { type Bindings, regexPattern, stringForm, substitute } from './variables.js';

/** A started callback, as read from its `CallbackStarted` history event. */
export interface StartedCallback {
  /** The event's `Name` (after the WaitForCallback name copy), if any. */
  name?: string;
  callbackId: string;
}

/** What the runner must send. */
export interface PlannedCallbackAction {
  callbackId: string;
  operation: CallbackOperation;
  /** Virtual seconds to wait before sending. */
  delaySeconds: number;
  /** success: the result bytes (Python `json.dumps` of the Payload). */
  result?: Uint8Array;
  /** failure: the ErrorObject built from the Payload mapping. */
  error?: ErrorObject;
  /** Index of the action in `CallbackActions`. */
  actionIndex: number;
}

/** Outcome of {@link CallbackPlanner.next}. */
export type CallbackDecision =
  | { kind: 'send'; action: PlannedCallbackAction }
  /** No action configured (or a heartbeat used the last one): leave the callback open. */
  | { kind: 'leave-open' }
  /** Actions are configured but none matches: the requirement fails. */
  | { kind: 'no-match'; message: string };

function pythonEscape(text: string): string {
  let out = '"';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (char === '"') out += '\\"';
    else if (char === '\\') out += '\\\\';
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (char === '\b') out += '\\b';
    else if (char === '\f') out += '\\f';
    else if (code >= 0x20 && code <= 0x7e) out += char;
    else if (code > 0xffff) {
      // ensure_ascii writes astral characters as a UTF-16 surrogate pair.
      const offset = code - 0x10000;
      out += unicodeEscape(0xd800 + (offset >> 10)) + unicodeEscape(0xdc00 + (offset & 0x3ff));
    } else out += unicodeEscape(code);
  }
  return `${out}"`;
}

function unicodeEscape(code: number): string {
  return `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * Serialises a value exactly like Python's `json.dumps(value)` with default arguments:
 * `", "` and `": "` separators and `ensure_ascii` escaping (everything outside ASCII 0x20-0x7E
 * as `\uXXXX`). YAML integer-valued floats (`2.0`) cannot be told apart from integers here and
 * are written as integers.
 *
 * @example
 * ```ts
 * pythonJsonDumps({ status: 'approved' }); // '{"status": "approved"}'
 * ```
 */
export function pythonJsonDumps(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'NaN';
    if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
    return String(value);
  }
  if (typeof value === 'string') return pythonEscape(value);
  if (Array.isArray(value)) return `[${value.map((item) => pythonJsonDumps(item)).join(', ')}]`;
  if (value instanceof Date) return pythonEscape(value.toISOString());
  if (typeof value === 'object') {
    const items = Object.entries(value).map(([key, item]) => `${pythonEscape(key)}: ${pythonJsonDumps(item)}`);
    return `{${items.join(', ')}}`;
  }
  throw new TypeError(`cannot serialise a ${typeof value} like json.dumps`);
}

function errorObjectFrom(payload: unknown): ErrorObject {
  const error: ErrorObject = {};
  if (typeof payload !== 'object' || payload === null) return error;
  const fields = payload as Record<string, unknown>;
  if (fields.ErrorType !== undefined) error.ErrorType = stringForm(fields.ErrorType);
  if (fields.ErrorMessage !== undefined) error.ErrorMessage = stringForm(fields.ErrorMessage);
  if (fields.ErrorData !== undefined) {
    error.ErrorData = typeof fields.ErrorData === 'string' ? fields.ErrorData : JSON.stringify(fields.ErrorData);
  }
  if (Array.isArray(fields.StackTrace)) error.StackTrace = fields.StackTrace.map((line) => stringForm(line));
  else if (typeof fields.StackTrace === 'string') error.StackTrace = [fields.StackTrace];
  return error;
}

/**
 * Tracks which `CallbackActions` are used. Call {@link next} once per new `CallbackStarted`
 * event, and again for the same callback after sending a heartbeat (a heartbeat uses up its
 * action but not the callback).
 *
 * @example
 * ```ts
 * const planner = new CallbackPlanner(requirement.callbackActions, bindings);
 * const decision = planner.next({ name: 'approval', callbackId: 'cb-1' });
 * if (decision.kind === 'send') await send(decision.action);
 * ```
 */
export class CallbackPlanner {
  private readonly used: boolean[];
  private readonly answered = new Set<string>();

  constructor(
    private readonly actions: readonly CallbackAction[],
    private readonly bindings: Bindings,
  ) {
    this.used = actions.map(() => false);
  }

  /** True when every configured action has been used. */
  get exhausted(): boolean {
    return this.used.every(Boolean);
  }

  private matches(pattern: string, name: string | undefined): boolean {
    if (pattern === '*') return true;
    if (name === undefined) return false;
    const regex = regexPattern(pattern, this.bindings);
    if (regex) return regex.test(name);
    return substitute(pattern, this.bindings) === name;
  }

  /** Picks the first unused action matching the callback, marks it used and returns what to send. */
  next(callback: StartedCallback): CallbackDecision {
    let index: number;
    try {
      index = this.actions.findIndex((action, i) => !this.used[i] && this.matches(action.CallbackName, callback.name));
    } catch (error) {
      // An untranslatable CallbackName pattern fails the requirement, naming the construct.
      if (error instanceof PythonRegexError) return { kind: 'no-match', message: `CallbackName: ${error.message}` };
      throw error;
    }
    const action = index === -1 ? undefined : this.actions[index];
    if (!action) {
      // A callback already answered by a heartbeat stays open once the actions run out.
      if (this.actions.length === 0 || this.answered.has(callback.callbackId)) return { kind: 'leave-open' };
      return {
        kind: 'no-match',
        message: `no unused CallbackAction matches callback ${JSON.stringify(callback.name ?? null)} (${callback.callbackId})`,
      };
    }
    this.used[index] = true;
    this.answered.add(callback.callbackId);
    const payload = substitute(action.Payload, this.bindings);
    const planned: PlannedCallbackAction = {
      callbackId: callback.callbackId,
      operation: action.Operation,
      delaySeconds: action.Delay ?? 0,
      actionIndex: index,
    };
    if (action.Operation === 'success') planned.result = new TextEncoder().encode(pythonJsonDumps(payload));
    if (action.Operation === 'failure') planned.error = errorObjectFrom(payload);
    return { kind: 'send', action: planned };
  }
}
