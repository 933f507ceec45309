/**
 * The operations of one run, looked up by id, by position, by name and position, and by parent.
 * The EXECUTION operation is kept apart: positions count the handler's operations only.
 */
import type { HistoryEvent } from '../../protocol.js';
import type { OperationRecord } from './types.js';

/** How a test named an operation. */
export type OperationLocator = { id: string } | { name: string; index: number } | { index: number };

/** Snapshot index, replaced as a whole on every change of the execution. */
export class OperationIndex {
  private records: OperationRecord[] = [];
  private byId = new Map<string, OperationRecord>();
  private byName = new Map<string, OperationRecord[]>();
  private byParent = new Map<string, OperationRecord[]>();
  private events: HistoryEvent[] = [];

  /** Replaces the contents with `records` (log order, EXECUTION included) and the history. */
  replace(records: readonly OperationRecord[], events: readonly HistoryEvent[]): void {
    this.records = records.filter((r) => r.operation.Type !== 'EXECUTION');
    this.byId = new Map(this.records.map((r) => [r.operation.Id, r]));
    this.byName = group(this.records, (r) => r.operation.Name);
    this.byParent = group(this.records, (r) => r.operation.ParentId);
    this.events = [...events];
  }

  /** Every operation except EXECUTION, in the order they first appeared. */
  all(): readonly OperationRecord[] {
    return this.records;
  }

  history(): HistoryEvent[] {
    return this.events;
  }

  children(id: string): readonly OperationRecord[] {
    return this.byParent.get(id) ?? [];
  }

  find(locator: OperationLocator): OperationRecord | undefined {
    if ('id' in locator) return this.byId.get(locator.id);
    if ('name' in locator) return this.byName.get(locator.name)?.at(locator.index);
    return this.records.at(locator.index);
  }
}

const group = (records: readonly OperationRecord[], key: (r: OperationRecord) => string | undefined): Map<string, OperationRecord[]> => {
  const out = new Map<string, OperationRecord[]>();
  for (const record of records) {
    const k = key(record);
    if (k === undefined) continue;
    const list = out.get(k);
    if (list) list.push(record);
    else out.set(k, [record]);
  }
  return out;
};

/** Describes a locator for messages: `name "charge"`, `index 2`, `id "c4ca…"`. */
export const describeLocator = (locator: OperationLocator): string => {
  if ('id' in locator) return `id ${JSON.stringify(locator.id)}`;
  if ('name' in locator) return locator.index === 0 ? `name ${JSON.stringify(locator.name)}` : `name ${JSON.stringify(locator.name)} #${locator.index}`;
  return `index ${locator.index}`;
};
