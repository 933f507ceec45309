/**
 * Scenario 5: cold start. A one-step handler is bundled with esbuild (minified ESM for Node 20),
 * once with the AWS SDK external (as the Lambda Node.js runtime provides it) and once in full;
 * the figures are the bundle sizes and the time to import each bundle in a fresh Node process
 * (median of several spawns; measured inside the child, so Node's own boot is not counted), as
 * wall time and as CPU time: on a shared machine the CPU time is the steadier of the two.
 */
import { execFile } from 'node:child_process';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import type { SdkAdapter } from './adapters.js';
import type { Scenario } from './scenario.js';
import { summarise } from './stats.js';

const run = promisify(execFile);
const workDirectory = fileURLToPath(new URL('../.tmp/bench/', import.meta.url));

/** Modules the Lambda Node.js runtime already has. */
const runtimeProvided = ['@aws-sdk/*', '@smithy/*', '@aws-crypto/*'];

/** Lets CommonJS dependencies inside an ESM bundle `require` Node built-ins. */
const requireShim = "import { createRequire as __benchCreateRequire } from 'node:module'; const require = __benchCreateRequire(import.meta.url);";

const handlerSource = (specifier: string): string =>
  [
    `import { withDurableExecution } from ${JSON.stringify(specifier)};`,
    'export const handler = withDurableExecution(async (event, context) => context.step("one", async () => 1));',
    '',
  ].join('\n');

/** Bundles the one-step handler; returns the output path and its size in bytes. */
export const bundleOneStepHandler = async (
  adapter: SdkAdapter,
  variant: 'external' | 'full',
): Promise<{ file: string; bytes: number }> => {
  const directory = `${workDirectory}${adapter.name}/`;
  await mkdir(directory, { recursive: true });
  const entry = `${directory}handler-entry.ts`;
  await writeFile(entry, handlerSource(adapter.importSpecifier));
  const file = `${directory}handler-${variant}.mjs`;
  await build({
    entryPoints: [entry],
    outfile: file,
    bundle: true,
    minify: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    banner: { js: requireShim },
    external: variant === 'external' ? runtimeProvided : [],
    logLevel: 'error',
  });
  return { file, bytes: (await stat(file)).size };
};

/** Wall and CPU (user + system, all threads) milliseconds to import `file` in a fresh Node process. */
const importTimeMs = async (file: string): Promise<{ wall: number; cpu: number }> => {
  const script = [
    'const cpuStart = process.cpuUsage();',
    'const start = process.hrtime.bigint();',
    `await import(${JSON.stringify(pathToFileURL(file).href)});`,
    'const wall = Number(process.hrtime.bigint() - start) / 1e6;',
    'const cpu = process.cpuUsage(cpuStart);',
    'process.stdout.write(JSON.stringify({ wall, cpu: (cpu.user + cpu.system) / 1000 }));',
  ].join('\n');
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
    env: { ...process.env, AWS_REGION: 'us-east-1', NODE_OPTIONS: '' },
  });
  const value = JSON.parse(stdout) as { wall?: unknown; cpu?: unknown };
  if (typeof value.wall !== 'number' || typeof value.cpu !== 'number') throw new Error(`import of ${file} printed ${stdout}`);
  return { wall: value.wall, cpu: value.cpu };
};

export const coldStart: Scenario = {
  name: 'cold-start',
  description: 'one-step handler: minified bundle size and import time in a fresh Node process',
  needs: ['step'],
  metrics: [
    { metric: 'bundle size, AWS SDK external', unit: 'KiB', better: 'lower', target: 0.5 },
    { metric: 'bundle size, full', unit: 'KiB', better: 'lower', target: null },
    { metric: 'import time, AWS SDK external', unit: 'ms', better: 'lower', target: null },
    { metric: 'import time, full', unit: 'ms', better: 'lower', target: 0.5 },
    { metric: 'import CPU time, AWS SDK external', unit: 'ms', better: 'lower', target: null },
    { metric: 'import CPU time, full', unit: 'ms', better: 'lower', target: null },
  ],
  async run(adapter, settings) {
    const spawns = settings.quick ? 3 : 15;
    const external = await bundleOneStepHandler(adapter, 'external');
    const full = await bundleOneStepHandler(adapter, 'full');
    const samples = { external: [] as { wall: number; cpu: number }[], full: [] as { wall: number; cpu: number }[] };
    await importTimeMs(full.file); // warms the file-system cache, not the process
    for (let index = 0; index < spawns; index += 1) {
      samples.external.push(await importTimeMs(external.file));
      samples.full.push(await importTimeMs(full.file));
    }
    const medianOf = (variant: 'external' | 'full', kind: 'wall' | 'cpu'): number =>
      summarise(samples[variant].map((sample) => sample[kind])).median;
    const result = {
      'bundle size, AWS SDK external': external.bytes / 1024,
      'bundle size, full': full.bytes / 1024,
      'import time, AWS SDK external': medianOf('external', 'wall'),
      'import time, full': medianOf('full', 'wall'),
      'import CPU time, AWS SDK external': medianOf('external', 'cpu'),
      'import CPU time, full': medianOf('full', 'cpu'),
    };
    settings.log(
      `  ${adapter.name}: ${result['bundle size, AWS SDK external'].toFixed(1)} KiB / ${result['bundle size, full'].toFixed(1)} KiB, import ${result['import time, AWS SDK external'].toFixed(1)} / ${result['import time, full'].toFixed(1)} ms`,
    );
    return result;
  },
};
