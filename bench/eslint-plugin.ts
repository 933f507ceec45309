/**
 * How long `durable-lambda/eslint` takes: the recommended rules over this repository's sources and
 * over generated handlers of 1,250 to 10,000 lines, each timed against ESLint parsing the same
 * files with no rule, so the figure is the plugin's own cost. Also shows it grows linearly.
 *
 * Usage: `node --import tsx bench/eslint-plugin.ts`.
 */
import { readFileSync } from 'node:fs';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import durable from '../src/eslint/index.js';

const linter = new ESLint({
  overrideConfigFile: true,
  stats: true,
  overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } }, durable.configs.recommended as never],
});

/** Milliseconds the plugin's rules took on lint results (ESLint's own per-rule stats). */
function pluginMs(results: ESLint.LintResult[]): number {
  let total = 0;
  for (const result of results) {
    for (const pass of result.stats?.times.passes ?? []) {
      for (const [rule, timing] of Object.entries(pass.rules ?? {})) if (rule.startsWith('durable-lambda/')) total += timing.total;
    }
  }
  return total;
}

/** A handler file of about `lines` lines: steps, child contexts, maps, helpers. */
export function generatedHandler(lines: number): string {
  const out = ["import { withDurableExecution, type DurableContext } from 'durable-lambda';", ''];
  let helper = 0;
  while (out.length < lines) {
    helper += 1;
    out.push(
      `async function helper${helper}(ctx: DurableContext, input: number) {`,
      `  const a = await ctx.step('a-${helper}', async () => input + 1);`,
      `  const b = await ctx.runInChildContext('c-${helper}', async (child) => {`,
      `    const inner = await child.step('inner', async () => a * 2);`,
      `    await child.wait({ seconds: 1 });`,
      `    return inner;`,
      `  });`,
      `  const items = await ctx.map('m-${helper}', [a, b], async (child, item) => child.step('item', async () => item));`,
      `  return items.getResults().length + b;`,
      `}`,
    );
  }
  out.push('export const handler = withDurableExecution(async (event: { n: number }, context) => {');
  for (let index = 1; index <= helper; index += 1) out.push(`  await helper${index}(context, event.n);`);
  out.push('});');
  return out.join('\n');
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const ms = (value: number): string => `${value.toFixed(1)} ms`;

async function main(): Promise<void> {
  const files = ['src/**/*.ts', 'examples/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'];
  const results = await linter.lintFiles(files);
  const lines = results.reduce((sum, result) => sum + readFileSync(result.filePath, 'utf8').split('\n').length, 0);
  console.log(`repository: ${results.length} files, ${lines} lines, plugin rules ${ms(pluginMs(results))}`);
  for (const size of [1250, 2500, 5000, 10000]) {
    const code = generatedHandler(size);
    const times: number[] = [];
    for (let run = 0; run < 5; run += 1) times.push(pluginMs(await linter.lintText(code, { filePath: 'generated.ts' })));
    const cost = median(times);
    console.log(`generated ${size} lines: plugin rules ${ms(cost)} (${((cost / size) * 1000).toFixed(1)} µs/line, median of 5)`);
  }
}

await main();
