import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withDurableExecution } from './src/index.js';
import { inProcessInvoker } from './src/service/invokers/in-process-invoker.js';
import { DurableExecutionService } from './src/service/service.js';
import { openSqliteStore } from './src/service/store/sqlite-store.js';
const engine = process.argv[2] as any;
const dir = mkdtempSync(join(tmpdir(), 'prof-'));
let t = performance.now();
const store = engine === 'none' ? undefined : await openSqliteStore({ dataDir: dir, engine });
console.log('open ms', (performance.now() - t).toFixed(1));
let saveMs = 0, saves = 0;
if (store) { const orig = store.save.bind(store); store.save = (i) => { const s = performance.now(); orig(i); saveMs += performance.now() - s; saves++; }; }
const service = new DurableExecutionService(store ? { store } : {});
const N = Number(process.argv[3] ?? 40);
service.registerFunction({ name: 'many', invoker: inProcessInvoker(withDurableExecution(async (_e: unknown, context) => {
  let sum = 0; for (let i = 0; i < N; i += 1) sum += await context.step(`s${i}`, async () => i); return sum; })) });
t = performance.now();
const arn = service.startExecution({ functionName: 'many', payload: '{}' });
await service.waitForCompletion(arn);
console.log(engine, 'steps', N, 'total ms', (performance.now() - t).toFixed(0), 'saves', saves, 'save ms', saveMs.toFixed(0), 'per save ms', (saveMs / Math.max(1, saves)).toFixed(2));
store?.close();
