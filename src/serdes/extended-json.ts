/**
 * Extended JSON: JSON that round-trips Date, Map, Set, BigInt, typed arrays and Buffer, undefined,
 * NaN/±Infinity, -0 and registered classes. Special values become tagged objects
 * `{"$x": "<type>", "v": ...}`; a value without any of them is written exactly as `JSON.stringify`
 * writes it, so plain histories stay plain.
 */
import { PayloadSerializationError, PayloadFormatError } from './errors.js';
import type { SerdesContext } from './serdes.js';

/** A class whose instances extended JSON restores with their prototype. */
export interface RegisteredClass {
  /** Stable name written to the payload; defaults to the constructor name. Keep it stable across deploys. */
  name?: string;
  type: abstract new (...args: any[]) => object;
}

/** Options of {@link createExtendedJson}. */
export interface ExtendedJsonOptions {
  /** Classes restored with their prototype (own enumerable fields, constructor not called). */
  classes?: Array<RegisteredClass | RegisteredClass['type']>;
}

/** Turns values into text and back; the first stage of a payload pipeline. */
export interface ValueCodec {
  /** Written to envelopes so tools know how to read the value: `json` or `ejson`. */
  readonly format: string;
  toText(value: unknown, operationId: string | undefined): string;
  fromText(text: string, operationId: string | undefined): unknown;
}

const TAG = '$x';
/**
 * Deepest nesting written or read. The same bound on both sides makes every value that
 * serializes deserialize, and keeps both walks (recursive) far from the stack's end.
 */
export const MAX_EXTENDED_JSON_DEPTH = 1000;
/**
 * Longest BigInt, in characters of its decimal text. Parsing decimal text is quadratic: 16
 * million digits (20 KB compressed) took 4 s; 10 000 digits take well under a millisecond.
 */
export const MAX_BIGINT_CHARS = 10_000;
type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

const typedArrays = {
  Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array,
  Float32Array, Float64Array, BigInt64Array, BigUint64Array,
} as const;
type TypedArrayName = keyof typeof typedArrays;

function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  // defineProperty, so a "__proto__" key stays data and never changes the prototype.
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function tagged(type: string, v?: JsonValue): JsonValue {
  const out: Record<string, JsonValue> = { [TAG]: type };
  if (v !== undefined) out['v'] = v;
  return out;
}

function bytesOf(view: ArrayBufferView): string {
  return Buffer.from(view.buffer, view.byteOffset, view.byteLength).toString('base64');
}

/**
 * JSON codec: `JSON.stringify` / `JSON.parse`, the official SDK's default behaviour.
 *
 * @example
 * ```ts
 * const serdes = createPayloadSerdes({ value: jsonCodec, compression: {} });
 * ```
 */
export const jsonCodec: ValueCodec = {
  format: 'json',
  toText: (value) => JSON.stringify(value),
  fromText: (text) => JSON.parse(text) as unknown,
};

/**
 * Builds the extended JSON value codec.
 *
 * @example
 * ```ts
 * class Money { constructor(public cents = 0n) {} }
 * const codec = createExtendedJson({ classes: [Money] });
 * codec.fromText(codec.toText(new Map([[1, new Money(5n)]]), '1'), '1'); // Map { 1 => Money { cents: 5n } }
 * ```
 */
