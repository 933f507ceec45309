import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/command.js';
import { runCli } from '../../src/cli/main.js';

const capture = (): CliIo & { lines: string[]; errors: string[] } => {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, out: (l) => lines.push(l), err: (l) => errors.push(l) };
};

describe('durable-lambda CLI', () => {
  it('lists commands and shows --help for each', async () => {
    const io = capture();
    expect(await runCli(['--help'], io)).toBe(0);
    expect(io.lines.join('\n')).toMatch(/run .*\n.*serve .*\n.*history .*\n.*callback .*\n.*decode .*\n.*conformance/s);
    for (const name of ['run', 'serve', 'history', 'callback', 'decode', 'conformance']) {
      const cmd = capture();
      expect(await runCli([name, '--help'], cmd)).toBe(0);
      expect(cmd.lines[0]).toMatch(new RegExp(`^Usage: durable-lambda ${name}`));
    }
  });

  it('reports bad input as one line with a non-zero exit', async () => {
    const cases: [string[], RegExp][] = [
      [['nope'], /unknown command "nope"/],
      [['conformance'], /give at least one requirements directory/],
      [['conformance', 'test/testing'], /--handlers <dir> is required/],
      [['conformance', 'no/such/dir', '--handlers', 'test'], /not a directory: no\/such\/dir/],
      [['conformance', 'test/testing', '--handlers', 'test', '--sdk', 'other'], /--sdk must be/],
      [['conformance', 'test/testing', '--bogus'], /Unknown option '--bogus'/],
      [['serve', '--port', 'x'], /--port must be a non-negative integer/],
      [['serve', '--function', 'bad spec'], /--function must look like/],
      [['run'], /^durable-lambda run: give the handler module/],
      [['run', 'no/such/handler.ts'], /handler module not found: no\/such\/handler\.ts/],
      [['run', 'test/testing/fixtures/http-handler.ts', '--input', '{bad'], /run: --input is not valid JSON/],
      [['run', 'test/testing/fixtures/http-handler.ts', '--input', '@no/such.json'], /cannot read --input file no\/such\.json: no such file/],
      [['run', 'test/testing/fixtures/http-handler.ts', '--callback-result', 'yes'], /--callback-result is not valid JSON.*a string must be quoted/],
      [['run', 'test/testing/fixtures/http-handler.ts', '--callback-delay', 'soon'], /--callback-delay must be a non-negative number/],
      [['run', 'test/testing/fixtures/http-handler.ts#nope'], /http-handler\.ts has no function export "nope" \(exports: handler\)/],
      [['history'], /history: give the execution ARN/],
      [['history', 'arn', '--url', 'ftp://x'], /--url must be an http\(s\) URL/],
      [['callback'], /callback: give an action: succeed, fail or heartbeat/],
      [['callback', 'approve', 'id'], /unknown action "approve"/],
      [['callback', 'succeed'], /give the callback id/],
      [['callback', 'succeed', 'id', '--result', '{"a":'], /--result is not valid JSON/],
      [['callback', 'heartbeat', 'id', '--result', '1'], /--result only goes with succeed/],
      [['callback', 'succeed', 'id', '--error-type', 'X'], /--error-type only goes with fail/],
      [['decode'], /decode: give a payload/],
      [['decode', '--history', '@no/such.json'], /cannot read --history file/],
      [['decode', '--history', '@package.json'], /--history file must be the output of "durable-lambda history --json"/],
      [['decode', '{"$dl":1,"f":"json","t":"1"}', '--key-file', 'no/such.key'], /Local key file no\/such\.key does not exist/],
      [['decode', '{"$dl":2}'], /unknown envelope version 2/],
    ];
    for (const [argv, message] of cases) {
      const io = capture();
      expect(await runCli(argv, io)).not.toBe(0);
      expect(io.errors).toHaveLength(1);
      expect(io.errors[0]).toMatch(message);
    }
  });

  it('runs a conformance suite, prints one line per requirement and the closing line, writes --json', async () => {
    const io = capture();
    const code = await runCli([
      'conformance', '../shared/conformance/requirements/wait', '--handlers', 'test/conformance/handlers',
      '--sdk', 'official', '--json', '.tmp/cli-test/wait.json',
    ], io);
    expect(io.lines.filter((l) => /^PASSED 2-\d \[wait\]/.test(l))).toHaveLength(5);
    expect(io.lines.at(-1)).toBe('5 passed, 0 failed');
    expect(code).toBe(0);
    const report = JSON.parse(await readFile('.tmp/cli-test/wait.json', 'utf8'));
    expect(report).toMatchObject({ sdk: 'official', passed: 5, failed: 0 });
    expect(report.results.map((r: { id: string }) => r.id)).toEqual(['2-1', '2-2', '2-3', '2-4', '2-5']);
  });
});
