// The three variants of the official-API suite are generated from one source and differ only in
// their import lines; this keeps the committed files in step with the source.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (file: string): string[] => readFileSync(`test/official-suite/${file}`, 'utf8').split('\n');

describe('official-API suite variants', () => {
  it('are up to date with suite.source.ts', () => {
    const check = spawnSync(process.execPath, ['scripts/gen-official-suite.mjs', '--check'], { encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });

  it('differ only in the SDK and runner import lines', () => {
    const official = read('official-sdk.official-runner.test.ts');
    const ourSdk = read('our-sdk.official-runner.test.ts');
    const ours = read('durable-lambda.test.ts');
    const differing = (a: string[], b: string[]): string[] => a.filter((line, i) => line !== b[i]);
    expect(official).toHaveLength(ours.length);
    expect(differing(official, ourSdk)).toEqual([expect.stringContaining("from '@aws/durable-execution-sdk-js';")]);
    expect(differing(ourSdk, ours)).toEqual([expect.stringContaining("from '@aws/durable-execution-sdk-js-testing';")]);
    expect(differing(ours, official)).toEqual([
      expect.stringContaining("from 'durable-lambda';"),
      expect.stringContaining("from 'durable-lambda/testing';"),
    ]);
  });
});
