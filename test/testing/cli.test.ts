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
    expect(io.lines.join('\n')).toMatch(/serve .*\n.*conformance/s);
    for (const name of ['serve', 'conformance']) {
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
