/**
 * The plugin as a user runs it: ESLint's own API with `durable.configs.recommended` over the
 * repository's examples (they must lint clean) and over a deliberately broken handler.
 */
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import durable from '../../src/eslint/index.js';

const lint = (patterns: string[]) =>
  new ESLint({
    overrideConfigFile: true,
    overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } }, durable.configs.recommended as never],
  }).lintFiles(patterns);

describe('durable-lambda/eslint recommended', () => {
  it('reports nothing on the examples', async () => {
    const results = await lint(['examples/**/*.ts']);
    expect(results.length).toBeGreaterThan(10);
    const messages = results.flatMap((result) => result.messages.map((message) => `${result.filePath}:${message.line} ${message.ruleId} ${message.message}`));
    expect(messages).toEqual([]);
  });

  it('reports each rule on a handler that breaks them', async () => {
    const code = [
      "import { withDurableExecution } from 'durable-lambda';",
      'let total = 0;',
      'export const handler = withDurableExecution(async (event: unknown, context) => {',
      '  const started = Date.now();',
      "  await context.step('a', async () => { total = 1; await context.wait({ seconds: 1 }); });",
      "  context.step('a', async () => 2);",
      "  await fetch('https://example.com');",
      '  const { wait } = context;',
      '  return started;',
      '});',
    ].join('\n');
    const [result] = await new ESLint({
      overrideConfigFile: true,
      overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } }, durable.configs.recommended as never],
    }).lintText(code, { filePath: 'handler.ts' });
    const ids = result?.messages.map((message) => message.ruleId).sort();
    expect(ids).toEqual([
      'durable-lambda/no-closure-mutation-in-step',
      'durable-lambda/no-context-destructuring',
      'durable-lambda/no-durable-call-in-step',
      'durable-lambda/no-floating-durable-promise',
      'durable-lambda/no-non-deterministic-outside-step',
      'durable-lambda/no-side-effect-outside-step',
      'durable-lambda/unique-operation-names',
    ]);
  });
});
