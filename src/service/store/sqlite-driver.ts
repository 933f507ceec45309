/**
 * Opens an SQLite database file without a native build step: Node's built-in `node:sqlite`
 * where the runtime has it unflagged (Node >= 22.13), otherwise the WebAssembly build
 * `node-sqlite3-wasm` (an optional peer; real file I/O through Node's `fs`). Both are loaded
 * only when a persistent store is opened, never by the in-memory service or the SDK.
 */

/** Values SQLite binds and returns here (this store uses text and integers only). */
export type SqlValue = string | number | null;

/** The few calls the store makes, the same over both engines. */
export interface SqlDatabase {
  /** Which engine is underneath (reported by `serve` and in tests). */
  readonly engine: SqliteEngine;
  /** Runs statements without results (DDL, PRAGMA, BEGIN/COMMIT). */
  exec(sql: string): void;
  /** Runs one statement with positional parameters. */
  run(sql: string, params?: readonly SqlValue[]): void;
  /** Runs one query with positional parameters. */
  all(sql: string, params?: readonly SqlValue[]): Record<string, SqlValue>[];
  close(): void;
}

/** The engines {@link openSqlite} can use. */
export type SqliteEngine = 'node:sqlite' | 'node-sqlite3-wasm';

/** Options of {@link openSqlite}. */
export interface OpenSqliteOptions {
  /** Database file path. */
  path: string;
  /** Force an engine (tests measure both); default: `node:sqlite` when available, else the WASM build. */
  engine?: SqliteEngine;
}

interface NodeSqliteStatement {
  run(...params: SqlValue[]): unknown;
  all(...params: SqlValue[]): Record<string, SqlValue>[];
}
interface NodeSqliteDatabase {
  exec(sql: string): void;
  prepare(sql: string): NodeSqliteStatement;
  close(): void;
}
interface NodeSqliteModule {
  DatabaseSync: new (path: string) => NodeSqliteDatabase;
}

interface WasmStatement {
  run(values?: SqlValue[]): unknown;
  all(values?: SqlValue[]): Record<string, SqlValue>[];
  finalize(): void;
}
interface WasmDatabase {
  exec(sql: string): void;
  prepare(sql: string): WasmStatement;
  close(): void;
}
interface WasmModule {
  Database: new (path: string) => WasmDatabase;
}

// Specifiers in variables: `node:sqlite` has no types on @types/node 20, and neither module
// may be resolved at build time.
const NODE_SQLITE = 'node:sqlite';
const WASM_SQLITE = 'node-sqlite3-wasm';

/** Loads `node:sqlite` quietly (Node 22 flags it experimental on load); undefined when the runtime lacks it. */
const loadNodeSqlite = async (): Promise<NodeSqliteModule | undefined> => {
  const saved = Object.getOwnPropertyDescriptor(process, 'emitWarning');
  const emit = process.emitWarning.bind(process) as (...args: unknown[]) => void;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const text = typeof warning === 'string' ? warning : warning.message;
    if (/SQLite is an experimental feature/.test(text)) return;
    emit(warning, ...rest);
  });
  try {
    return (await import(NODE_SQLITE)) as NodeSqliteModule;
  } catch {
    return undefined;
  } finally {
    if (saved) Object.defineProperty(process, 'emitWarning', saved);
  }
};

const loadWasm = async (): Promise<WasmModule> => {
  try {
    const mod = (await import(WASM_SQLITE)) as WasmModule & { default?: WasmModule };
    return mod.default ?? mod;
  } catch {
    throw new Error(
      `a persistent local service needs node:sqlite (Node >= 22.13) or the package node-sqlite3-wasm on Node ${process.versions.node}: npm install node-sqlite3-wasm, or use --in-memory`,
    );
  }
};

const fromNodeSqlite = (db: NodeSqliteDatabase): SqlDatabase => {
  const statements = new Map<string, NodeSqliteStatement>();
  const statement = (sql: string): NodeSqliteStatement => {
    let s = statements.get(sql);
    if (!s) {
      s = db.prepare(sql);
      statements.set(sql, s);
    }
    return s;
  };
  return {
    engine: 'node:sqlite',
    exec: (sql) => db.exec(sql),
    run: (sql, params = []) => void statement(sql).run(...params),
    all: (sql, params = []) => statement(sql).all(...params),
    close: () => {
      statements.clear();
      db.close();
    },
  };
};

const fromWasm = (db: WasmDatabase): SqlDatabase => {
  // The WASM build frees a statement only on finalize(): keep one per SQL text, finalize on close.
  const statements = new Map<string, WasmStatement>();
  const statement = (sql: string): WasmStatement => {
    let s = statements.get(sql);
    if (!s) {
      s = db.prepare(sql);
      statements.set(sql, s);
    }
    return s;
  };
  return {
    engine: 'node-sqlite3-wasm',
    exec: (sql) => db.exec(sql),
    run: (sql, params = []) => void statement(sql).run([...params]),
    all: (sql, params = []) => statement(sql).all([...params]),
    close: () => {
      for (const s of statements.values()) s.finalize();
      statements.clear();
      db.close();
    },
  };
};

/**
 * Opens (creating if needed) an SQLite database file.
 *
 * @example
 * const db = await openSqlite({ path: '.durable-lambda/serve/service.sqlite' });
 * db.exec('CREATE TABLE IF NOT EXISTS t (k TEXT PRIMARY KEY, v TEXT)');
 * db.run('INSERT INTO t VALUES (?, ?)', ['a', '1']);
 * db.close();
 */
export const openSqlite = async (options: OpenSqliteOptions): Promise<SqlDatabase> => {
  if (options.engine !== 'node-sqlite3-wasm') {
    const native = await loadNodeSqlite();
    if (native) return fromNodeSqlite(new native.DatabaseSync(options.path));
    if (options.engine === 'node:sqlite') throw new Error(`node:sqlite is not available on Node ${process.versions.node} (it needs Node >= 22.13)`);
  }
  const wasm = await loadWasm();
  return fromWasm(new wasm.Database(options.path));
};
