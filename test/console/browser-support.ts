// Shared parts of the console's browser tests: Debian's chromium through playwright-core (no
// browser download), and `durable-lambda serve` / `console` started as a user starts them.
import { type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startCli, waitForOutput } from '../cli/spawn-cli.js';

/** Debian's chromium (`apt-get install chromium`; `.ci/run` installs it). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const launchBrowser = (): Promise<Browser> =>
  chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] });

/** A started CLI process and what it printed. */
export interface Started {
  child: ChildProcessWithoutNullStreams;
  /** The Lambda API URL (serve) or the console URL with its token. */
  url: string;
  consoleUrl?: string;
  stop(): Promise<void>;
}

const stopper = (child: ChildProcessWithoutNullStreams) => async (): Promise<void> => {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
};

/** `durable-lambda serve` with the given arguments; resolves once it prints its console URL. */
export const startServe = async (args: string[], env: Record<string, string> = {}): Promise<Started> => {
  const storage = args.includes('--data-dir') ? [] : ['--in-memory']; // parallel serves must not share the default data directory
  const child = startCli(['serve', '--port', '0', ...storage, ...args], env);
  const [, consoleUrl] = await waitForOutput(child, /durable console: (http:\/\/\S+)/, 60_000);
  const url = /^(http:\/\/[^/]+)/.exec(consoleUrl ?? '')?.[1] ?? '';
  return { child, url, ...(consoleUrl !== undefined ? { consoleUrl } : {}), stop: stopper(child) };
};

/** `durable-lambda console` with the given arguments; resolves with the URL it prints. */
export const startConsoleCli = async (args: string[], env: Record<string, string> = {}): Promise<Started> => {
  const child = startCli(['console', '--port', '0', ...args], env);
  const [, url] = await waitForOutput(child, /open (http:\/\/\S+)/, 60_000);
  return { child, url: url ?? '', consoleUrl: url ?? '', stop: stopper(child) };
};

/** Runs axe-core in the page and returns its violations (id and the nodes' targets). */
export const axeViolations = async (page: Page): Promise<{ id: string; impact?: string | null; targets: string[] }[]> => {
  const source = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  // Evaluated through the DevTools protocol: the page's CSP (script-src 'self') stays on.
  await page.evaluate(source);
  return page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: { id: string; impact?: string | null; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const result = await axe.run((globalThis as unknown as { document: unknown }).document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => n.target.join(' ')) }));
  });
};
