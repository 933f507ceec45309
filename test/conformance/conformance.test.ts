// Runs every public conformance requirement on the local service: with the official SDK (this
// measures the emulator) and with ours for the suites whose operations our SDK implements.
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMismatch } from '../../src/testing/conformance-check.js';
import { loadRequirements } from '../../src/testing/conformance-load.js';
import { bundleHandlers, findHandlerFile, type HarnessSdk } from '../../src/testing/harness-bundle.js';
import { prepareConformance, type PreparedConformance, type RequirementResult } from '../../src/testing/harness-run.js';
import { DurableExecutionService } from '../../src/testing/service.js';
import { WorkerPool } from '../../src/testing/worker-invoker.js';

const REQUIREMENTS = fileURLToPath(new URL('../../../shared/conformance/requirements', import.meta.url));
const HANDLERS = fileURLToPath(new URL('./handlers', import.meta.url));
const requirements = await loadRequirements([REQUIREMENTS]);

/**
 * Suites whose operations our SDK implements. The guard at the end fails as soon as another
 * suite's operation stops reporting "not implemented", so this list cannot silently lag behind.
 */
const OUR_SDK_SUITES = new Set(['step', 'wait', 'child', 'callback']);
/** One requirement per suite our SDK does not run yet, used by the guard. */
const NOT_YET_PROBES: Record<string, string> = { parallel: '8-2', map: '9-2' };

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
  it('has a handler for every requirement and every suite is run with some SDK', () => {
    const missing = allIds.filter((id) => findHandlerFile(HANDLERS, id) === undefined);
    expect(missing).toEqual([]);
    const suites = new Set(requirements.map((r) => r.suite));
    expect([...suites].sort()).toEqual(['callback', 'child', 'map', 'parallel', 'step', 'wait']);
    for (const suite of suites) expect(OUR_SDK_SUITES.has(suite) || suite in NOT_YET_PROBES).toBe(true);
  });

  it.each(Object.entries(NOT_YET_PROBES))(
    'our SDK still reports %s as not implemented (else add the suite to OUR_SDK_SUITES)',
    async (_suite, id) => {
      const file = findHandlerFile(HANDLERS, id);
      expect(file).toBeDefined();
      const { outDir, bundles } = await bundleHandlers({ files: { [id]: file ?? '' }, sdk: 'ours' });
      const pool = new WorkerPool({ modulePath: bundles[id] ?? '', exportPath: ['handler'] });
      try {
        const service = new DurableExecutionService();
        service.registerFunction({ name: 'handler', invoker: pool.invoker });
        const arn = service.startExecution({ functionName: 'handler' });
        const done = await service.waitForCompletion(arn);
        expect(done.Status).toBe('FAILED');
        const failed = service.history(arn).find((event) => event.EventType === 'ExecutionFailed');
        expect(failed?.ExecutionFailedDetails?.Error?.Payload?.ErrorMessage).toMatch(/is not implemented yet in durable-lambda/);
      } finally {
        await pool.close();
        await rm(outDir, { recursive: true, force: true });
      }
    },
    60_000,
  );
});
