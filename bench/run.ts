/**
 * Bench runner: measures both SDKs on every scenario in one process and prints
 * `name | metric | ours | official | ratio`.
 *
 * Usage: `npm run bench [-- --quick] [-- --scenario <name>] [-- --json <file>]`.
 */
import { createOfficialAdapter, createOursAdapter, missingFeature } from './adapters.js';
import { loadBuiltOurs } from './build-ours.js';
import type { SdkAdapter } from './adapters.js';
import { coldStart } from './cold-start.js';
import { map1000 } from './map-1000.js';
import { parallel200 } from './parallel-200-waits.js';
import { payloadPipeline } from './payload-pipeline.js';
import { replay3000 } from './replay-3000.js';
import { formatProfile, profiled } from './profile.js';
import { formatTable, writeJsonReport } from './report.js';
import { NotAvailable, toFigures } from './scenario.js';
import type { Figure, MetricValues, Scenario, ScenarioSettings } from './scenario.js';
import { sequential3000 } from './sequential-3000.js';
import { elapsedMs, gcExposed, nowNs } from './stats.js';

/** Every scenario, in the order. */
export const scenarios: readonly Scenario[] = [replay3000, sequential3000, map1000, parallel200, coldStart, payloadPipeline];

interface BenchOptions {
  quick: boolean;
  /** Sample the CPU of each side and print the hottest functions (slows the run). */
  profile?: boolean;
  only: string[];
  json: string | undefined;
}

const parseArguments = (args: readonly string[]): BenchOptions => {
  const options: BenchOptions = { quick: false, profile: false, only: [], json: undefined };
  for (let index = 0; index < args.length; index += 1) {
    const argument = args[index];
    const value = (): string => {
      const next = args[index + 1];
      if (next === undefined || next.startsWith('--')) throw new Error(`${argument} needs a value`);
      index += 1;
      return next;
    };
    if (argument === '--quick') options.quick = true;
    else if (argument === '--profile') options.profile = true;
    else if (argument === '--scenario') options.only.push(value());
    else if (argument === '--json') options.json = value();
    else throw new Error(`unknown argument ${argument}; use --quick, --profile, --scenario <name>, --json <file>`);
  }
  const known = new Set(scenarios.map((scenario) => scenario.name));
  const unknown = options.only.filter((name) => !known.has(name));
  if (unknown.length > 0) throw new Error(`unknown scenario ${unknown.join(', ')}; known: ${[...known].join(', ')}`);
  return options;
};

/** Runs one side; a missing feature, a NotAvailable or a failure becomes the n/a reason. */
const runSide = async (
  scenario: Scenario,
  adapter: SdkAdapter,
  settings: ScenarioSettings,
  profile: boolean,
): Promise<MetricValues | string> => {
  // A scenario that needs no SDK feature (the payload pipeline) runs even without our engine.
  const missing = scenario.needs.length === 0 ? undefined : missingFeature(adapter, scenario.needs);
  if (missing !== undefined) return missing;
  try {
    if (!profile) return await scenario.run(adapter, settings);
    const { result, hot } = await profiled(() => scenario.run(adapter, settings));
    settings.log(`  profile of ${adapter.name} (self time, whole scenario incl. harness):\n${formatProfile(hot)}`);
    return result;
  } catch (error) {
    if (error instanceof NotAvailable) return error.message;
    return `failed: ${(error as Error).message}`;
  }
};

/** Measures the selected scenarios on both SDKs and returns the figures. */
export const runBench = async (options: BenchOptions, log: (line: string) => void): Promise<Figure[]> => {
  const official = await createOfficialAdapter();
  const ours = await createOursAdapter(loadBuiltOurs);
  log(`official: ${[...official.features].join(', ')}`);
  log(`ours: ${ours.unavailable ?? [...ours.features].join(', ')}`);
  if (!gcExposed()) log('note: gc is not exposed (run node with --expose-gc); heap figures are noisier');
  const settings: ScenarioSettings = { quick: options.quick, log };
  const selected = scenarios.filter((scenario) => options.only.length === 0 || options.only.includes(scenario.name));
  const figures: Figure[] = [];
  for (const scenario of selected) {
    const start = nowNs();
    log(`${scenario.name}: ${scenario.description}${options.quick ? ' (quick)' : ''}`);
    // Alternate which SDK goes first, so neither always inherits the other's heap and JIT state.
    const officialFirst = scenarios.indexOf(scenario) % 2 === 0;
    const sides = officialFirst ? [official, ours] : [ours, official];
    const values = new Map<SdkAdapter, MetricValues | string>();
    for (const adapter of sides) values.set(adapter, await runSide(scenario, adapter, settings, options.profile === true));
    const officialValues = values.get(official) ?? 'not run';
    const oursValues = values.get(ours) ?? 'not run';
    const oursReasons = Object.fromEntries(
      scenario.metrics.flatMap((spec) => {
        const missing = missingFeature(ours, spec.needs ?? []);
        return missing === undefined ? [] : [[spec.metric, missing]];
      }),
    );
    const scenarioFigures = toFigures(scenario, { ours: oursValues, official: officialValues }, { ours: oursReasons });
    log(formatTable(scenarioFigures));
    log(`  (${(elapsedMs(start) / 1000).toFixed(1)} s)`);
    figures.push(...scenarioFigures);
  }
  return figures;
};

const main = async (): Promise<void> => {
  const options = parseArguments(process.argv.slice(2));
  const start = nowNs();
  const figures = await runBench(options, (line) => console.log(line));
  console.log('\nsummary');
  console.log(formatTable(figures));
  console.log(`total ${(elapsedMs(start) / 1000).toFixed(1)} s`);
  if (options.json !== undefined) {
    await writeJsonReport(options.json, figures, {
      node: process.version,
      quick: options.quick,
      gcExposed: gcExposed(),
      date: new Date().toISOString(),
    });
    console.log(`wrote ${options.json}`);
  }
};

const isEntryPoint = process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'));
if (isEntryPoint) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
