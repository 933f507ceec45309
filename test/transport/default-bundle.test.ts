/**
 * What a fully bundled handler carries: without `config.client` the default transport brings
 * no AWS SDK code (the cold-start figure of `npm run bench -- --scenario cold-start` rests on it).
 */
import { build } from 'esbuild';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');

const bundle = async (source: string): Promise<string> => {
  const result = await build({
    stdin: { contents: source, resolveDir: ROOT, loader: 'ts' },
    bundle: true,
    minify: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]?.text ?? '';
};

describe('a fully bundled handler (AWS SDK not external)', () => {
  it('without a client: no @aws-sdk / @smithy code, only the SDK-free transport', async () => {
    const text = await bundle(
      "import { withDurableExecution } from './src/index.ts';\n" +
        "export const handler = withDurableExecution(async (event, context) => context.step('one', async () => 1));\n",
    );
    expect(text.includes('aws4_request'), 'the SigV4 signer is in').toBe(true);
    // Markers of AWS SDK code (booleans, so that a failure does not print the whole bundle).
    for (const marker of ['smithy', 'LambdaServiceException', 'middlewareStack', 'resolveMiddleware', 'serializeAws_']) {
      expect(text.includes(marker), marker).toBe(false);
    }
    // The only trace of the AWS SDK is the module name the deprecated `config.client` path imports at run time.
    expect([...new Set(text.match(/@aws-sdk\/[a-z-]+/g))]).toEqual(['@aws-sdk/client-lambda']);
    expect(text.length).toBeLessThan(150 * 1024);
  });

  it('with DurableExecutionApiClient chosen explicitly: the AWS SDK is bundled, as the user asked', async () => {
    const text = await bundle(
      "import { LambdaClient } from '@aws-sdk/client-lambda';\n" +
        "import { DurableExecutionApiClient, withDurableExecution } from './src/index.ts';\n" +
        'export const handler = withDurableExecution(async (event, context) => 1, ' +
        '{ durableExecutionClient: new DurableExecutionApiClient(new LambdaClient({})) });\n',
    );
    expect(text.includes('middlewareStack'), 'AWS SDK code is in').toBe(true);
    expect(text.length).toBeGreaterThan(300 * 1024);
  });
});
