import { describe, expect, it } from 'vitest';
import { importPeer, isPackageNotFound, MissingPeerError } from '../../src/peers/optional-peer.js';

describe('importPeer', () => {
  it('turns a missing package into one line naming it and the install command', async () => {
    const missing: string = 'durable-lambda-no-such-peer';
    const error = await importPeer(() => import(missing), 'durable-lambda-no-such-peer', 'durable-lambda/x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MissingPeerError);
    expect((error as Error).message).toBe('durable-lambda/x needs durable-lambda-no-such-peer, which is not installed: npm install durable-lambda-no-such-peer');
    expect((error as Error).message).not.toContain('\n');
  });

  it('passes other failures through unchanged', async () => {
    const boom = new Error('syntax error inside the package');
    await expect(importPeer(() => Promise.reject(boom), 'yaml', 'the harness')).rejects.toBe(boom);
    expect(isPackageNotFound({ code: 'ERR_MODULE_NOT_FOUND', message: "Cannot find module '/x/dist/y.js' imported from 'yaml'" }, 'other')).toBe(false);
  });

  it('loads an installed peer', async () => {
    const yaml = await importPeer(() => import('yaml'), 'yaml', 'the harness');
    expect(yaml.parse('a: 1')).toEqual({ a: 1 });
  });
});
