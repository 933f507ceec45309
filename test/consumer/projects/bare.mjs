// The bare project: the tarball and nothing else. Every entry point of the exports map loads
// with import and (where offered) require; entries with optional peers fail naming the peer;
// every CLI command, listed by the CLI itself, answers --help.
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mustRun, npmInstall, projectDir, sh } from '../harness.mjs';
import { peersOf } from '../entry-peers.mjs';

/** Entry points from the installed package's exports map (so new ones are covered at once). */
export function installedEntries(dir) {
  const pkg = JSON.parse(readFileSync(join(dir, 'node_modules', 'durable-lambda', 'package.json'), 'utf8'));
  return Object.entries(pkg.exports)
    .filter(([, target]) => typeof target === 'object' && target !== null)
    .map(([subpath, target]) => ({
      specifier: subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`,
      esm: Boolean(target.import),
      // `default` without `require` is the ESM build, which require() loads on Node >= 20.19.
      cjs: Boolean(target.require ?? target.default),
    }));
}

/** Command names from `durable-lambda --help` ("Commands:" section, one per line). */
export function commandNames(helpText) {
  const lines = helpText.split('\n');
  const start = lines.findIndex((line) => line.trim() === 'Commands:');
  if (start < 0) throw new Error(`no "Commands:" section in --help:\n${helpText}`);
  const names = [];
  for (const line of lines.slice(start + 1)) {
    const match = /^ {2}([a-z][a-z0-9-]*)\s{2,}\S/.exec(line);
    if (!match) break;
    names.push(match[1]);
  }
  if (names.length === 0) throw new Error('the CLI listed no commands');
  return names;
}

const loadEntry = async (dir, mode, specifier) => {
  const { stdout, stderr } = await sh(process.execPath, ['load-report.mjs', mode, specifier], { cwd: dir, timeoutMs: 60_000 });
  const line = stdout.trim().split('\n').at(-1) ?? '';
  try {
    return JSON.parse(line);
  } catch {
    throw new Error(`load-report printed no report: ${stdout}\n${stderr}`);
  }
};

export async function bareProject({ suite, root, tarball, loads }) {
  const dir = projectDir(root, 'bare', { name: 'consumer-bare' });
  await suite.check('bare: npm install <tarball> (no other package)', async () => {
    await npmInstall(dir, tarball);
    copyFileSync(new URL('../load-report.mjs', import.meta.url), join(dir, 'load-report.mjs'));
  });
  const entries = installedEntries(dir);
  for (const entry of entries) {
    for (const mode of ['esm', 'cjs']) {
      const offered = mode === 'esm' ? entry.esm : entry.cjs;
      const peers = peersOf(entry.specifier);
      await suite.check(`bare: ${mode === 'esm' ? 'import' : 'require'}('${entry.specifier}')`, async () => {
        const report = await loadEntry(dir, mode, entry.specifier);
        if (!offered) {
          // The exports map keeps it from this loader: that must be Node's clear refusal.
          if (report.ok || report.code !== 'ERR_PACKAGE_PATH_NOT_EXPORTED') throw new Error(`expected ERR_PACKAGE_PATH_NOT_EXPORTED, got ${JSON.stringify(report)}`);
          return 'not offered by the exports map';
        }
        if (peers.length > 0) {
          if (report.ok) throw new Error(`loaded without its peers ${peers.join(', ')}: list it as loading bare in entry-peers.mjs`);
          if (!peers.some((peer) => report.message.includes(peer))) throw new Error(`the error does not name ${peers.join(' or ')}: ${report.message}`);
          return `fails naming ${peers.join(', ')}`;
        }
        if (!report.ok) throw new Error(`${report.code ?? ''} ${report.message}`);
        const others = report.packages.filter((name) => name !== 'durable-lambda');
        if (others.length > 0) throw new Error(`loaded packages a bare install lacks: ${others.join(', ')}`);
        loads.push({ entry: entry.specifier, mode, packages: report.packages, builtins: report.builtins.length });
        return `loads ${report.packages.join(', ')} + ${report.builtins.length} built-ins`;
      });
    }
  }
  // A feature whose optional peer is missing fails on use with one line naming the package.
  const features = [
    { peer: '@aws-sdk/client-kms', code: "const { createKmsKeyProvider } = await import('durable-lambda/kms'); await createKmsKeyProvider({ keyId: 'alias/k' }).generateDataKey();" },
    { peer: '@aws-sdk/client-s3', code: "const { createS3BlobStore } = await import('durable-lambda/s3'); await createS3BlobStore({ bucket: 'b' }).get('k');" },
    { peer: '@opentelemetry/api', code: "const { createOpenTelemetryPlugin } = await import('durable-lambda/otel'); await createOpenTelemetryPlugin().ready();" },
    { peer: 'esbuild', code: "const { bundleHandlers } = await import('durable-lambda/testing'); await bundleHandlers({ files: { h: 'h.ts' }, sdk: 'ours', outDir: 'out' });" },
  ];
  for (const feature of features) {
    await suite.check(`bare: a feature without ${feature.peer} fails in one line naming it`, async () => {
      const wrapped = `try { ${feature.code} console.log('no error'); } catch (error) { console.log(JSON.stringify(error.message)); }`;
      const { stdout } = await mustRun(process.execPath, ['--input-type=module', '-e', wrapped], { cwd: dir, timeoutMs: 60_000 });
      const message = JSON.parse(stdout.trim());
      if (message.includes('\n') || !message.includes(`npm install ${feature.peer}`)) throw new Error(`got: ${message}`);
      return message;
    });
  }
  const bin = join(dir, 'node_modules', '.bin', 'durable-lambda');
  let names = [];
  await suite.check('bare: durable-lambda --help lists the commands', async () => {
    const { stdout } = await mustRun(bin, ['--help'], { cwd: dir, timeoutMs: 60_000 });
    names = commandNames(stdout);
    return names.join(', ');
  });
  for (const name of names) {
    await suite.check(`bare: durable-lambda ${name} --help`, async () => {
      const { stdout, stderr } = await mustRun(bin, [name, '--help'], { cwd: dir, timeoutMs: 60_000 });
      if (!stdout.includes(`durable-lambda ${name}`)) throw new Error(`no usage line for ${name}: ${stdout}`);
      if (stderr.trim() !== '') throw new Error(`printed on stderr: ${stderr}`);
    });
  }
  return { dir, entries };
}
