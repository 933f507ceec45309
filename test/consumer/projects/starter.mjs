// The starter: `durable-lambda init app` from the bare project's install, then in app/ the
// tarball installed, and `npm test`, `npm run build` and `npm start` as the README says.
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { mustRun, npmInstall, projectDir } from '../harness.mjs';

export async function starterProject({ suite, root, tarball, bareDir }) {
  const dir = projectDir(root, 'starter');
  const app = join(dir, 'app');
  for (const name of ['src', 'test', 'events', 'dist', 'template.yaml', 'tsconfig.json', 'esbuild.config.mjs', '.gitignore', 'README.md', 'package.json']) rmSync(join(app, name), { recursive: true, force: true });
  await suite.check('starter: durable-lambda init app', async () => {
    await mustRun(join(bareDir, 'node_modules', '.bin', 'durable-lambda'), ['init', 'app'], { cwd: dir, timeoutMs: 60_000 });
    for (const file of ['src/handler.ts', 'test/handler.test.ts', 'tsconfig.json', 'esbuild.config.mjs', 'template.yaml', 'package.json']) {
      if (!existsSync(join(app, file))) throw new Error(`init wrote no ${file}`);
    }
  });
  await suite.check('starter: npm install (the tarball for durable-lambda)', async () => {
    await npmInstall(app, tarball);
  });
  for (const script of ['test', 'run build', 'start']) {
    await suite.check(`starter: npm ${script}`, async () => {
      await mustRun('npm', script.split(' '), { cwd: app, timeoutMs: 180_000 });
      if (script === 'run build' && !existsSync(join(app, 'dist', 'handler.mjs'))) throw new Error('no dist/handler.mjs');
    });
  }
}
