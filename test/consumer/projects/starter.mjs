// The starters: `durable-lambda init app [--iac cdk]` from the bare project's install, then in
// app/ the tarball installed, and `npm test`, `npm run build` and `npm start` as the README says.
// The CDK starter's `npm test` also synthesizes its stack (bundling skipped: offline).
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { mustRun, npmInstall, projectDir } from '../harness.mjs';
import { consoleProject } from './console.mjs';

const STARTERS = [
  { kind: 'starter', iac: 'sam', files: ['template.yaml'] },
  { kind: 'starter-cdk', iac: 'cdk', files: ['infra/app.ts', 'infra/stack.ts', 'test/stack.test.ts', 'cdk.json'] },
];

export async function starterProject({ suite, root, tarball, bareDir }) {
  for (const starter of STARTERS) {
    const label = starter.iac === 'sam' ? 'starter' : `starter (--iac ${starter.iac})`;
    const dir = projectDir(root, starter.kind);
    const app = join(dir, 'app');
    // Everything but node_modules and the lock file (reused between runs) is written anew.
    for (const name of ['src', 'test', 'events', 'dist', 'infra', 'cdk.json', 'cdk.out', 'template.yaml', 'tsconfig.json', 'esbuild.config.mjs', '.gitignore', 'README.md', 'package.json']) {
      rmSync(join(app, name), { recursive: true, force: true });
    }
    await suite.check(`${label}: durable-lambda init app --iac ${starter.iac}`, async () => {
      await mustRun(join(bareDir, 'node_modules', '.bin', 'durable-lambda'), ['init', 'app', '--iac', starter.iac], { cwd: dir, timeoutMs: 60_000 });
      for (const file of ['src/handler.ts', 'test/handler.test.ts', 'tsconfig.json', 'esbuild.config.mjs', 'package.json', ...starter.files]) {
        if (!existsSync(join(app, file))) throw new Error(`init wrote no ${file}`);
      }
    });
    await suite.check(`${label}: npm install (the tarball for durable-lambda)`, async () => {
      await npmInstall(app, tarball);
    });
    for (const script of ['test', 'run build', 'start']) {
      await suite.check(`${label}: npm ${script}`, async () => {
        await mustRun('npm', script.split(' '), { cwd: app, timeoutMs: 300_000 });
        if (script === 'run build' && !existsSync(join(app, 'dist', 'handler.mjs'))) throw new Error('no dist/handler.mjs');
      });
    }
    if (starter.iac === 'sam') await consoleProject({ suite, appDir: app });
  }
}
