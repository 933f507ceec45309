/**
 * The replay gate over every example: each recorded execution replays clean against the code that
 * recorded it, and each change that matters to in-flight executions is reported as expected, on
 * our history JSON, on the AWS CLI's GetDurableExecutionHistory JSON and (unchanged code) on its
 * GetDurableExecutionState JSON.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replayHistory } from 'durable-lambda/testing';
import type { HistoryEvent } from '../../../src/protocol.js';
import { changes, type ExampleChange } from './changes.js';
import { examples, type ExampleCase, type Recording } from './record-examples.js';
import { asAwsCliHistory, asAwsCliState } from './aws-cli-shapes.js';

const recordings = new Map<string, Recording>();
const recording = (name: string): Recording => {
  const found = recordings.get(name);
  if (!found) throw new Error(`${name} was not recorded`);
  return found;
};
const variants: string[] = [];

beforeAll(async () => {
  for (const example of examples) recordings.set(example.name, await example.record());
}, 60_000);
afterAll(() => {
  for (const file of variants) rmSync(file, { force: true });
});

const exampleNamed = (name: string): ExampleCase => {
  const found = examples.find((example) => example.name === name);
  if (!found) throw new Error(`no example ${name}`);
  return found;
};

/** Writes the changed copy of the example beside it (so its relative imports resolve) and loads it. */
async function changedHandler(change: ExampleChange) {
  const example = exampleNamed(change.example);
  const source = readFileSync(example.source, 'utf8');
  expect(source.split(change.from).length, `"${change.from}" occurs once in ${example.source}`).toBe(2);
  const file = resolve(dirname(example.source), `${basename(example.source, '.ts')}.replay-variant-${change.kind}.ts`);
  variants.push(file);
  writeFileSync(file, source.replace(change.from, change.to));
  return { handler: example.build((await import(file)) as Record<string, unknown>), file };
}

describe('replayHistory: unchanged examples replay clean', () => {
  it.each(examples.map((example) => example.name))('%s', async (name) => {
    const example = exampleNamed(name);
    const original = example.build((await import(resolve(example.source))) as Record<string, unknown>);
    const { arn, history } = recording(name);
    const operations = new Set(history.filter((event) => event.Id !== undefined && event.EventType !== 'ExecutionStarted').map((event) => event.Id)).size;
    for (const document of [{ DurableExecutionArn: arn, Status: 'SUCCEEDED', Events: history }, asAwsCliHistory(history), asAwsCliState(history)]) {
      const report = await replayHistory({ handler: original, history: JSON.parse(JSON.stringify(document)), arn });
      expect(report).toMatchObject({ outcome: 'match', ok: true, handlerStatus: 'SUCCEEDED' });
      expect(report.replayed).toBeGreaterThan(0);
      expect(report.replayed).toBeLessThanOrEqual(operations);
    }
  });
});

describe.each([
  ['history --json', (history: HistoryEvent[], arn: string) => ({ DurableExecutionArn: arn, Status: 'SUCCEEDED', Events: history })],
  ['AWS CLI get-durable-execution-history', asAwsCliHistory],
])('replayHistory on %s: each change is reported', (_shape, shape) => {
  it.each(changes.map((change) => [`${change.example}: ${change.kind}`, change] as const))('%s', async (_label, change) => {
    const { handler, file } = await changedHandler(change);
    const { arn, history } = recording(change.example);
    const report = await replayHistory({ handler, history: JSON.parse(JSON.stringify(shape(history, arn))), arn });
    const expected = change.expected;
    if (expected.outcome === 'mismatch' && expected.reason === 'removed') {
      expect(report).toMatchObject({ outcome: 'mismatch', ok: false, handlerStatus: 'SUCCEEDED', mismatch: { reason: 'removed', recorded: { name: expected.recorded } } });
    } else if (expected.outcome === 'mismatch') {
      expect(report).toMatchObject({ outcome: 'mismatch', ok: false, mismatch: { reason: expected.reason, recorded: { name: expected.recorded }, actual: { name: expected.actual } } });
      expect(report.mismatch?.actual?.location).toContain(basename(file));
    } else {
      expect(report).toMatchObject({ outcome: 'beyond', ok: true, next: { name: expected.next, type: 'STEP' } });
      expect(report.next?.location).toContain(basename(file));
      const strict = await replayHistory({ handler, history: JSON.parse(JSON.stringify(shape(history, arn))), arn, strict: true });
      expect(strict).toMatchObject({ outcome: 'beyond', ok: false });
    }
  });
});

it('covers every kind of change on the examples', () => {
  expect(new Set(changes.map((change) => change.kind))).toEqual(new Set(['renamed', 'swapped', 'inserted', 'appended', 'wait-to-step', 'removed']));
  expect(new Set(changes.map((change) => change.example))).toEqual(new Set(examples.map((example) => example.name)));
});
