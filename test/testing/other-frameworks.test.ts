import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('DurableTestRunner outside vitest', () => {
  it('passes under node:test', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--test', 'test/testing/fixtures/node-test-suite.mts'], {
      encoding: 'utf8',
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      timeout: 60_000,
    });
    expect(run.stdout).toMatch(/# pass 1/);
    expect(run.stdout).toMatch(/# fail 0/);
    expect(run.status).toBe(0);
  }, 60_000);
});
