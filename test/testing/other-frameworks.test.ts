import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const env = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };

describe('DurableTestRunner outside vitest', () => {
  it('passes under node:test', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--test', 'test/testing/fixtures/node-test-suite.mts'], {
      encoding: 'utf8',
      env,
      timeout: 60_000,
    });
    expect(run.stdout).toMatch(/# pass 1/);
    expect(run.stdout).toMatch(/# fail 0/);
    expect(run.status).toBe(0);
  }, 60_000);

  it('passes under Jest, with the matchers and the replay check (test/jest)', () => {
    const run = spawnSync(process.execPath, ['node_modules/jest/bin/jest.js', '--config', 'test/jest/jest.config.cjs', '--ci'], {
      encoding: 'utf8',
      env,
      timeout: 120_000,
    });
    // Jest writes its report to stderr.
    expect(run.stderr).toMatch(/✓ runs an hour-long wait and a callback in virtual time/);
    expect(run.stderr).toMatch(/✓ reports a failed execution through toHaveFailedWith/);
    expect(run.stderr).toMatch(/Tests: {7}2 passed, 2 total/);
    expect(run.status).toBe(0);
  }, 120_000);
});
