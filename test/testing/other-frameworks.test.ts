import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const env = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };

describe('DurableTestRunner outside vitest', () => {
  it('passes under node:test', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=tap', 'test/testing/fixtures/node-test-suite.mts'], {
      encoding: 'utf8',
      env,
      timeout: 60_000,
    });
    expect(run.stdout).toMatch(/ok \d+ - the order workflow under node:test/);
    expect(run.stdout).toMatch(/# pass 2/);
    expect(run.stdout).toMatch(/# fail 0/);
    expect(run.status).toBe(0);
  }, 60_000);

  it('passes under Jest, with the matchers and the replay check (test/jest)', () => {
    const run = spawnSync(process.execPath, ['node_modules/jest/bin/jest.js', '--config', 'test/jest/jest.config.cjs', '--ci', '--verbose'], {
      encoding: 'utf8',
      env,
      timeout: 120_000,
    });
    // Jest writes its report to stderr.
    expect(run.stderr).toMatch(/✓ runs an hour-long wait and a callback in virtual time/);
    expect(run.stderr).toMatch(/✓ reports a failed execution through toHaveFailedWith/);
    expect(run.stderr).toMatch(/✓ runs the order workflow with default options, answering the approval by name after 50 ms/);
    expect(run.stderr).toMatch(/✓ runs the order workflow with a callbacks map and no test code/);
    expect(run.stderr).toMatch(/✓ prints history failures as Jest diffs/);
    // The test's own console line is attributed to the test file, not to the log capture
    // (Jest prints console output on stdout when it is piped).
    expect(run.stdout + run.stderr).toMatch(/console\.log\n\s+a line from the jest test itself\n\n\s+at Object\.<anonymous> \(testing-fit\.jest\.ts:\d+:\d+\)/);
    expect(run.stdout + run.stderr).not.toMatch(/log-capture/);
    expect(run.stderr).toMatch(/Tests: {7}6 passed, 6 total/);
    expect(run.status).toBe(0);
  }, 120_000);
});
