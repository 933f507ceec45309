// The CJS build's stand-ins for the development servers and tools that `durable-lambda/testing`
// exports (the console, the conformance harness): CJS exists for require() and Jest, where
// handlers and their tests run, and these tools load the ESM build on first use instead of
// shipping a second copy (it keeps the package under its size budget). All of them are async
// or hand back async work, and none shares class instances with the caller's CJS objects.
// `mountConsole` returns its request listener at once; the console behind it loads on `attach`.

/** Source modules replaced in the CJS bundle, when imported by src/testing/index.ts. */
export const ESM_ON_DEMAND = /\/(console\/console-server|conformance\/harness-run|conformance\/harness-bundle)\.js$/;

const FORWARDERS = `
const load = (): Promise<Record<string, (...args: unknown[]) => any>> => import('../esm/testing.js');
export const startConsoleServer = async (...args: unknown[]) => (await load()).startConsoleServer(...args);
export const prepareConformance = async (...args: unknown[]) => (await load()).prepareConformance(...args);
export const runConformance = async (...args: unknown[]) => (await load()).runConformance(...args);
export const bundleHandlers = async (...args: unknown[]) => (await load()).bundleHandlers(...args);
export const mountConsole = (options: unknown) => {
  let mounted: { fallback: (req: any, res: any) => void; attach: (url: string) => Promise<unknown> } | undefined;
  return {
    fallback: (req: any, res: any) => {
      if (mounted) return mounted.fallback(req, res);
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('The console is starting.');
    },
    attach: async (url: string) => {
      mounted ??= (await load()).mountConsole(options);
      return mounted.attach(url);
    },
  };
};
`;

/** An esbuild plugin that puts the forwarders in place of ESM_ON_DEMAND's modules. */
export const esmOnDemand = {
  name: 'cjs-esm-on-demand',
  setup(build) {
    build.onResolve({ filter: ESM_ON_DEMAND }, (args) => (args.importer.endsWith('src/testing/index.ts') ? { path: args.path, namespace: 'esm-on-demand' } : undefined));
    build.onResolve({ filter: /^\.\.\/esm\/testing\.js$/ }, (args) => ({ path: args.path, external: true }));
    build.onLoad({ filter: /.*/, namespace: 'esm-on-demand' }, () => ({ contents: FORWARDERS, loader: 'ts', resolveDir: process.cwd() }));
  },
};
