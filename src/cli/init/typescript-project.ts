/**
 * The TypeScript project every `durable-lambda init` starter has: a durable handler, its test on
 * the local runner, tsconfig, an esbuild config that bundles the handler for Lambda, and the
 * package.json that ties them together. The deployment files come from an {@link IacTemplateSet}.
 */
import type { IacTemplateSet, StarterContext, StarterFile } from './starter-types.js';

/** Vitest 5 needs Node 22.12 or later; on an older Node the starter takes vitest 4. */
const vitestRange = (nodeVersion: string): string => {
  const [major = 0, minor = 0] = nodeVersion.split('.').map(Number);
  return major > 22 || (major === 22 && minor >= 12) ? '^5.0.0' : '^4.0.0';
};

const HANDLER = `import { withDurableExecution } from 'durable-lambda';

export interface OrderEvent {
  orderId: string;
  amount: number;
}

export interface OrderResult {
  orderId: string;
  chargeId: string;
  status: 'SHIPPED';
}

/**
 * A durable order workflow: each step's result is checkpointed, so a retry or a replay after
 * the wait never charges twice; the hour-long wait costs no compute.
 */
export const handler = withDurableExecution(async (event: OrderEvent, context): Promise<OrderResult> => {
  const chargeId = await context.step('charge', async () => \`ch_\${event.orderId}_\${event.amount}\`);
  await context.wait('cool-off', { hours: 1 });
  await context.step('ship', async () => {
    context.logger.info('shipping', { orderId: event.orderId });
  });
  return { orderId: event.orderId, chargeId, status: 'SHIPPED' };
});
`;

const HANDLER_TEST = `import { describe, expect, it } from 'vitest';
import { DurableTestRunner } from 'durable-lambda/testing';
import 'durable-lambda/testing/vitest';
import { handler } from '../src/handler.js';

describe('order workflow', () => {
  it('charges, waits an hour in virtual time, then ships', async () => {
    const runner = new DurableTestRunner({ handler });
    const result = await runner.run({ orderId: 'o-1', amount: 42 });
    expect(result).toHaveSucceededWith({ orderId: 'o-1', chargeId: 'ch_o-1_42', status: 'SHIPPED' });
  });

  it('records one charge, whatever the replays', async () => {
    const runner = new DurableTestRunner({ handler });
    const result = await runner.run({ orderId: 'o-2', amount: 7 });
    const charges = result.history.filter((event) => event.EventType === 'StepSucceeded' && event.Name === 'charge');
    expect(charges).toHaveLength(1);
  });
});
`;

const tsconfig = (folders: string[]): string => `{
  "compilerOptions": {
    "target": "ES2023",
    "module": "NodeNext",
    "moduleResolution": "NodeNext",
    "lib": ["ES2023"],
    "types": ["node"],
    "strict": true,
    "noUncheckedIndexedAccess": true,
    "skipLibCheck": false,
    "isolatedModules": true,
    "noEmit": true
  },
  "include": [${['src', 'test', ...folders].map((folder) => JSON.stringify(folder)).join(', ')}]
}
`;

const esbuildConfig = (context: StarterContext): string => `// Bundles the handler for the Lambda Node.js runtime: one ESM file with a source map; the
// runtime's AWS SDK v3 stays external. The deployment files bundle with the same settings.
import { build } from 'esbuild';

const result = await build({
  entryPoints: ['${context.handlerSource}'],
  outfile: '${context.bundleFile}',
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'esm',
  minify: true,
  sourcemap: true,
  external: ['@aws-sdk/*'],
  // ESM bundles still meet CommonJS dependencies that call require().
  banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  metafile: true,
  logLevel: 'warning',
});
for (const [file, output] of Object.entries(result.metafile.outputs)) {
  if (!file.endsWith('.map')) console.log(\`\${file}: \${(output.bytes / 1024).toFixed(1)} KiB\`);
}
`;

const gitignore = (extra: string[]): string => ['node_modules/', 'dist/', '.durable-lambda/', ...extra, ''].join('\n');

const readme = (context: StarterContext, iac: IacTemplateSet): string => `# ${context.projectName}

A durable AWS Lambda function in TypeScript, made with \`durable-lambda init\`.

- \`${context.handlerSource}\`: the workflow (steps are checkpointed; waits cost no compute).
- \`test/handler.test.ts\`: its test on durable-lambda's local runner, in virtual time.

\`\`\`sh
npm install
npm test        # type-check, then the tests on the local runner
npm start       # run one execution locally and print its timeline
npm run build   # bundle the handler into ${context.bundleFile}
\`\`\`

## Deploy

${iac.deployNotes(context).join('\n')}
`;

/**
 * The files of the TypeScript project, with the IaC template set's files and scripts merged in.
 *
 * @example
 * ```ts
 * const files = typescriptProjectFiles(context, samTemplateSet);
 * ```
 */
export const typescriptProjectFiles = (context: StarterContext, iac: IacTemplateSet, nodeVersion = process.versions.node): StarterFile[] => {
  const packageJson = {
    name: context.projectName,
    version: '0.1.0',
    private: true,
    type: 'module',
    engines: { node: '>=22' },
    scripts: {
      build: 'node esbuild.config.mjs',
      test: 'tsc --noEmit && vitest run',
      start: `durable-lambda run ${context.handlerSource} --input @events/order.json`,
      ...iac.scripts(context),
    },
    dependencies: { 'durable-lambda': context.durableLambdaRange },
    devDependencies: Object.fromEntries(
      Object.entries({
        '@types/node': '^22.0.0',
        esbuild: '^0.28.0',
        typescript: '^6.0.0',
        vitest: vitestRange(nodeVersion),
        ...iac.devDependencies,
      }).sort(([a], [b]) => a.localeCompare(b)),
    ),
  };
  return [
    { path: 'package.json', content: `${JSON.stringify(packageJson, null, 2)}\n` },
    { path: 'tsconfig.json', content: tsconfig(iac.typecheckedFolders ?? []) },
    { path: 'esbuild.config.mjs', content: esbuildConfig(context) },
    { path: context.handlerSource, content: HANDLER },
    { path: 'test/handler.test.ts', content: HANDLER_TEST },
    { path: 'events/order.json', content: '{ "orderId": "o-1", "amount": 42 }\n' },
    { path: '.gitignore', content: gitignore(iac.ignoredPaths ?? []) },
    { path: 'README.md', content: readme(context, iac) },
    ...iac.files(context),
  ];
};
