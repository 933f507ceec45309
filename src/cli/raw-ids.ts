/**
 * Recovers raw operation ids (`1`, `2-1`, ...) from the hashed ids of a history. Encrypted
 * payloads bind the raw id, and history events carry only its hash, so `decode --history`
 * searches the counter values under each known parent (ids encode their path).
 */
import { createHash } from 'node:crypto';
import type { HistoryEvent } from '../protocol.js';

const hash = (raw: string): string => createHash('md5').update(raw).digest('hex').slice(0, 16);

/** Map of hashed id to raw id for every operation of `events` that could be matched. */
export const recoverRawIds = (events: readonly HistoryEvent[]): Map<string, string> => {
  const parents = new Map<string, string | undefined>();
  for (const e of events) {
    if (e.Id !== undefined && e.EventType !== 'ExecutionStarted' && !e.EventType.startsWith('Execution') && !parents.has(e.Id)) parents.set(e.Id, e.ParentId);
  }
  const limit = parents.size + 64;
  const raw = new Map<string, string>();
  const search = (prefix: string, wanted: Set<string>): void => {
    for (let n = 1; n <= limit && wanted.size > 0; n += 1) {
      const candidate = prefix === '' ? String(n) : `${prefix}-${n}`;
      const h = hash(candidate);
      if (wanted.delete(h)) raw.set(h, candidate);
    }
  };
  // Root operations, then children of every id found, until nothing new appears.
  const prefixes: string[] = [''];
  const searched = new Set<string>();
  while (prefixes.length > 0) {
    const prefix = prefixes.shift() ?? '';
    if (searched.has(prefix)) continue;
    searched.add(prefix);
    const parentHash = prefix === '' ? undefined : hash(prefix);
    // Children of a virtual context name a parent that has no record: search those under every prefix.
    const wanted = new Set([...parents].filter(([id, p]) => !raw.has(id) && (p === parentHash || (p !== undefined && !parents.has(p)))).map(([id]) => id));
    search(prefix, wanted);
    for (const found of raw.values()) if (!searched.has(found)) prefixes.push(found);
  }
  return raw;
};
