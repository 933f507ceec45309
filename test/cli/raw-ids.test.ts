/** Issue 19 finding 4: `decode --history` recovers raw ids in linear time (it was cubic). */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { recoverRawIds } from '../../src/cli/raw-ids.js';
import type { HistoryEvent } from '../../src/protocol.js';

const hash = (raw: string): string => createHash('md5').update(raw).digest('hex').slice(0, 16);

describe('finding 4: raw id recovery is linear', () => {
  it('recovers 3,000 operations (roots, children, grandchildren) in under a second', () => {
    const raws: string[] = [];
    for (let i = 1; i <= 1000; i += 1) raws.push(String(i), `${i}-1`, `${i}-1-1`);
    const parentOf = (raw: string): string | undefined => (raw.includes('-') ? hash(raw.slice(0, raw.lastIndexOf('-'))) : undefined);
    const events = raws.map((raw) => ({ EventType: 'StepStarted', Id: hash(raw), ParentId: parentOf(raw) }) as unknown as HistoryEvent);
    const started = performance.now();
    const recovered = recoverRawIds(events);
    const elapsed = performance.now() - started;
    expect(recovered.size).toBe(3000);
    for (const raw of raws) expect(recovered.get(hash(raw))).toBe(raw);
    expect(elapsed).toBeLessThan(1_000);
  }, 20_000);

  it('still finds the children of a virtual context (a parent with no record)', () => {
    const events = [
      { EventType: 'StepStarted', Id: hash('1') },
      { EventType: 'StepStarted', Id: hash('1-2'), ParentId: hash('1-1') },
    ] as unknown as HistoryEvent[];
    const recovered = recoverRawIds(events);
    expect(recovered.get(hash('1'))).toBe('1');
    expect(recovered.get(hash('1-2'))).toBe('1-2');
  });
});
