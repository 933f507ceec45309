/**
 * Randomized fault test: executions of the mixed workflow (every other one with pipelined
 * checkpoints) with faults at seeded random points must end exactly like their fault-free runs. FAULT_SEED replays a plan; FAULT_EXECUTIONS
 * sets the number of executions (`npm run soak` runs a longer plan).
 */
import { describe, expect, it } from 'vitest';
import { FAULT_KINDS, randomFaults } from '../support/fault-injection.js';
import { inputFor } from './mixed-workflow.js';
import { runWorkflows } from './run-workflows.js';

const SEED = Number(process.env.FAULT_SEED ?? 20261201);
const EXECUTIONS = Number(process.env.FAULT_EXECUTIONS ?? 200);

describe(`randomized faults (seed ${SEED}, ${EXECUTIONS} executions; replay with FAULT_SEED=${SEED})`, () => {
  it('every execution ends with its fault-free result, operations and history; at-most-once steps never run twice', async () => {
    const inputs = Array.from({ length: EXECUTIONS }, (_, i) => inputFor(i, SEED));
    const pipelinedNames = new Set(inputs.filter((i) => i.pipelined).map((i) => i.name));
    const reference = await runWorkflows({ inputs });
    const faulty = await runWorkflows({ inputs, policy: randomFaults({ seed: SEED, callRate: 0.12, doubleRate: 0.06, maxPerExecution: 4 }) });

    const where = `(seed ${SEED}; replay with FAULT_SEED=${SEED})`;
    const mismatches: string[] = [];
    let interrupted = 0;
    let invocations = 0;
    for (const input of inputs) {
      const expected = reference.outcomes.get(input.name);
      const actual = faulty.outcomes.get(input.name);
      if (!expected || !actual) {
        mismatches.push(`${input.name}: missing outcome`);
        continue;
      }
      invocations += actual.invocations;
      interrupted += actual.history.interrupted.length;
      if (expected.status !== 'SUCCEEDED') mismatches.push(`${input.name}: fault-free run ended ${expected.status} ${expected.error ?? ''}`);
      if (actual.status !== expected.status || actual.result !== expected.result) {
        mismatches.push(`${input.name}: ${actual.status} ${actual.result ?? actual.error ?? ''} != ${expected.status} ${expected.result ?? ''}`);
      }
      if (JSON.stringify(actual.operations) !== JSON.stringify(expected.operations)) mismatches.push(`${input.name}: operations differ`);
      if (JSON.stringify(actual.history.exact) !== JSON.stringify(expected.history.exact)) mismatches.push(`${input.name}: history differs`);
    }
    const injected = FAULT_KINDS.map((k) => `${k}=${faulty.faults.counts[k]}`).join(' ');
    console.log(
      `randomized faults ${where}: ${EXECUTIONS} executions, ${invocations} invocations, ${faulty.faults.total()} faults (${injected}); ` +
        `at-least-once re-runs=${faulty.ledger.atLeastOnceReruns()} (awaited ${faulty.ledger.atLeastOnceReruns((e) => !pipelinedNames.has(e))}, ` +
        `pipelined ${faulty.ledger.atLeastOnceReruns((e) => pipelinedNames.has(e))}), interrupted at-most-once attempts=${interrupted}, ` +
        `abandoned runs in crashed invocations=${faulty.ledger.abandonedRuns}`,
    );

    expect(mismatches, `mismatches ${where}`).toEqual([]);
    expect(faulty.ledger.atMostOnceViolations(), `at-most-once attempts that ran twice ${where}`).toEqual([]);
    expect(reference.ledger.atLeastOnceReruns(), 'a fault-free run re-runs nothing').toBe(0);
    // The plan really exercised every kind of fault.
    for (const kind of FAULT_KINDS) expect(faulty.faults.counts[kind], `${kind} injected ${where}`).toBeGreaterThan(0);
  }, 120_000);
});
