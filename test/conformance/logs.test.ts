import { describe, expect, it } from 'vitest';
import { matchLogs, retrieveLogRecords } from '../../src/conformance/logs.js';

const ARN = 'arn:aws:lambda:us-east-1:123456789012:function:f:$LATEST/durable-execution/e/1';
const line = (fields: Record<string, unknown>): string => JSON.stringify({ durableExecutionArn: ARN, ...fields });

describe('retrieveLogRecords', () => {
  it('keeps only JSON-object lines with this execution ARN at top level', () => {
    const chunks = [
      line({ message: 'a' }),
      'plain text mentioning ' + ARN,
      JSON.stringify({ executionArn: ARN, message: 'b' }) + '\n' + JSON.stringify({ executionArn: 'other', message: 'c' }),
      JSON.stringify({ nested: { durableExecutionArn: ARN }, message: 'd' }),
      JSON.stringify([ARN]),
      '{broken json',
    ];
    expect(retrieveLogRecords(chunks, ARN).map((r) => r.message)).toEqual(['a', 'b']);
  });
});

describe('matchLogs', () => {
  const chunks = [
    line({ level: 'INFO', message: 'start k1' }),
    'unrelated',
    line({ level: 'INFO', message: '  step k1 done  ' }),
    line({ level: 'INFO', message: 'step k1 done' }),
    line({ level: 'ERROR', message: 'end' }),
  ];

  it('counts regex and trimmed exact matches, with substitution', () => {
    const bindings = new Map<string, unknown>([['I', 'k1']]);
    expect(matchLogs([{ match: { message: '/${I}/' }, count: 3 }], chunks, ARN, bindings)).toBeUndefined();
    expect(matchLogs([{ match: { message: 'step ${I} done' }, count: 2 }], chunks, ARN, bindings)).toBeUndefined();
    expect(matchLogs([{ match: { message: '/k1/', level: 'ERROR' }, count: 0 }], chunks, ARN, bindings)).toBeUndefined();
    expect(matchLogs([{ match: { message: '/\\[ERROR\\]/' }, count: 0 }], chunks, ARN, bindings)).toBeUndefined();
  });

  it('reports count, min_count, max_count and default at-least-one failures with their index', () => {
    const bindings = new Map();
    expect(matchLogs([{ match: { message: '/k1/' }, count: 2 }], chunks, ARN, bindings)).toMatchObject({
      path: 'ExpectedLogs[0]',
      actual: 3,
      expected: 'exactly 2',
    });
    expect(matchLogs([{ match: { level: 'INFO' } }, { match: { message: '/k1/' }, min_count: 4 }], chunks, ARN, bindings)).toMatchObject({
      path: 'ExpectedLogs[1]',
      expected: 'at least 4',
    });
    expect(matchLogs([{ match: { message: '/k1/' }, max_count: 2 }], chunks, ARN, bindings)).toMatchObject({ expected: 'at most 2' });
    expect(matchLogs([{ match: { message: 'unrelated' } }], chunks, ARN, bindings)).toMatchObject({ expected: 'at least 1', actual: 0 });
    expect(matchLogs([{ match: { missing: '/x/' }, count: 0 }], chunks, ARN, bindings)).toBeUndefined();
  });

  it('checks before/after anchors', () => {
    const bindings = new Map();
    expect(matchLogs([{ match: { message: '/done/' }, after: [{ match: { message: '/start/' } }] }], chunks, ARN, bindings)).toBeUndefined();
    expect(matchLogs([{ match: { message: '/done/' }, before: [{ match: { message: 'end' } }] }], chunks, ARN, bindings)).toBeUndefined();
    expect(matchLogs([{ match: { message: '/start/' }, after: [{ match: { message: '/done/' } }] }], chunks, ARN, bindings)).toMatchObject({
      path: 'ExpectedLogs[0].after[0]',
    });
    expect(matchLogs([{ match: { message: 'end' }, before: [{ match: { message: '/done/' } }] }], chunks, ARN, bindings)).toMatchObject({
      path: 'ExpectedLogs[0].before[0]',
    });
    expect(matchLogs([{ match: { message: 'end' }, after: [{ match: { message: 'never' } }] }], chunks, ARN, bindings)).toMatchObject({
      path: 'ExpectedLogs[0].after[0]',
      message: expect.stringContaining('matches no log line'),
    });
  });
});
