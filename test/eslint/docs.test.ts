/** Every rule has a docs page whose wrong example the rule reports and whose right example it accepts. */
import { readFileSync } from 'node:fs';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import durable, { rules } from '../../src/eslint/index.js';

const blocks = (page: string): string[] => [...page.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');

describe.each(Object.keys(rules))('docs/eslint/%s.md', (rule) => {
  const page = readFileSync(`docs/eslint/${rule}.md`, 'utf8');
  const linter = new ESLint({
    overrideConfigFile: true,
    overrideConfig: [
      { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser }, plugins: { 'durable-lambda': durable as never }, rules: { [`durable-lambda/${rule}`]: 'error' } },
    ],
  });
  const ruleIds = async (code: string) => ((await linter.lintText(code, { filePath: 'example.ts' }))[0]?.messages ?? []).map((message) => message.ruleId);

  it('has a wrong and a right example, the page URL the rule names, and the rule judges both', async () => {
    const [wrong, right] = blocks(page);
    expect(wrong).toBeDefined();
    expect(right).toBeDefined();
    expect(await ruleIds(wrong ?? '')).toContain(`durable-lambda/${rule}`);
    expect(await ruleIds(right ?? '')).toEqual([]);
    expect(String((rules[rule]?.meta?.docs as { url?: string }).url)).toContain(`docs/eslint/${rule}.md`);
  });
});
