/**
 * Recovers raw operation ids (`1`, `2-1`, ...) from the hashed ids of a history. Encrypted
 * payloads bind the raw id, and history events carry only its hash, so `decode --history`
 * searches the counter values under each known parent (ids encode their path).
 */
import { createHash } from 'node:crypto';
import type { HistoryEvent } from '../protocol.js';

const hash = (raw: string): string => createHash('md5').update(raw).digest('hex').slice(0, 16);

/**
 * Map of hashed id to raw id for every operation of `events` that could be matched. Linear in
 * the number of operations: ids are grouped by parent once, and each found id is searched for
 * children once, over a counter range bounded by its own number of children.
 */
export const recoverRawIds = (events: readonly HistoryEvent[]): Map<string, string> => {
  const parents = new Map<string, string | undefined>();
  for (const e of events) {
    if (e.Id !== undefined && e.EventType !== 'ExecutionStarted' && !e.EventType.startsWith('Execution') && !parents.has(e.Id)) parents.set(e.Id, e.ParentId);
  }
  // Children by parent hash (undefined: root). Children of a virtual context name a parent that
  // has no record: those are looked for under every prefix.
  const children = new Map<string | undefined, Set<string>>();
  const orphans = new Set<string>();
  for (const [id, parent] of parents) {
    if (parent !== undefined && !parents.has(parent)) {
      orphans.add(id);
      continue;
    }
    let set = children.get(parent);
    if (set === undefined) children.set(parent, (set = new Set()));
    set.add(id);
  }
  const raw = new Map<string, string>();
  const prefixes: string[] = [''];
  const searched = new Set<string>();
  for (let next = 0; next < prefixes.length; next += 1) {
    const prefix = prefixes[next] ?? '';
    if (searched.has(prefix)) continue;
    searched.add(prefix);
    const own = children.get(prefix === '' ? undefined : hash(prefix)) ?? new Set<string>();
    // Counters run 1..k under a prefix; a margin covers operations the history does not show.
    const limit = own.size + Math.min(orphans.size, 64) + 64;
    for (let n = 1; n <= limit && (own.size > 0 || orphans.size > 0); n += 1) {
      const candidate = prefix === '' ? String(n) : `${prefix}-${n}`;
      const h = hash(candidate);
      if (own.delete(h) || orphans.delete(h)) {
        raw.set(h, candidate);
        prefixes.push(candidate);
      }
    }
  }
  return raw;
};
