// The ESLint project: the tarball with ESLint 9 and typescript-eslint, as a user's lint setup:
// `durable.configs.recommended` from the installed package reports a broken handler and passes a
// clean one (with the official SDK's import too, which the rules also follow).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { npmInstall, projectDir, sh } from '../harness.mjs';

const broken = `import { withDurableExecution } from 'durable-lambda';
export const handler = withDurableExecution(async (event: unknown, context) => {
  const started = Date.now();
  context.step('a', async () => started);
});
`;
const clean = `import { withDurableExecution } from '@aws/durable-execution-sdk-js';
export const handler = withDurableExecution(async (event: unknown, context) => {
  const started = await context.step('now', async () => Date.now());
  return context.step('a', async () => started);
});
`;

export async function eslintProject({ suite, root, tarball }) {
  const dir = projectDir(root, 'eslint', { name: 'consumer-eslint', type: 'module' });
  writeFileSync(join(dir, 'eslint.config.mjs'), [
    "import durable from 'durable-lambda/eslint';",
    "import tseslint from 'typescript-eslint';",
    "export default [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } }, durable.configs.recommended];",
  ].join('\n'));
  writeFileSync(join(dir, 'broken.ts'), broken);
  writeFileSync(join(dir, 'clean.ts'), clean);
  await suite.check('eslint: npm install <tarball> eslint@9 typescript-eslint typescript', async () => {
    await npmInstall(dir, tarball, ['eslint@9', 'typescript-eslint@8', 'typescript@5']);
  });
  await suite.check('eslint: durable.configs.recommended from the installed package reports the broken handler, passes the clean one', async () => {
    const broke = await sh('node_modules/.bin/eslint', ['--format', 'json', 'broken.ts'], { cwd: dir, timeoutMs: 120_000 });
    const rules = JSON.parse(broke.stdout)[0].messages.map((message) => message.ruleId).sort();
    const expected = ['durable-lambda/no-floating-durable-promise', 'durable-lambda/no-non-deterministic-outside-step'];
    if (JSON.stringify(rules) !== JSON.stringify(expected)) throw new Error(`broken.ts: expected ${expected.join(', ')}, got ${JSON.stringify(rules)} ${broke.stderr}`);
    const ok = await sh('node_modules/.bin/eslint', ['clean.ts'], { cwd: dir, timeoutMs: 120_000 });
    if (ok.code !== 0) throw new Error(`clean.ts: ${ok.stdout}${ok.stderr}`);
    return `broken.ts: ${rules.join(', ')}; clean.ts: no problem`;
  });
}
