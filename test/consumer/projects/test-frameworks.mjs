// The vitest and jest projects: the tarball plus one test framework, running a small workflow
// test with the durable matchers (vitest: TypeScript, ESM; jest: require()).
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { mustRun, npmInstall, projectDir } from '../harness.mjs';

const fixture = (name) => new URL(`../fixtures/${name}`, import.meta.url);

/** Vitest majors and the Node each needs (vitest 5 needs Node 22.12 or later). */
export const VITEST_VERSIONS = [
  { version: '3', node: undefined },
  { version: '4', node: undefined },
  { version: '5', node: '22' },
];
export const JEST_VERSIONS = ['29', '30'];

const onNode = (node, args) => (node ? ['npx', ['-y', '-p', `node@${node}`, '--', 'node', ...args]] : [process.execPath, args]);

export async function testFrameworkProjects({ suite, root, tarball }) {
  for (const { version, node } of VITEST_VERSIONS) {
    const dir = projectDir(root, `vitest${version}`, { name: `consumer-vitest${version}`, type: 'module' });
    copyFileSync(fixture('workflow.spec.ts'), join(dir, 'workflow.spec.ts'));
    writeFileSync(join(dir, 'vitest.config.mjs'), "export default { test: { include: ['*.spec.ts'] } };\n");
    await suite.check(`vitest ${version}${node ? ` (Node ${node})` : ''}: workflow test with matchers`, async () => {
      await npmInstall(dir, tarball, [`vitest@${version}`]);
      const [command, args] = onNode(node, ['node_modules/vitest/vitest.mjs', 'run']);
      const { stdout } = await mustRun(command, args, { cwd: dir, timeoutMs: 180_000 });
      if (!/Tests\s+\S*2 passed/.test(stripVTControlCharacters(stdout))) throw new Error(`expected 2 passed tests:\n${stdout}`);
    });
  }
  for (const version of JEST_VERSIONS) {
    const dir = projectDir(root, `jest${version}`, { name: `consumer-jest${version}` });
    copyFileSync(fixture('workflow.test.cjs'), join(dir, 'workflow.test.cjs'));
    await suite.check(`jest ${version}: workflow test with matchers (require)`, async () => {
      await npmInstall(dir, tarball, [`jest@${version}`]);
      const { stderr } = await mustRun(process.execPath, ['node_modules/jest/bin/jest.js', '--ci', '--testMatch', '**/*.test.cjs'], { cwd: dir, timeoutMs: 180_000 });
      if (!/Tests:\s+2 passed/.test(stderr)) throw new Error(`expected 2 passed tests:\n${stderr}`);
    });
  }
}
