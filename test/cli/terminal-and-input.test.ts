/**
 * Issue 19 findings 13 and 16: human-readable CLI output escapes control characters from
 * untrusted input, and `@file` arguments are read with a cap. Each test failed before the fix.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { escapeControl } from '../../src/cli/terminal-text.js';

const capture = async (argv: string[]): Promise<{ code: number; out: string; err: string }> => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
};
// eslint-disable-next-line no-control-regex -- what must not reach the terminal
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

let dir: string;
beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'cli-harden-')); });
afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

describe('finding 13: no escape sequences from untrusted input reach the terminal', () => {
  it('decode escapes them in envelope fields it prints (a key id)', async () => {
    const envelope = JSON.stringify({ $dl: 1, f: 'json', e: { k: '\u001b]0;pwned\u0007\u001b[2J', w: 'AA==', i: 'AA==' }, b: 'AA==' });
    const run = await capture(['decode', envelope, '--arn', 'arn:aws:lambda:us-east-1:123456789012:function:fn:$LATEST/durable-execution/e/1', '--operation-id', '1']);
    expect(run.code).not.toBe(0);
    expect(run.err).toContain('pwned');
    expect(`${run.out}\n${run.err}`).not.toMatch(RAW_CONTROL);
  });

  it('decode --history escapes event names and values', async () => {
    const history = {
      DurableExecutionArn: 'arn:aws:lambda:us-east-1:123456789012:function:fn:$LATEST/durable-execution/e/1',
      Events: [
        { EventType: 'ExecutionStarted', EventId: 1, Id: 'exec', ExecutionStartedDetails: { Input: { Payload: '{"x":"\\u001b[31mred"}' } } },
        { EventType: 'StepSucceeded', EventId: 2, Id: 'c4ca4238a0b92382', Name: 'evil\u001b[2J\u001b[Hname', StepSucceededDetails: { Result: { Payload: '"\\u009b31m"' } } },
      ],
    };
    await writeFile(join(dir, 'h.json'), JSON.stringify(history));
    const run = await capture(['decode', '--history', `@${join(dir, 'h.json')}`]);
    expect(run.out).toContain('evil');
    expect(`${run.out}\n${run.err}`).not.toMatch(RAW_CONTROL);
  });

  it('escapeControl keeps line breaks and tabs, escapes the rest', () => {
    expect(escapeControl('a\n\tb\u001b[0m\u0007\u009b\u202e')).toBe('a\n\tb\\x1b[0m\\x07\\x9b\\u202e');
  });
});

describe('finding 16: @file inputs are capped', () => {
  it('decode @/dev/zero ends with a clear error instead of hanging', async () => {
    const started = Date.now();
    const run = await capture(['decode', '@/dev/zero']);
    expect(run.code).not.toBe(0);
    expect(run.err).toMatch(/larger than 67108864 bytes/);
    expect(Date.now() - started).toBeLessThan(5_000);
  }, 15_000);
});
