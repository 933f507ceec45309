// Run inside a consumer project (`node load-report.mjs <esm|cjs> <specifier>`): loads one entry
// and prints, as JSON, the packages and Node built-ins that loading it pulled in, or the error.
// ESM loads are observed through a module resolve hook (Node >= 20.6), CJS ones through the
// require cache and Module._load.
import { register, createRequire } from 'node:module';
import Module from 'node:module';
import { MessageChannel } from 'node:worker_threads';

const [mode, specifier] = process.argv.slice(2);
const packages = new Set();
const builtins = new Set();
const note = (url) => {
  if (url.startsWith('node:')) builtins.add(url);
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (match) packages.add(match[1]);
};

const report = (outcome) => {
  console.log(JSON.stringify({ specifier, mode, ...outcome, packages: [...packages].sort(), builtins: [...builtins].sort() }));
};

try {
  if (mode === 'esm') {
    const { port1, port2 } = new MessageChannel();
    port1.on('message', note);
    port1.unref();
    const hooks = `
      let port;
      export function initialize(data) { port = data.port; }
      export async function resolve(specifier, context, next) {
        const result = await next(specifier, context);
        port.postMessage(result.url);
        return result;
      }`;
    register(`data:text/javascript,${encodeURIComponent(hooks)}`, { data: { port: port2 }, transferList: [port2] });
    await import(specifier);
    // Let the hook thread's last messages arrive.
    await new Promise((resolve) => setTimeout(resolve, 50));
  } else {
    const load = Module._load;
    Module._load = function (request, ...rest) {
      if (Module.isBuiltin(request)) builtins.add(request.startsWith('node:') ? request : `node:${request}`);
      return load.call(this, request, ...rest);
    };
    createRequire(`${process.cwd()}/index.js`)(specifier);
    for (const file of Object.keys(createRequire(import.meta.url).cache)) note(file);
  }
  report({ ok: true });
} catch (error) {
  report({ ok: false, code: error?.code, message: String(error?.message ?? error) });
}
