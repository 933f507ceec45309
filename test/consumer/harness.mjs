// The consumer suite's small framework: named checks with pass/fail counts, commands run with a
// time limit, and project folders (one per kind, reused between runs so npm's work is cached).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { clearTimeout, setTimeout } from 'node:timers';

/** Runs a command; resolves with its exit code and output (never rejects). */
export function sh(command, args, { cwd, timeoutMs = 180_000, env = {}, input } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => {
      stderr += `\n(killed after ${timeoutMs} ms)`;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (error) => (stderr += String(error)));
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(input ?? '');
  });
}

/** Throws with the command's output unless it exited 0. */
export async function mustRun(command, args, options) {
  const result = await sh(command, args, options);
  if (result.code !== 0) {
    const tail = `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-25).join('\n');
    throw new Error(`${command} ${args.join(' ')} exited ${result.code}:\n${tail}`);
  }
  return result;
}

/** A set of named checks; `check` never throws, failures are counted and printed. */
export function createSuite() {
  const results = [];
  return {
    results,
    async check(name, fn) {
      const started = Date.now();
      try {
        const note = await fn();
        results.push({ name, ok: true });
        console.log(`  ok   ${name}${note ? ` (${note})` : ''} ${Date.now() - started} ms`);
      } catch (error) {
        results.push({ name, ok: false, error: String(error?.message ?? error) });
        console.log(`  FAIL ${name}\n${String(error?.stack ?? error).replace(/^/gm, '       ')}`);
      }
    },
  };
}

/**
 * A project folder with the given package.json. Files from an earlier run are removed except
 * node_modules and package-lock.json, which npm then reuses.
 */
export function projectDir(root, kind, packageJson) {
  const dir = join(root, kind);
  mkdirSync(dir, { recursive: true });
  for (const name of readdirSync(dir)) if (name !== 'node_modules' && name !== 'package-lock.json') rmSync(join(dir, name), { recursive: true, force: true });
  if (packageJson) writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ private: true, ...packageJson }, null, 2)}\n`);
  return dir;
}

/** `npm install` of the tarball and `packages` (exact sets: what is not listed is pruned). */
export async function npmInstall(dir, tarball, packages = []) {
  const args = ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', tarball, ...packages];
  return mustRun('npm', args, { cwd: dir, timeoutMs: 300_000 });
}

/** True when `dir/node_modules/<pkg>` exists. */
export const installed = (dir, pkg) => existsSync(join(dir, 'node_modules', ...pkg.split('/'), 'package.json'));
