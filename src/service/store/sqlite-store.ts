/**
 * The local service's executions in an SQLite file under a data directory. Every save is one
 * transaction that writes only what changed since the last one: the execution's head row, the
 * operations whose record differs, and the history events and log lines appended since. A
 * `kill -9` therefore loses at most the change being written, never a committed one.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isOperationTerminal } from '../execution-state.js';
import type { CapturedLogLine } from '../invokers/invoker.js';
import type { ExecutionStore, SaveInput, StoredClock, StoredExecution } from './execution-store.js';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock.js';
import { decodeExecution, decodeJson, encodeEvent, encodeHead, encodeJson, encodeOperation } from './snapshot-codec.js';
import { openSqlite, type SqlDatabase, type SqliteEngine } from './sqlite-driver.js';

/** Bump when the tables change; a data directory of another version is refused, not misread. */
const SCHEMA_VERSION = '1';

/** File name of the database inside the data directory. */
export const DATABASE_FILE = 'service.sqlite';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS executions (seq INTEGER PRIMARY KEY AUTOINCREMENT, arn TEXT NOT NULL UNIQUE, head TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS operations (arn TEXT NOT NULL, seq INTEGER NOT NULL, id TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (arn, id));
CREATE TABLE IF NOT EXISTS events (arn TEXT NOT NULL, seq INTEGER NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (arn, seq));
CREATE TABLE IF NOT EXISTS logs (arn TEXT NOT NULL, seq INTEGER NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (arn, seq));
`;

/** What has been written for one execution, so the next save writes only the difference. */
interface Written {
  head: string;
  operations: Map<string, string>;
  /** Operations written in a terminal status: their record never changes again, so they are not re-encoded. */
  final: Set<string>;
  events: number;
  logs: number;
}

/** Options of {@link openSqliteStore}. */
export interface SqliteStoreOptions {
  /** Directory that holds the database (created if missing). */
  dataDir: string;
  /** Force an SQLite engine; default: `node:sqlite` when the runtime has it, else `node-sqlite3-wasm`. */
  engine?: SqliteEngine;
}

/** An {@link ExecutionStore} on an SQLite file; open with {@link openSqliteStore}. */
export class SqliteExecutionStore implements ExecutionStore {
  private readonly written = new Map<string, Written>();
  private closed = false;

  constructor(
    private readonly db: SqlDatabase,
    private readonly lock: DataDirLock,
    /** Absolute path of the database file. */
    readonly path: string,
  ) {}

  /** The SQLite engine in use. */
  get engine(): SqliteEngine {
    return this.db.engine;
  }

  load(): StoredExecution[] {
    const heads = this.db.all('SELECT arn, head FROM executions ORDER BY seq');
    const grouped = <T>(sql: string, map: (doc: string) => T): Map<string, T[]> => {
      const out = new Map<string, T[]>();
      for (const row of this.db.all(sql)) {
        const arn = String(row.arn);
        let list = out.get(arn);
        if (!list) out.set(arn, (list = []));
        list.push(map(String(row.doc)));
      }
      return out;
    };
    const operations = grouped('SELECT arn, doc FROM operations ORDER BY arn, seq', (d) => d);
    const events = grouped('SELECT arn, doc FROM events ORDER BY arn, seq', (d) => d);
    const logs = grouped('SELECT arn, doc FROM logs ORDER BY arn, seq', (d) => decodeJson<CapturedLogLine>(d));
    return heads.map((row) => {
      const arn = String(row.arn);
      const head = String(row.head);
      const ops = operations.get(arn) ?? [];
      const evs = events.get(arn) ?? [];
      const lines = logs.get(arn) ?? [];
      const { exec, scheduling } = decodeExecution(head, ops, evs);
      this.written.set(arn, {
        head,
        operations: new Map([...exec.operations.values()].map((s, i) => [s.op.Id, ops[i] ?? ''])),
        final: new Set([...exec.operations.values()].filter((s) => isOperationTerminal(s.op.Status)).map((s) => s.op.Id)),
        events: evs.length,
        logs: lines.length,
      });
      return { exec, ...scheduling, logs: lines };
    });
  }

  loadClock(): StoredClock | undefined {
    const row = this.db.all("SELECT value FROM meta WHERE key = 'clock'")[0];
    return row ? decodeJson<StoredClock>(String(row.value)) : undefined;
  }

  save(input: SaveInput): void {
    if (this.closed) return;
    const { exec, logs, now, ...scheduling } = input;
    const arn = exec.arn;
    const before = this.written.get(arn) ?? { head: '', operations: new Map<string, string>(), final: new Set<string>(), events: 0, logs: 0 };
    const after: Written = {
      head: encodeHead(exec, scheduling), operations: new Map(before.operations), final: new Set(before.final), events: exec.events.length, logs: logs.length,
    };
    const db = this.db;
    db.exec('BEGIN');
    try {
      if (after.head !== before.head) {
        db.run('INSERT INTO executions (arn, head) VALUES (?, ?) ON CONFLICT(arn) DO UPDATE SET head = excluded.head', [arn, after.head]);
      }
      for (const state of exec.operations.values()) {
        if (after.final.has(state.op.Id)) continue;
        const doc = encodeOperation(state);
        const previous = after.operations.get(state.op.Id);
        if (previous === doc) continue;
        if (previous === undefined) {
          db.run('INSERT INTO operations (arn, seq, id, doc) VALUES (?, ?, ?, ?)', [arn, after.operations.size, state.op.Id, doc]);
        } else {
          db.run('UPDATE operations SET doc = ? WHERE arn = ? AND id = ?', [doc, arn, state.op.Id]);
        }
        after.operations.set(state.op.Id, doc);
        if (isOperationTerminal(state.op.Status)) after.final.add(state.op.Id);
      }
      for (let i = before.events; i < exec.events.length; i += 1) {
        db.run('INSERT INTO events (arn, seq, doc) VALUES (?, ?, ?)', [arn, i, encodeEvent(exec.events[i] as (typeof exec.events)[number])]);
      }
      for (let i = before.logs; i < logs.length; i += 1) {
        db.run('INSERT INTO logs (arn, seq, doc) VALUES (?, ?, ?)', [arn, i, encodeJson(logs[i])]);
      }
      db.run("INSERT INTO meta (key, value) VALUES ('clock', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", [
        encodeJson({ serviceTime: now, wallTime: Date.now() } satisfies StoredClock),
      ]);
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
    this.written.set(arn, after);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.db.close();
    } finally {
      this.lock.release();
    }
  }
}

/**
 * Opens (creating if needed) the store of a data directory. Only one service may use a data
 * directory at a time: a second one is refused while the first one's process lives.
 *
 * @example
 * const store = await openSqliteStore({ dataDir: '.durable-lambda/serve' });
 * const service = new DurableExecutionService({ store, clock: resumedClock({ mode: 'virtual', stored: store.loadClock() }) });
 */
export const openSqliteStore = async (options: SqliteStoreOptions): Promise<SqliteExecutionStore> => {
  const dataDir = resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const lock = acquireDataDirLock(dataDir);
  const path = join(dataDir, DATABASE_FILE);
  // The WASM build locks a database with a `<file>.lock` directory, which a killed process
  // leaves behind; holding the data directory's lock proves no one else uses the file.
  rmSync(`${path}.lock`, { recursive: true, force: true });
  let db: SqlDatabase | undefined;
  try {
    db = await openSqlite({ path, ...(options.engine ? { engine: options.engine } : {}) });
    // Exclusive locking (the lock file already makes this service the only user) spares a file
    // lock and a cache check per transaction, and lets the WASM build use WAL, which needs shared
    // memory otherwise. WAL with synchronous=NORMAL: a kill -9 loses no committed transaction.
    db.exec('PRAGMA locking_mode = EXCLUSIVE; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;');
    db.exec(SCHEMA);
    const version = db.all("SELECT value FROM meta WHERE key = 'schema'")[0]?.value;
    if (version === undefined) db.run("INSERT INTO meta (key, value) VALUES ('schema', ?)", [SCHEMA_VERSION]);
    else if (version !== SCHEMA_VERSION) {
      throw new Error(`${path} was written by another version of durable-lambda (schema ${String(version)}, this one reads ${SCHEMA_VERSION}); move it away or use another --data-dir`);
    }
    return new SqliteExecutionStore(db, lock, path);
  } catch (error) {
    db?.close();
    lock.release();
    throw error;
  }
};
