import { afterEach, describe, expect, it, vi } from 'vitest';
import { DURABLE_VERBOSE_MODE, isVerboseMode, refreshLogConfig, verboseLog } from '../../src/logger/log-config.js';

describe('verbose SDK logging', () => {
  const saved = process.env[DURABLE_VERBOSE_MODE];
  afterEach(() => {
    if (saved === undefined) delete process.env[DURABLE_VERBOSE_MODE];
    else process.env[DURABLE_VERBOSE_MODE] = saved;
    refreshLogConfig();
    vi.restoreAllMocks();
  });

  it('names the environment variable', () => {
    expect(DURABLE_VERBOSE_MODE).toBe('DURABLE_VERBOSE_MODE');
  });

  it('is cached until refreshLogConfig re-reads the environment', () => {
    process.env.DURABLE_VERBOSE_MODE = 'false';
    refreshLogConfig();
    expect(isVerboseMode()).toBe(false);
    process.env.DURABLE_VERBOSE_MODE = 'true';
    expect(isVerboseMode()).toBe(false);
    refreshLogConfig();
    expect(isVerboseMode()).toBe(true);
    process.env.DURABLE_VERBOSE_MODE = 'TRUE';
    refreshLogConfig();
    expect(isVerboseMode()).toBe(false);
  });

  it('writes nothing and evaluates no thunk when off', () => {
    delete process.env.DURABLE_VERBOSE_MODE;
    refreshLogConfig();
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => {});
    const thunk = vi.fn(() => ({ a: 1 }));
    verboseLog('quiet', thunk);
    expect(debug).not.toHaveBeenCalled();
    expect(thunk).not.toHaveBeenCalled();
  });

  it('writes the message with JSON data, resolving thunks, when on', () => {
    process.env.DURABLE_VERBOSE_MODE = 'true';
    refreshLogConfig();
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => {});
    verboseLog('batch sent', () => ({ updates: 3 }));
    verboseLog('plain');
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    verboseLog('circular', loop);
    expect(debug.mock.calls).toEqual([['batch sent {"updates":3}'], ['plain'], ['circular <ref *1> { self: [Circular *1] }']]);
  });
});
