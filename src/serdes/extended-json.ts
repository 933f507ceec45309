/**
 * Extended JSON: JSON that round-trips Date, Map, Set, BigInt, typed arrays and Buffer, undefined,
 * NaN/±Infinity, -0 and registered classes. Special values become tagged objects
 * `{"$x": "<type>", "v": ...}`; a value without any of them is written exactly as `JSON.stringify`
 * writes it, so plain histories stay plain.
 */
import { PayloadSerializationError, PayloadFormatError } from './errors.js';
import type { Serdes } from './serdes.js';

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

/** JSON codec: `JSON.stringify` / `JSON.parse`, the official SDK's default behaviour. */
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

  function encode(value: unknown, path: string, seen: Set<object>, operationId: string | undefined): JsonValue {
    const fail = (what: string): never => {
      throw new PayloadSerializationError(
        `Cannot serialize the value of operation "${operationId ?? '?'}": ${what} at ${path}. Fix: convert it to a supported type or register its class (createExtendedJson({ classes: [...] })).`,
        { operationId },
      );
    };
    switch (typeof value) {
      case 'string': case 'boolean': return value;
      case 'undefined': return tagged('undefined');
      case 'bigint': return tagged('BigInt', value.toString());
      case 'number':
        if (Number.isNaN(value)) return tagged('Number', 'NaN');
        if (value === Infinity) return tagged('Number', 'Infinity');
        if (value === -Infinity) return tagged('Number', '-Infinity');
        if (Object.is(value, -0)) return tagged('Number', '-0');
        return value;
      case 'function': return fail('a function');
      case 'symbol': return fail('a symbol');
      default: break;
    }
    if (value === null) return null;
    const object = value as object;
    if (seen.has(object)) return fail('a circular reference');
    seen.add(object);
    try {
      return encodeObject(object, path, seen, operationId, fail);
    } finally {
      seen.delete(object);
    }
  }

  function encodeEntries(object: object, path: string, seen: Set<object>, operationId: string | undefined): Record<string, JsonValue> {
    const out: Record<string, JsonValue> = {};
    for (const [key, item] of Object.entries(object)) setOwn(out, key, encode(item, `${path}.${key}`, seen, operationId));
    return out;
  }

  function encodeObject(object: object, path: string, seen: Set<object>, operationId: string | undefined, fail: (what: string) => never): JsonValue {
    if (Array.isArray(object)) return object.map((item, index) => encode(item, `${path}[${index}]`, seen, operationId));
    if (object instanceof Date) return tagged('Date', Number.isNaN(object.getTime()) ? null : object.toISOString());
    if (object instanceof Map) {
      return tagged('Map', [...object].map(([k, v], i) => [encode(k, `${path}<key ${i}>`, seen, operationId), encode(v, `${path}<value ${i}>`, seen, operationId)]));
    }
    if (object instanceof Set) return tagged('Set', [...object].map((item, i) => encode(item, `${path}<item ${i}>`, seen, operationId)));
    if (Buffer.isBuffer(object)) return tagged('Buffer', bytesOf(object));
    if (ArrayBuffer.isView(object) && !(object instanceof DataView)) {
      const name = object.constructor.name as TypedArrayName;
      if (typedArrays[name] === undefined) return fail(`an unsupported typed array (${name})`);
      return tagged(name, bytesOf(object));
    }
    if (object instanceof ArrayBuffer) return tagged('ArrayBuffer', Buffer.from(object).toString('base64'));
    const proto: unknown = Object.getPrototypeOf(object);
    const className = byType.get(proto);
    if (className !== undefined) return { [TAG]: 'Class', n: className, v: encodeEntries(object, path, seen, operationId) };
    if (proto !== Object.prototype && proto !== null) {
      const toJSON = (object as { toJSON?: unknown }).toJSON;
      if (typeof toJSON === 'function') return encode((toJSON as () => unknown).call(object), path, seen, operationId);
      return fail(`an instance of unregistered class ${(object.constructor as { name?: string } | undefined)?.name ?? '?'}`);
    }
    const entries = encodeEntries(object, path, seen, operationId);
    // A plain object that itself has a "$x" key is escaped so it is not read back as a tag.
    return Object.hasOwn(object, TAG) ? tagged('Object', entries) : entries;
  }

  function decodeEntries(raw: unknown, operationId: string | undefined, target: Record<string, unknown>): Record<string, unknown> {
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw corrupt(operationId, 'an object was expected');
    for (const [key, item] of Object.entries(raw)) setOwn(target, key, decode(item, operationId));
    return target;
  }

  function decodeTag(node: Record<string, unknown>, operationId: string | undefined): unknown {
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
      case 'BigInt': return BigInt(text());
      case 'Number': return Number(text());
      case 'Date': return new Date(v === null ? Number.NaN : text());
      case 'Map': return new Map(list().map((pair) => {
        if (!Array.isArray(pair) || pair.length !== 2) throw corrupt(operationId, 'Map entries must be pairs');
        return [decode(pair[0], operationId), decode(pair[1], operationId)] as const;
      }));
      case 'Set': return new Set(list().map((item) => decode(item, operationId)));
      case 'Buffer': return Buffer.from(text(), 'base64');
      case 'ArrayBuffer': { const b = Buffer.from(text(), 'base64'); return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength); }
      case 'Object': return decodeEntries(v, operationId, {});
      case 'Class': {
        const type = byName.get(String(node['n']));
        if (type === undefined) throw corrupt(operationId, `class "${String(node['n'])}" is not registered; register it with createExtendedJson({ classes: [...] })`);
        return decodeEntries(v, operationId, Object.create(type.prototype as object) as Record<string, unknown>);
      }
      default: {
        const ctor = typedArrays[type as TypedArrayName] as (new (buffer: ArrayBuffer) => unknown) | undefined;
        if (ctor === undefined) throw corrupt(operationId, `unknown type tag "${String(type)}"`);
        const b = Buffer.from(text(), 'base64');
        return new ctor(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
      }
    }
  }

  function decode(node: unknown, operationId: string | undefined): unknown {
    if (node === null || typeof node !== 'object') return node;
    if (Array.isArray(node)) return node.map((item) => decode(item, operationId));
    const record = node as Record<string, unknown>;
    if (typeof record[TAG] === 'string') return decodeTag(record, operationId);
    return decodeEntries(record, operationId, {});
  }

  return {
    format: 'ejson',
    toText: (value, operationId) => JSON.stringify(encode(value, '$', new Set(), operationId)),
    fromText: (text, operationId) => decode(JSON.parse(text) as unknown, operationId),
  };
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
export function createExtendedJsonSerdes<T = unknown>(options: ExtendedJsonOptions = {}): Serdes<T> {
  const codec = createExtendedJson(options);
  return {
    serialize: async (value, context) => (value === undefined ? undefined : codec.toText(value, context.entityId)),
    deserialize: async (data, context) => (data === undefined ? undefined : (codec.fromText(data, context.entityId) as T)),
  };
}
