import { describe, expect, it } from 'vitest';
import { prepareConformance } from '../../src/conformance/harness-run.js';

const REQUIREMENTS = '../shared/conformance/requirements';

describe('conformance harness (official SDK on the local service)', () => {
  it('runs crash, heartbeat, timeout and hour-long-wait requirements in virtual time', async () => {
    const suite = await prepareConformance({
      requirementDirs: [REQUIREMENTS],
      handlersDir: 'test/conformance/handlers',
      sdk: 'official',
      only: ['1-17', '3-12', '4-4', '4-5', '4-11', '2-5', '1-11'],
    });
    expect(suite.requirements.map((r) => r.id).sort()).toEqual(['1-11', '1-17', '2-5', '3-12', '4-11', '4-4', '4-5']);
    const started = Date.now();
    const results = await Promise.all(suite.requirements.map((r) => suite.run(r.id)));
    for (const result of results) expect({ id: result.id, failure: result.failure }).toEqual({ id: result.id, failure: undefined });
    expect(Date.now() - started).toBeLessThan(30_000);
    await suite.close();
  });

  it('reports a missing handler file as a failure', async () => {
    const suite = await prepareConformance({
      requirementDirs: [`${REQUIREMENTS}/wait`],
      handlersDir: 'test/testing',
      sdk: 'official',
      only: ['2-1'],
    });
    const result = await suite.run('2-1');
    expect(result.passed).toBe(false);
    expect(result.failure).toMatch(/no handler file 2-1/);
    await suite.close();
  });
});
