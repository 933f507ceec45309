// The SQLite store on a real file, over every engine this Node has: node-sqlite3-wasm always
// (a dev dependency), node:sqlite where the runtime has it (Node >= 22.13).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { withDurableExecution } from '../../../src/index.js';
import { inProcessInvoker } from '../../../src/service/invokers/in-process-invoker.js';
import { DurableExecutionService } from '../../../src/service/service.js';
import { LOCK_FILE } from '../../../src/service/store/data-dir-lock.js';
import { decodeJson, encodeJson } from '../../../src/service/store/snapshot-codec.js';
import { openSqlite, type SqlDatabase, type SqliteEngine } from '../../../src/service/store/sqlite-driver.js';
import { DATABASE_FILE, openSqliteStore } from '../../../src/service/store/sqlite-store.js';

const nodeSqliteAvailable = await openSqlite({ path: ':memory:', engine: 'node:sqlite' }).then(
  (db) => {
    db.close();
    return true;
  },
  () => false,
);
const engines: SqliteEngine[] = nodeSqliteAvailable ? ['node-sqlite3-wasm', 'node:sqlite'] : ['node-sqlite3-wasm'];

const dirs: string[] = [];
const newDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'dl-store-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const handler = withDurableExecution(async (event: { n: number }, context) => {
  const doubled = await context.step('double', async () => event.n * 2);
  await context.wait('pause', { seconds: 30 });
  const [answer] = await context.createCallback<string>('ok', { timeout: { hours: 2 }, heartbeatTimeout: { minutes: 5 } });
  console.log(`waiting with ${doubled}`);
  return { doubled, answer: await answer };
});

/** The store's file opened directly; exclusive locking first, as the WASM build has no shared memory for WAL. */
const rawDatabase = async (dir: string, engine: SqliteEngine): Promise<SqlDatabase> => {
  const db = await openSqlite({ path: join(dir, DATABASE_FILE), engine });
  db.exec('PRAGMA locking_mode = EXCLUSIVE');
  return db;
};

const until = async (check: () => boolean): Promise<void> => {
  for (let i = 0; i < 500 && !check(); i += 1) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
};

describe('snapshot codec', () => {
  it('round-trips Dates, Maps and Sets and leaves date-like strings alone', () => {
    const value = { at: new Date(1_700_000_000_123), ids: new Set(['a', 'b']), byId: new Map([['x', { at: new Date(5) }]]), text: '2024-01-01T00:00:00.000Z', tagLike: '{"$date":1}' };
    expect(decodeJson(encodeJson(value))).toEqual(value);
  });
});

describe.each(engines)('SQLite store on %s', (engine) => {
  it('keeps an execution exactly: operations, events, logs, callback deadlines and scheduling state', async () => {
    const dir = newDir();
    const store = await openSqliteStore({ dataDir: dir, engine });
    expect(store.engine).toBe(engine);
    const service = new DurableExecutionService({ store });
    service.registerFunction({ name: 'calc', invoker: inProcessInvoker(handler) });
    const arn = service.startExecution({ functionName: 'calc', payload: '{"n":21}' });
    await until(() => service.history(arn).some((e) => e.EventType === 'CallbackStarted') && !service.execution(arn).invocationRunning);
    const live = service.execution(arn);
    const logs = service.logLines(arn);
    store.close();

    const reopened = await openSqliteStore({ dataDir: dir, engine });
    const [kept, ...others] = reopened.load();
    expect(others).toEqual([]);
    expect(kept?.exec).toEqual({ ...live, clientTokens: new Map() });
    expect(kept?.exec.operations.size).toBe(live.operations.size);
    expect([...(kept?.exec.operations.keys() ?? [])]).toEqual([...live.operations.keys()]);
    const callback = [...(kept?.exec.operations.values() ?? [])].find((s) => s.op.Type === 'CALLBACK');
    expect(callback?.callbackDeadline).toBeTypeOf('number');
    expect(callback?.heartbeatDeadline).toBeTypeOf('number');
    expect(kept?.logs).toEqual(logs);
    expect(kept?.needsInvocation).toBe(false);
    expect(reopened.loadClock()?.serviceTime).toBeGreaterThanOrEqual(live.startTime);
    reopened.close();
  });

  it('writes each event and operation once however often it saves, and grows by appending', async () => {
    const dir = newDir();
    const store = await openSqliteStore({ dataDir: dir, engine });
    const service = new DurableExecutionService({ store });
    service.registerFunction({
      name: 'many',
      invoker: inProcessInvoker(withDurableExecution(async (_e: unknown, context) => {
        let sum = 0;
        for (let i = 0; i < 40; i += 1) sum += await context.step(`s${i}`, async () => i);
        return sum;
      })),
    });
    const arn = service.startExecution({ functionName: 'many', payload: '{}' });
    const done = await service.waitForCompletion(arn);
    expect(done.Result).toBe('780');
    const exec = service.execution(arn);
    store.close();
    const db = await rawDatabase(dir, engine);
    const count = (table: string): number => Number(db.all(`SELECT count(*) AS n FROM ${table}`)[0]?.n);
    expect([count('executions'), count('operations'), count('events')]).toEqual([1, exec.operations.size, exec.events.length]);
    expect(db.all('SELECT seq FROM events ORDER BY seq').map((r) => r.seq)).toEqual(exec.events.map((_e, i) => i));
    db.close();
  });

  it('lets one service at a time use a data directory, and takes over the lock of a dead one', async () => {
    const dir = newDir();
    const store = await openSqliteStore({ dataDir: dir, engine });
    await expect(openSqliteStore({ dataDir: dir, engine })).rejects.toThrow(`data directory ${dir} is in use by this process; stop that service or pass another --data-dir`);
    store.close();
    // A lock left by a process that has exited (as after kill -9) does not block.
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(join(dir, LOCK_FILE), dead.stdout);
    const again = await openSqliteStore({ dataDir: dir, engine });
    expect(again.load()).toEqual([]);
    again.close();
  });

  it('refuses a database of another schema version instead of misreading it', async () => {
    const dir = newDir();
    (await openSqliteStore({ dataDir: dir, engine })).close();
    const db = await rawDatabase(dir, engine);
    db.run("UPDATE meta SET value = '999' WHERE key = 'schema'");
    db.close();
    await expect(openSqliteStore({ dataDir: dir, engine })).rejects.toThrow(/written by another version of durable-lambda \(schema 999, this one reads 1\); move it away or use another --data-dir/);
    // The failed open released its lock.
    await expect(openSqliteStore({ dataDir: dir, engine })).rejects.toThrow(/schema 999/);
  });
});

describe('engine choice', () => {
  it('uses node:sqlite when the runtime has it (with no experimental warning), else says which Node it needs', async () => {
    if (!nodeSqliteAvailable) {
      await expect(openSqlite({ path: ':memory:', engine: 'node:sqlite' })).rejects.toThrow(`node:sqlite is not available on Node ${process.versions.node} (it needs Node >= 22.13)`);
      const fallback = await openSqlite({ path: ':memory:' });
      expect(fallback.engine).toBe('node-sqlite3-wasm');
      fallback.close();
      return;
    }
    const warnings: string[] = [];
    const onWarning = (w: Error): void => void warnings.push(w.message);
    process.on('warning', onWarning);
    const db = await openSqlite({ path: ':memory:' });
    await new Promise((r) => setTimeout(r, 10));
    process.off('warning', onWarning);
    expect(db.engine).toBe('node:sqlite');
    db.close();
    expect(warnings.filter((w) => /SQLite/.test(w))).toEqual([]);
  });
});
