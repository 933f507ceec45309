/**
 * Previews: a small, masked extract of a value stored next to a file pointer in a checkpoint
 * (see `createFileSystemSerdes`), so consoles and the API show something useful without
 * reading the file. Same selection rules as the official SDK 2.4.
 */

/**
 * How a {@link PreviewField} name is matched.
 *
 * @example
 * ```ts
 * const onlyTopLevelEmail: PreviewField = { name: 'email', match: FieldMatchMode.PATH };
 * ```
 */
export enum FieldMatchMode {
  /** The name matches a key at any depth (default). */
  ANYWHERE = 'ANYWHERE',
  /** The name is a dot path from the root (`"email"` is the root key only, `"user.email"` the nested one). */
  PATH = 'PATH',
}

/**
 * Which fields a preview starts from.
 *
 * @example
 * ```ts
 * const config: PreviewConfig = { mode: PreviewMode.INCLUDE_ALL, exclude: [{ name: 'password' }] };
 * ```
 */
export enum PreviewMode {
  /** Every field, minus `exclude`, with `mask` applied. */
  INCLUDE_ALL = 'INCLUDE_ALL',
  /** Only `include` (and `mask`) fields. */
  EXCLUDE_ALL = 'EXCLUDE_ALL',
}

/**
 * Selects fields for include / exclude / mask lists.
 *
 * @example
 * ```ts
 * const field: PreviewField = { name: 'user.email', match: FieldMatchMode.PATH };
 * ```
 */
export interface PreviewField {
  /** Key name, or a dot path with `FieldMatchMode.PATH`. */
  name: string;
  /** Default `FieldMatchMode.ANYWHERE`. */
  match?: FieldMatchMode;
}

/**
 * Options of {@link buildPreview}.
 *
 * @example
 * ```ts
 * const config: PreviewConfig = {
 *   mode: PreviewMode.EXCLUDE_ALL,
 *   include: [{ name: 'id' }, { name: 'status' }],
 *   mask: [{ name: 'email' }],
 *   maxPreviewBytes: 1024,
 * };
 * ```
 */
export interface PreviewConfig {
  mode: PreviewMode;
  /** Fields shown in `EXCLUDE_ALL` mode. */
  include?: PreviewField[];
  /** Fields never shown (wins over `include` and `mask`). */
  exclude?: PreviewField[];
  /** Fields shown with their value replaced by `maskString` (visible even in `EXCLUDE_ALL` mode). */
  mask?: PreviewField[];
  /** Default `"***"`. */
  maskString?: string;
  /** Upper bound of the preview's JSON size; fields past it are dropped. Default 4096. */
  maxPreviewBytes?: number;
}

const DEFAULT_MASK = '***';
const DEFAULT_MAX_PREVIEW_BYTES = 4096;
// Keys that would reach prototypes when the preview object is rebuilt.
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function matches(path: string, field: PreviewField): boolean {
  if ((field.match ?? FieldMatchMode.ANYWHERE) === FieldMatchMode.PATH) return path === field.name;
  return path.split('.').includes(field.name);
}

const anyMatch = (path: string, fields: PreviewField[] | undefined): boolean => fields?.some((field) => matches(path, field)) ?? false;

/** Visible leaf values as `[dot path, value]`, in traversal order. Array elements merge into their array's path. */
function collectLeaves(value: object, config: PreviewConfig, maskString: string): [string, unknown][] {
  const leaves: [string, unknown][] = [];
  const seen = new WeakSet<object>();
  const visit = (node: unknown, prefix: string): void => {
    if (node === null || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    if (Array.isArray(node)) {
      for (const element of node) visit(element, prefix);
      seen.delete(node);
      return;
    }
    for (const key of Object.keys(node)) {
      // Dotted keys cannot be told apart from paths; unsafe keys are never copied.
      if (UNSAFE_KEYS.has(key) || key.includes('.')) continue;
      const path = prefix ? `${prefix}.${key}` : key;
      const child = (node as Record<string, unknown>)[key];
      const masked = anyMatch(path, config.mask);
      const excluded = anyMatch(path, config.exclude);
      const visible = !excluded && (masked || config.mode === PreviewMode.INCLUDE_ALL || anyMatch(path, config.include));
      if (!visible) {
        // A hidden parent may still have visible descendants (e.g. an included nested field).
        if (!excluded) visit(child, path);
      } else if (masked) {
        leaves.push([path, maskString]);
      } else if (child !== null && typeof child === 'object') {
        visit(child, path);
      } else {
        leaves.push([path, child]);
      }
    }
    seen.delete(node);
  };
  visit(value, '');
  return leaves;
}

/** Rebuilds a nested object from dot paths; a later object path replaces an earlier primitive. */
function nest(leaves: [string, unknown][]): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [path, value] of leaves) {
    const parts = path.split('.');
    let node = root;
    for (const part of parts.slice(0, -1)) {
      const next = node[part];
      if (typeof next !== 'object' || next === null) node[part] = {};
      node = node[part] as Record<string, unknown>;
    }
    node[parts[parts.length - 1] as string] = value;
  }
  return root;
}

/**
 * Builds a masked preview of `value`: visible fields (see {@link PreviewConfig}) nested as in
 * the value, added in order until `maxPreviewBytes` is reached. Returns `undefined` for
 * primitives and when nothing is visible. Arrays are not kept: their elements' fields merge.
 *
 * @example
 * ```ts
 * const preview = buildPreview(
 *   { id: 'order-123', status: 'pending', user: { email: 'a@b.c', address: '…' } },
 *   { mode: PreviewMode.EXCLUDE_ALL, include: [{ name: 'id' }, { name: 'status' }], mask: [{ name: 'email' }] },
 * );
 * // { id: 'order-123', status: 'pending', user: { email: '***' } }
 * ```
 */
export function buildPreview(value: any, config: PreviewConfig): Record<string, unknown> | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const leaves = collectLeaves(value as object, config, config.maskString ?? DEFAULT_MASK);
  const maxBytes = config.maxPreviewBytes ?? DEFAULT_MAX_PREVIEW_BYTES;
  const kept: [string, unknown][] = [];
  // Size estimate of the flat `{"path":value,…}` form; stop at the first field that does not fit.
  let size = 2;
  for (const [path, leaf] of leaves) {
    const entry = Buffer.byteLength(`"${path}":${JSON.stringify(leaf)},`, 'utf8');
    if (size + entry > maxBytes) break;
    kept.push([path, leaf]);
    size += entry;
  }
  if (kept.length === 0) return undefined;
  const preview = nest(kept);
  return Object.keys(preview).length > 0 ? preview : undefined;
}
