// The official project: the tarball with the official SDK 2.4 and its testing library. Mixed
// types (our handler in the official runner, theirs in ours) and the same mix at run time.
// @types/aws-lambda: the official SDK's declarations import it.
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mustRun, npmInstall, projectDir } from '../harness.mjs';

export async function officialProject({ suite, root, tarball }) {
  const dir = projectDir(root, 'official', { name: 'consumer-official', type: 'module' });
  for (const name of ['mixed-types.ts', 'mixed-run.mjs']) copyFileSync(new URL(`../fixtures/${name}`, import.meta.url), join(dir, name));
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { strict: true, skipLibCheck: false, noEmit: true, target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', types: ['node'] },
    files: ['mixed-types.ts'],
  }));
  await suite.check('official: npm install <tarball> @aws/durable-execution-sdk-js@2.4 -testing@1.1.4 typescript', async () => {
    await npmInstall(dir, tarball, ['@aws/durable-execution-sdk-js@2.4', '@aws/durable-execution-sdk-js-testing@1.1.4', 'typescript@6', '@types/node@22', '@types/aws-lambda']);
  });
  await suite.check('official: run the official handler on our runner and ours on the official runner', async () => {
    const { stdout } = await mustRun(process.execPath, ['mixed-run.mjs'], { cwd: dir, timeoutMs: 120_000, env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } });
    const report = JSON.parse(stdout.trim().split('\n').at(-1));
    const expected = JSON.stringify({ ours: { status: 'SUCCEEDED', result: { doubled: 4 } }, official: { status: 'SUCCEEDED', result: { doubled: 6 } } });
    if (JSON.stringify(report) !== expected) throw new Error(`got ${JSON.stringify(report)}`);
  });
  await suite.check('official: mixed types (our handler as handlerFunction, theirs as our handler), strict', async () => {
    await mustRun('node_modules/.bin/tsc', ['-p', 'tsconfig.json'], { cwd: dir, timeoutMs: 180_000 });
  });
}