export function createExtendedJson(options: ExtendedJsonOptions = {}): ValueCodec {
  const byName = new Map<string, RegisteredClass['type']>();
  const byType = new Map<unknown, string>();
  for (const entry of options.classes ?? []) {
    const registered: RegisteredClass = typeof entry === 'function' ? { type: entry } : entry;
    const name = registered.name ?? registered.type.name;
    if (!name || byName.has(name)) {
      throw new PayloadSerializationError(`Extended JSON: class name "${name}" is empty or registered twice; give each class a unique name.`, { operationId: undefined });
    }
    byName.set(name, registered.type);
    byType.set(registered.type.prototype, name);
  }

  /** Walk state: cycle detection and the key path, kept as a stack and joined only for errors. */
  interface Walk {
    seen: Set<object>;
    path: string[];
    operationId: string | undefined;
  }

  const fail = (walk: Walk, what: string): never => {
    throw new PayloadSerializationError(
      `Cannot serialize the value of operation "${walk.operationId ?? '?'}": ${what} at $${walk.path.join('')}. Fix: convert it to a supported type or register its class (createExtendedJson({ classes: [...] })).`,
      { operationId: walk.operationId },
    );
  };

  function encodeAt(value: unknown, step: string, walk: Walk): JsonValue {
    if (walk.path.length >= MAX_EXTENDED_JSON_DEPTH) fail(walk, `nesting deeper than ${MAX_EXTENDED_JSON_DEPTH} levels`);
    walk.path.push(step);
    const out = encode(value, walk);
    walk.path.pop();
    return out;
  }

  function encode(value: unknown, walk: Walk): JsonValue {
    switch (typeof value) {
      case 'string': case 'boolean': return value;
      case 'undefined': return tagged('undefined');
      case 'bigint': {
        const digits = value.toString();
        return digits.length > MAX_BIGINT_CHARS ? fail(walk, `a BigInt of more than ${MAX_BIGINT_CHARS} digits`) : tagged('BigInt', digits);
      }
      case 'number':
        if (Number.isNaN(value)) return tagged('Number', 'NaN');
        if (value === Infinity) return tagged('Number', 'Infinity');
        if (value === -Infinity) return tagged('Number', '-Infinity');
        if (Object.is(value, -0)) return tagged('Number', '-0');
        return value;
      case 'function': return fail(walk, 'a function');
      case 'symbol': return fail(walk, 'a symbol');
      default: break;
    }
    if (value === null) return null;
    const object = value as object;
    if (walk.seen.has(object)) return fail(walk, 'a circular reference');
    walk.seen.add(object);
    try {
      return encodeObject(object, walk);
    } finally {
      walk.seen.delete(object);
    }
  }

  function encodeEntries(object: object, walk: Walk): Record<string, JsonValue> {
    const out: Record<string, JsonValue> = {};
    const record = object as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const item = encodeAt(record[key], `.${key}`, walk);
      if (key === '__proto__') setOwn(out, key, item);
      else out[key] = item;
    }
    return out;
  }

  function encodeObject(object: object, walk: Walk): JsonValue {
    if (Array.isArray(object)) {
      const out: JsonValue[] = new Array<JsonValue>(object.length);
      for (let i = 0; i < object.length; i += 1) out[i] = encodeAt(object[i], `[${i}]`, walk);
      return out;
    }
    if (object instanceof Date) return tagged('Date', Number.isNaN(object.getTime()) ? null : object.toISOString());
    if (object instanceof Map) {
      return tagged('Map', [...object].map(([k, v], i) => [encodeAt(k, `<key ${i}>`, walk), encodeAt(v, `<value ${i}>`, walk)]));
    }
    if (object instanceof Set) return tagged('Set', [...object].map((item, i) => encodeAt(item, `<item ${i}>`, walk)));
    if (Buffer.isBuffer(object)) return tagged('Buffer', bytesOf(object));
    if (ArrayBuffer.isView(object) && !(object instanceof DataView)) {
      const name = object.constructor.name as TypedArrayName;
      if (typedArrays[name] === undefined) return fail(walk, `an unsupported typed array (${name})`);
      return tagged(name, bytesOf(object));
    }
    if (object instanceof ArrayBuffer) return tagged('ArrayBuffer', Buffer.from(object).toString('base64'));
    const proto: unknown = Object.getPrototypeOf(object);
    const className = byType.get(proto);
    if (className !== undefined) return { [TAG]: 'Class', n: className, v: encodeEntries(object, walk) };
    if (proto !== Object.prototype && proto !== null) {
      const toJSON = (object as { toJSON?: unknown }).toJSON;
      if (typeof toJSON === 'function') return encode((toJSON as () => unknown).call(object), walk);
      return fail(walk, `an instance of unregistered class ${(object.constructor as { name?: string } | undefined)?.name ?? '?'}`);
    }
    const entries = encodeEntries(object, walk);
    // A plain object that itself has a "$x" key is escaped so it is not read back as a tag.
    return Object.hasOwn(object, TAG) ? tagged('Object', entries) : entries;
  }

  function decodeEntries(raw: unknown, operationId: string | undefined, target: Record<string, unknown>, depth: number): Record<string, unknown> {
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw corrupt(operationId, 'an object was expected');
    for (const [key, item] of Object.entries(raw)) {
      // Plain objects take plain assignment (fast); class instances and "__proto__" get own data
      // properties, so no prototype setter runs during revival.
      if (key === '__proto__' || Object.getPrototypeOf(target) !== Object.prototype) setOwn(target, key, decode(item, operationId, depth));
      else target[key] = decode(item, operationId, depth);
    }
    return target;
  }

  function decodeTag(node: Record<string, unknown>, operationId: string | undefined, depth: number): unknown {
    const type = node[TAG];
    const v = node['v'];
    const list = (): unknown[] => {
      if (!Array.isArray(v)) throw corrupt(operationId, `${String(type)} needs an array`);
      return v as unknown[];
    };
    const text = (): string => {
      if (typeof v !== 'string') throw corrupt(operationId, `${String(type)} needs a string`);
      return v;
    };
    switch (type) {
      case 'undefined': return undefined;
      case 'BigInt': {
        const digits = text();
        if (digits.length > MAX_BIGINT_CHARS || !/^-?\d+$/.test(digits)) throw corrupt(operationId, `a BigInt must be at most ${MAX_BIGINT_CHARS} decimal digits`);
        return BigInt(digits);
      }
      case 'Number': return Number(text());
      case 'Date': return new Date(v === null ? Number.NaN : text());
      case 'Map': return new Map(list().map((pair) => {
        if (!Array.isArray(pair) || pair.length !== 2) throw corrupt(operationId, 'Map entries must be pairs');
        return [decode(pair[0], operationId, depth), decode(pair[1], operationId, depth)] as const;
      }));
      case 'Set': return new Set(list().map((item) => decode(item, operationId, depth)));
      case 'Buffer': return Buffer.from(text(), 'base64');
      case 'ArrayBuffer': { const b = Buffer.from(text(), 'base64'); return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength); }
      case 'Object': return decodeEntries(v, operationId, {}, depth);
      case 'Class': {
        const type = byName.get(String(node['n']));
        if (type === undefined) throw corrupt(operationId, `class "${String(node['n'])}" is not registered; register it with createExtendedJson({ classes: [...] })`);
        return decodeEntries(v, operationId, Object.create(type.prototype as object) as Record<string, unknown>, depth);
      }
      default: {
        // Own keys only: "constructor" or "toString" must not find Object's members.
        if (typeof type !== 'string' || !Object.hasOwn(typedArrays, type)) throw corrupt(operationId, `unknown type tag ${JSON.stringify(String(type).slice(0, 40))}`);
        const ctor = typedArrays[type as TypedArrayName];
        const b = Buffer.from(text(), 'base64');
        if (b.byteLength % ctor.BYTES_PER_ELEMENT !== 0) throw corrupt(operationId, `${type} data of ${b.byteLength} bytes is not a whole number of ${ctor.BYTES_PER_ELEMENT}-byte elements`);
        return new ctor(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
      }
    }
  }

  function decode(node: unknown, operationId: string | undefined, parentDepth: number): unknown {
    if (node === null || typeof node !== 'object') return node;
    const depth = parentDepth + 1;
    // depth counts values as the writer does (the root is 1), not JSON nodes: a tag's own array is not a level.
    if (depth > MAX_EXTENDED_JSON_DEPTH + 1) throw corrupt(operationId, `the value is nested deeper than ${MAX_EXTENDED_JSON_DEPTH} levels`);
    if (Array.isArray(node)) return node.map((item) => decode(item, operationId, depth));
    const record = node as Record<string, unknown>;
    if (typeof record[TAG] === 'string') return decodeTag(record, operationId, depth);
    return decodeEntries(record, operationId, {}, depth);
  }

  /** Every failure of the tagged walk is a `PayloadFormatError`, never a raw RangeError or TypeError. */
  function decodeText(text: string, operationId: string | undefined): unknown {
    const parsed = JSON.parse(text) as unknown;
    try {
      return decode(parsed, operationId, 0);
    } catch (error) {
      if (error instanceof PayloadFormatError) throw error;
      throw corrupt(operationId, `${error instanceof Error ? error.name : 'Error'}: ${error instanceof Error ? error.message.slice(0, 200) : String(error)}`);
    }
  }

  function encodeValue(value: unknown, operationId: string | undefined): JsonValue {
    try {
      return encode(value, { seen: new Set(), path: [], operationId });
    } catch (error) {
      if (error instanceof PayloadSerializationError) throw error;
      throw new PayloadSerializationError(`Cannot serialize the value of operation "${operationId ?? '?'}": ${error instanceof Error ? error.message : String(error)}.`, { operationId, cause: error });
    }
  }

  return {
    format: 'ejson',
    // Fast paths: plain JSON values are written by JSON.stringify directly, and text without a tag
    // key is read by JSON.parse directly (a "$x" inside a string is escaped as \"$x\", so no false negatives).
    toText: (value, operationId) => JSON.stringify(isPlainJson(value, 0) ? value : encodeValue(value, operationId)),
    fromText: (text, operationId) => (text.includes('"$x"') ? decodeText(text, operationId) : (JSON.parse(text) as unknown)),
  };
}

