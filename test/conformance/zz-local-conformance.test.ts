// Runs every public conformance requirement on the local service: with the official SDK (this
// measures the emulator) and with ours for the suites whose operations our SDK implements.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMismatch } from '../../src/conformance/check.js';
import { loadRequirements } from '../../src/conformance/load.js';
import { findHandlerFile, type HarnessSdk } from '../../src/conformance/harness-bundle.js';
import { prepareConformance, type PreparedConformance, type RequirementResult } from '../../src/conformance/harness-run.js';

const REQUIREMENTS = fileURLToPath(new URL('file:///work/shared/conformance/requirements'));
const HANDLERS = fileURLToPath(new URL('./handlers', import.meta.url));
const requirements = await loadRequirements([REQUIREMENTS]);

/** Suites whose operations our SDK implements: all of them (the coverage test checks it). */
const OUR_SDK_SUITES = new Set(['step', 'wait', 'child', 'callback', 'map', 'parallel']);

const explain = (result: RequirementResult): string =>
  result.mismatch ? formatMismatch(result.mismatch) : (result.failure ?? 'passed');

function conformanceSuite(sdk: HarnessSdk, ids: string[]): void {
  describe(`conformance with --sdk ${sdk}`, () => {
    let suite: PreparedConformance;
    beforeAll(async () => {
      suite = await prepareConformance({ requirementDirs: [REQUIREMENTS], handlersDir: HANDLERS, sdk, only: ids });
    }, 120_000);
    afterAll(async () => {
      await suite.close();
    });

    it.concurrent.each(ids)('%s', async (id) => {
      const result = await suite.run(id);
      expect({ id: result.id, passed: result.passed, failure: explain(result) }).toEqual({ id, passed: true, failure: 'passed' });
    }, 90_000);
  });
}

const allIds = requirements.map((r) => r.id);
conformanceSuite('official', allIds);
conformanceSuite(
  'ours',
  requirements.filter((r) => OUR_SDK_SUITES.has(r.suite)).map((r) => r.id),
);

describe('conformance coverage', () => {
  it('has a handler for every requirement and every suite is run with both SDKs', () => {
    const missing = allIds.filter((id) => findHandlerFile(HANDLERS, id) === undefined);
    expect(missing).toEqual([]);
    const suites = new Set(requirements.map((r) => r.suite));
    expect([...suites].sort()).toEqual(['callback', 'child', 'map', 'parallel', 'step', 'wait']);
    for (const suite of suites) expect(OUR_SDK_SUITES.has(suite)).toBe(true);
  });
});
