import { describe, expect, it } from 'vitest';
import { CallbackPlanner, pythonJsonDumps } from '../../src/conformance/callbacks.js';

const text = (bytes: Uint8Array | undefined): string => new TextDecoder().decode(bytes);

describe('pythonJsonDumps', () => {
  it('uses ", " and ": " separators', () => {
    expect(pythonJsonDumps({ status: 'approved', n: [1, 2, { a: null }] })).toBe('{"status": "approved", "n": [1, 2, {"a": null}]}');
    expect(pythonJsonDumps('abc')).toBe('"abc"');
    expect(pythonJsonDumps(42)).toBe('42');
    expect(pythonJsonDumps(1.5)).toBe('1.5');
    expect(pythonJsonDumps(true)).toBe('true');
    expect(pythonJsonDumps([])).toBe('[]');
    expect(pythonJsonDumps({})).toBe('{}');
  });

  it('escapes like ensure_ascii', () => {
    expect(pythonJsonDumps('é"\\\n\t\u0001\u007f😀')).toBe('"\\u00e9\\"\\\\\\n\\t\\u0001\\u007f\\ud83d\\ude00"');
    expect(pythonJsonDumps({ 'ключ': '\u2028' })).toBe('{"\\u043a\\u043b\\u044e\\u0447": "\\u2028"}');
  });
});

describe('CallbackPlanner', () => {
  const bindings = new Map<string, unknown>([
    ['A', 'name-a'],
    ['PA', 'pay-a'],
  ]);

  it('answers the first unused matching action with the serialised payload and delay', () => {
    const planner = new CallbackPlanner(
      [
        { CallbackName: '${A}', Operation: 'success', Payload: '${PA}', Delay: 1 },
        { CallbackName: '*', Operation: 'success', Payload: { status: 'ok' }, Delay: 3 },
      ],
      bindings,
    );
    const first = planner.next({ name: 'other', callbackId: 'c0' });
    expect(first).toMatchObject({ kind: 'send', action: { callbackId: 'c0', actionIndex: 1, delaySeconds: 3 } });
    expect(first.kind === 'send' && text(first.action.result)).toBe('{"status": "ok"}');
    const second = planner.next({ name: 'name-a', callbackId: 'c1' });
    expect(second).toMatchObject({ kind: 'send', action: { callbackId: 'c1', actionIndex: 0, operation: 'success', delaySeconds: 1 } });
    expect(second.kind === 'send' && text(second.action.result)).toBe('"pay-a"');
    expect(planner.exhausted).toBe(true);
  });

  it('matches ${/re/} names and builds failure ErrorObjects from the fields present', () => {
    const planner = new CallbackPlanner(
      [{ CallbackName: '${/^name-/}', Operation: 'failure', Payload: { ErrorType: 'RejectedError', ErrorMessage: 'not approved' } }],
      bindings,
    );
    expect(planner.next({ name: 'zzz', callbackId: 'c' })).toMatchObject({ kind: 'no-match' });
    const decision = planner.next({ name: 'name-x', callbackId: 'c' });
    expect(decision).toEqual({
      kind: 'send',
      action: { callbackId: 'c', operation: 'failure', delaySeconds: 0, actionIndex: 0, error: { ErrorType: 'RejectedError', ErrorMessage: 'not approved' } },
    });
  });

  it('keeps a heartbeaten callback matchable and leaves it open once actions run out', () => {
    const planner = new CallbackPlanner(
      [
        { CallbackName: '${A}', Operation: 'heartbeat', Delay: 2 },
        { CallbackName: '${A}', Operation: 'success', Payload: 'done', Delay: 1 },
      ],
      bindings,
    );
    expect(planner.next({ name: 'name-a', callbackId: 'c' })).toMatchObject({ kind: 'send', action: { operation: 'heartbeat', delaySeconds: 2 } });
    expect(planner.next({ name: 'name-a', callbackId: 'c' })).toMatchObject({ kind: 'send', action: { operation: 'success' } });
    expect(planner.next({ name: 'name-a', callbackId: 'c' })).toEqual({ kind: 'leave-open' });
    expect(planner.next({ name: 'name-a', callbackId: 'new' })).toMatchObject({ kind: 'no-match' });
  });

  it('leaves callbacks open when no actions are configured', () => {
    expect(new CallbackPlanner([], bindings).next({ callbackId: 'c' })).toEqual({ kind: 'leave-open' });
    expect(new CallbackPlanner([{ CallbackName: 'x', Operation: 'success' }], bindings).next({ callbackId: 'c' })).toMatchObject({ kind: 'no-match' });
  });
});