/**
 * True when JSON.stringify writes the value exactly as extended JSON would: only plain objects
 * (without a "$x" key or undefined members), arrays, strings, booleans, null and finite numbers
 * other than -0. Deep values (> 512 levels) take the full path, which detects cycles.
 */
function isPlainJson(value: unknown, depth: number): boolean {
  switch (typeof value) {
    case 'string': case 'boolean': return true;
    case 'number': return Number.isFinite(value) && !Object.is(value, -0);
    case 'object': break;
    default: return false;
  }
  if (value === null) return true;
  if (depth > 512) return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) if (!isPlainJson(value[i], depth + 1)) return false;
    return true;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (key === TAG || !isPlainJson(record[key], depth + 1)) return false;
  }
  return true;
}

function corrupt(operationId: string | undefined, what: string): PayloadFormatError {
  return new PayloadFormatError(`Cannot read the extended JSON value of operation "${operationId ?? '?'}": ${what}.`, { operationId });
}

/**
 * A `Serdes` for extended JSON on its own (no codecs). `undefined` at the top level writes no payload.
 *
 * @example
 * ```ts
 * await context.step('when', async () => new Date(), { serdes: createExtendedJsonSerdes() });
 * ```
 */
export function createExtendedJsonSerdes<T = never>(options: ExtendedJsonOptions = {}): {
  serialize: (value: unknown, context: SerdesContext) => Promise<string | undefined>;
  deserialize: (data: string | undefined, context: SerdesContext) => Promise<[T] extends [never] ? never : T | undefined>;
} {
  const codec = createExtendedJson(options);
  type Result = [T] extends [never] ? never : T | undefined;
  return {
    serialize: async (value, context) => (value === undefined ? undefined : codec.toText(value, context.entityId)),
    deserialize: async (data, context) => (data === undefined ? undefined : codec.fromText(data, context.entityId)) as Result,
  };
}
