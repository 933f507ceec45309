import { describe, expect, it } from 'vitest';
import { runCliProcess } from './spawn-cli.js';

// Through the real bin: an error is exactly one line on stderr and a non-zero exit status.
describe('durable-lambda bin on bad input', () => {
  it.each([
    [['frobnicate'], 2, /^durable-lambda: unknown command "frobnicate" \(commands: init, run, serve, history, callback, decode, replay, conformance, console\)$/],
    [['callback', 'succeed'], 2, /^durable-lambda callback: give the callback id/],
    [['run', 'test/testing/fixtures/http-handler.ts', '--input', '{"name":'], 2, /^durable-lambda run: --input is not valid JSON: /],
    [['history', 'arn:x', '--url', 'http://127.0.0.1:9'], 1, /^durable-lambda history: cannot reach the durable-execution service at http:\/\/127\.0\.0\.1:9 \(ECONNREFUSED\)/],
  ])('%j exits %i with one line', async (args, code, message) => {
    const run = await runCliProcess(args);
    expect(run.code).toBe(code);
    expect(run.stdout).toBe('');
    expect(run.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(message)]);
  }, 30_000);
});
