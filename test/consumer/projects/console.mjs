// The console from the installed package, in the starter project (esbuild for the TypeScript
// handler; no @aws-sdk/client-lambda): `serve` serves the page and its bundled assets, and the
// console's API starts an execution and follows it to the end over plain HTTP. The CJS build
// (`require('durable-lambda/testing').startConsoleServer`) finds the same assets.
import { spawn } from 'node:child_process';
import { clearTimeout, setTimeout } from 'node:timers';
import { join } from 'node:path';
import { installed, mustRun } from '../harness.mjs';

/** Starts `durable-lambda serve` in `dir`; resolves once it printed its console URL. */
const startServe = (dir) =>
  new Promise((resolve, reject) => {
    const child = spawn(join(dir, 'node_modules', '.bin', 'durable-lambda'), ['serve', '--in-memory', '--port', '0', '--function', 'orders=src/handler.ts'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`serve printed no console URL in 60 s:\n${output}`));
    }, 60_000);
    const read = (chunk) => {
      output += chunk;
      const match = /durable console: (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, consoleUrl: match[1], output });
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited ${code}:\n${output}`));
    });
  });

const fetchOk = async (url, init) => {
  const response = await globalThis.fetch(url, init);
  if (response.status !== 200) throw new Error(`${init?.method ?? 'GET'} ${url}: ${response.status} ${await response.text()}`);
  return response;
};

export async function consoleProject({ suite, appDir }) {
  await suite.check('console: serve (no @aws-sdk/client-lambda) serves the page, its assets, and runs an execution from the API', async () => {
    if (installed(appDir, '@aws-sdk/client-lambda')) throw new Error('the starter installed @aws-sdk/client-lambda: this check is about its absence');
    const { child, consoleUrl } = await startServe(appDir);
    try {
      const origin = new URL(consoleUrl).origin;
      const token = new URL(consoleUrl).hash.replace(/^#token=/, '');
      const page = await (await fetchOk(`${origin}/`)).text();
      if (!page.includes('/assets/console.js')) throw new Error(`the page does not load its script:\n${page.slice(0, 300)}`);
      const script = await (await fetchOk(`${origin}/assets/console.js`)).text();
      const style = await (await fetchOk(`${origin}/assets/console.css`)).text();
      if (script.length < 10_000 || style.length < 500) throw new Error(`assets too small: script ${script.length}, style ${style.length}`);
      const info = await (await fetchOk(`${origin}/api/info`)).json();
      if (!info.functions.some((f) => f.name === 'orders')) throw new Error(`no "orders" function: ${JSON.stringify(info)}`);
      const started = await fetchOk(`${origin}/api/start`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-console-token': token },
        body: JSON.stringify({ function: 'orders', input: '{"orderId":"o-9","amount":3}', name: 'consumer-console' }),
      });
      const { arn } = await started.json();
      const deadline = Date.now() + 30_000;
      for (;;) {
        const view = await (await fetchOk(`${origin}/api/execution?arn=${encodeURIComponent(arn)}`)).json();
        if (view.status === 'SUCCEEDED') return `script ${script.length} bytes; execution ${view.operations.length} operations, SUCCEEDED`;
        if (view.status !== 'RUNNING') throw new Error(`the execution ended ${view.status}`);
        if (Date.now() > deadline) throw new Error('the execution did not finish in 30 s');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } finally {
      child.kill('SIGINT');
    }
  });
  await suite.check('console: require(\'durable-lambda/testing\').startConsoleServer serves the bundled assets', async () => {
    const script = [
      "const { startConsoleServer } = require('durable-lambda/testing');",
      "startConsoleServer({ target: { endpoint: 'http://127.0.0.1:9' }, port: 0 }).then(async (running) => {",
      "  const response = await fetch(new URL('/assets/console.js', running.url));",
      '  const text = await response.text();',
      '  await running.close();',
      "  if (response.status !== 200 || text.length < 10000) { console.error(response.status, text.slice(0, 200)); process.exit(1); }",
      '  console.log(text.length);',
      '});',
    ].join('\n');
    const { stdout } = await mustRun(process.execPath, ['-e', script], { cwd: appDir, timeoutMs: 60_000 });
    return `script ${stdout.trim()} bytes`;
  });
}
