/**
 * Deterministic operation ids.
 *
 * A raw id is a counter path (`"2"`, `"2-1"`, `"2-1-3"`); the service only ever sees its wire
 * form, the first 16 hex characters of the MD5 of the raw id.
 */
import { createHash } from 'node:crypto';

const HASH_CACHE_LIMIT = 10_000;
const hashCache = new Map<string, string>();

/**
 * Wire id of a raw counter-path id: `md5(rawId)` in lowercase hex, first 16 characters.
 *
 * @example
 * ```ts
 * hashOperationId('1'); // 'c4ca4238a0b92382'
 * ```
 */
export function hashOperationId(rawId: string): string {
  const cached = hashCache.get(rawId);
  if (cached !== undefined) return cached;
  const hashed = createHash('md5').update(rawId).digest('hex').slice(0, 16);
  if (hashCache.size >= HASH_CACHE_LIMIT) hashCache.clear();
  hashCache.set(rawId, hashed);
  return hashed;
}

/** Raw id of the `counter`-th operation of a context whose step prefix is `prefix`. */
export function childOperationId(prefix: string | undefined, counter: number): string {
  return prefix === undefined ? String(counter) : `${prefix}-${counter}`;
}

/** Raw ids of every ancestor of `rawId`, nearest first (`"1-2-3"` gives `"1-2"`, `"1"`). */
export function ancestorIds(rawId: string): string[] {
  const ancestors: string[] = [];
  let cut = rawId.lastIndexOf('-');
  while (cut > 0) {
    ancestors.push(rawId.slice(0, cut));
    cut = rawId.lastIndexOf('-', cut - 1);
  }
  return ancestors;
}
