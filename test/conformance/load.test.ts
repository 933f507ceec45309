import { parse } from 'yaml';
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ConformanceFormatError,
  compareRequirementIds,
  loadRequirements,
  parseRequirement,
} from '../../src/conformance/load.js';

const REQUIREMENTS = new URL('../../../shared/conformance/requirements', import.meta.url).pathname;

const SAMPLE = `
description: Wait basic
optional: true
handler: |
  Waits.
invocations: |
  - one
Variables:
  INPUT_1: \${GEN_STR:8}
Input: \${INPUT_1}
AsyncInvoke: true
DefaultRetryParameters:
  MaxAttempts: 6
ExpectedResult:
  ExecutionStatus: SUCCEEDED
  Result: null
CallbackActions:
  - CallbackName: '*'
    Operation: failure
    Payload: { ErrorType: E, ErrorMessage: m }
    Delay: 2
ExpectedLogs:
  - match: { message: '/x/' }
    count: 1
    after: [{ match: { message: a } }]
ExpectedExecutionHistory:
  - EventType: WaitStarted
    EventId: 2
`;

describe('parseRequirement', () => {
  it('reads every field into the typed record', () => {
    const requirement = parseRequirement('/r/wait/2-9.yaml', SAMPLE, parse);
    expect(requirement.id).toBe('2-9');
    expect(requirement.suite).toBe('wait');
    expect(requirement.description).toBe('Wait basic');
    expect(requirement.handlerProse).toBe('Waits.\n');
    expect(requirement.invocationsProse).toBe('- one\n');
    expect(requirement.input).toBe('${INPUT_1}');
    expect(requirement.hasInput).toBe(true);
    expect(requirement.variables).toEqual({ INPUT_1: '${GEN_STR:8}' });
    expect(requirement.asyncInvoke).toBe(true);
    expect(requirement.optional).toBe(true);
    expect(requirement.expectedResult).toEqual({ ExecutionStatus: 'SUCCEEDED', Result: null, hasResult: true });
    expect(requirement.callbackActions).toEqual([
      { CallbackName: '*', Operation: 'failure', Payload: { ErrorType: 'E', ErrorMessage: 'm' }, Delay: 2 },
    ]);
    expect(requirement.expectedLogs).toEqual([
      { match: { message: '/x/' }, count: 1, after: [{ match: { message: 'a' } }] },
    ]);
    expect(requirement.expectedHistory).toEqual([{ EventType: 'WaitStarted', EventId: 2 }]);
    expect(requirement.extra).toEqual({ DefaultRetryParameters: { MaxAttempts: 6 } });
  });

  it('treats lowercase async as AsyncInvoke and a missing Result as absent', () => {
    const requirement = parseRequirement('/r/x/1-1.yaml', 'async: true\nExpectedResult: {ExecutionStatus: FAILED}\n', parse);
    expect(requirement.asyncInvoke).toBe(true);
    expect(requirement.expectedResult?.hasResult).toBe(false);
    expect(requirement.hasInput).toBe(false);
    expect(requirement.optional).toBe(false);
  });

  it.each([
    ['a: [', /invalid YAML/],
    ['- a', /document must be a mapping/],
    ['ExpectedExecutionHistory: [{EventType: X}]', /ExpectedExecutionHistory\[0\] needs an integer EventId/],
    ['ExpectedExecutionHistory: {}', /must be a list/],
    ['ExpectedResult: {Result: 1}', /ExecutionStatus/],
    ['CallbackActions: [{CallbackName: a, Operation: explode}]', /CallbackActions\[0\]\.Operation must be one of/],
    ['CallbackActions: [{CallbackName: a, Operation: success, Delay: -1}]', /Delay must be a non-negative/],
    ['CallbackActions: [{CallbackName: a, Operation: failure, Payload: oops}]', /Payload of a failure must be a mapping/],
    ['CallbackActions: [{Operation: success}]', /CallbackName must be a string/],
    ['ExpectedLogs: [{count: 1}]', /'match' mapping/],
    ['ExpectedLogs: [{match: {a: b}, count: -2}]', /count must be a non-negative integer/],
    ['Variables: [a]', /'Variables' must be a mapping/],
    ['description: 3', /'description' must be a string/],
  ])('rejects %s with a clear error naming the file', (text, message) => {
    expect(() => parseRequirement('/r/s/bad.yaml', text, parse)).toThrow(ConformanceFormatError);
    expect(() => parseRequirement('/r/s/bad.yaml', text, parse)).toThrow(message);
    expect(() => parseRequirement('/r/s/bad.yaml', text, parse)).toThrow(/^\/r\/s\/bad\.yaml: /);
  });
});

describe('loadRequirements', () => {
  it('loads every shared requirement, recursively, sorted by id', async () => {
    const requirements = await loadRequirements([REQUIREMENTS]);
    expect(requirements).toHaveLength(104);
    const suites = new Map<string, number>();
    for (const r of requirements) suites.set(r.suite, (suites.get(r.suite) ?? 0) + 1);
    expect(Object.fromEntries(suites)).toEqual({ step: 20, wait: 5, child: 18, callback: 19, parallel: 22, map: 20 });
    expect(requirements.slice(0, 3).map((r) => r.id)).toEqual(['1-1', '1-2', '1-3']);
    expect(requirements.every((r) => r.expectedHistory.length > 0 || r.expectedResult !== undefined)).toBe(true);
  });

  it('rejects duplicate ids and names malformed files', async () => {
    const root = await mkdtemp(join(tmpdir(), 'conformance-load-'));
    await mkdir(join(root, 'a'));
    await mkdir(join(root, 'b', 'deep'), { recursive: true });
    await writeFile(join(root, 'a', '1-1.yaml'), 'description: one\n');
    await writeFile(join(root, 'b', 'deep', '1-2.yml'), 'description: two\n');
    await writeFile(join(root, 'b', 'notes.txt'), 'ignored');
    expect((await loadRequirements([root])).map((r) => `${r.suite}/${r.id}`)).toEqual(['a/1-1', 'deep/1-2']);
    await writeFile(join(root, 'b', '1-1.yaml'), 'description: dup\n');
    await expect(loadRequirements([root])).rejects.toThrow(/duplicate requirement id '1-1'/);
    const bad = await mkdtemp(join(tmpdir(), 'conformance-bad-'));
    await writeFile(join(bad, '3-1.yaml'), 'ExpectedExecutionHistory: 5\n');
    await expect(loadRequirements([bad])).rejects.toThrow(/3-1\.yaml: 'ExpectedExecutionHistory' must be a list/);
  });

  it('orders ids numerically', () => {
    expect(['1-10', '2-1', '1-2'].sort(compareRequirementIds)).toEqual(['1-2', '1-10', '2-1']);
  });
});
