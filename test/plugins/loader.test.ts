/**
 * DURABLE_EXECUTION_PLUGINS: real module files in a temporary directory (ESM, CJS, default
 * export, a package resolved from LAMBDA_TASK_ROOT) and every way a module can be wrong.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvocationStatus } from '../../src/protocol.js';
import { PluginLoadError } from '../../src/errors.js';
import { withDurableExecution } from '../../src/handler.js';
import { loadPlugins, pluginSpecifiers } from '../../src/plugins/loader.js';
import { invokeOnce } from '../support/drive.js';
import { FakeCheckpointClient } from '../support/fake-checkpoint-client.js';

let dir: string;
const file = (name: string) => join(dir, name);

const PLUGIN_CLASS = `class RecordingPlugin {
  constructor(label) { this.label = label; }
  async onInvocationStart(info) { (globalThis.__pluginCalls ??= []).push([this.label, 'start', info.executionArn]); }
  async onOperationEnd(info) { (globalThis.__pluginCalls ??= []).push([this.label, 'end', info.name]); }
}`;
const provider = (label: string, extra = '') =>
  `{ pluginApiVersion: 1, pluginType: RecordingPlugin, createPlugin: () => new RecordingPlugin(${JSON.stringify(label)}), ${extra} }`;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'durable-plugins-'));
  writeFileSync(file('good.mjs'), `${PLUGIN_CLASS}\nexport const durableExecutionPluginProvider = ${provider('esm')};\n`);
  writeFileSync(file('default.mjs'), `${PLUGIN_CLASS}\nexport default { durableExecutionPluginProvider: ${provider('default')} };\n`);
  writeFileSync(file('common.cjs'), `${PLUGIN_CLASS}\nmodule.exports = { durableExecutionPluginProvider: ${provider('cjs')} };\n`);
  writeFileSync(file('no-export.mjs'), `export const somethingElse = 1;\n`);
  writeFileSync(file('version-2.mjs'), `${PLUGIN_CLASS}\nexport const durableExecutionPluginProvider = { ...${provider('v2')}, pluginApiVersion: 2 };\n`);
  writeFileSync(file('no-factory.mjs'), `${PLUGIN_CLASS}\nexport const durableExecutionPluginProvider = { pluginApiVersion: 1, pluginType: RecordingPlugin };\n`);
  writeFileSync(file('no-type.mjs'), `export const durableExecutionPluginProvider = { pluginApiVersion: 1, pluginType: 42, createPlugin: () => ({}) };\n`);
  writeFileSync(file('wrong-type.mjs'), `${PLUGIN_CLASS}\nexport const durableExecutionPluginProvider = { pluginApiVersion: 1, pluginType: RecordingPlugin, createPlugin: () => ({}) };\n`);
  writeFileSync(file('factory-throws.mjs'), `${PLUGIN_CLASS}\nexport const durableExecutionPluginProvider = { pluginApiVersion: 1, pluginType: RecordingPlugin, createPlugin: () => { throw new Error('no license'); } };\n`);
  writeFileSync(file('not-object.mjs'), `export const durableExecutionPluginProvider = 'nope';\n`);
  writeFileSync(
    file('two-providers.mjs'),
    `${PLUGIN_CLASS}\nexport const durableExecutionPluginProvider = ${provider('a')};\nexport default { durableExecutionPluginProvider: ${provider('b')} };\n`,
  );
  writeFileSync(file('syntax-error.mjs'), `export const = ;\n`);
  const pkg = join(dir, 'node_modules', 'durable-test-plugin');
  mkdirSync(pkg, { recursive: true });
  writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'durable-test-plugin', type: 'module', exports: './index.js' }));
  writeFileSync(join(pkg, 'index.js'), `${PLUGIN_CLASS}\nexport const durableExecutionPluginProvider = ${provider('package')};\n`);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const env = (list: string) => ({ DURABLE_EXECUTION_PLUGINS: list, LAMBDA_TASK_ROOT: dir });

describe('DURABLE_EXECUTION_PLUGINS parsing', () => {
  it('splits, trims and keeps the order; unset or blank means none', () => {
    expect(pluginSpecifiers({ DURABLE_EXECUTION_PLUGINS: ' a , @s/b ,c' })).toEqual(['a', '@s/b', 'c']);
    expect(pluginSpecifiers({})).toEqual([]);
    expect(pluginSpecifiers({ DURABLE_EXECUTION_PLUGINS: '   ' })).toEqual([]);
  });

  it.each([
    ['a,,b', /non-empty, comma-separated/],
    ['a,', /non-empty, comma-separated/],
    ['a,b,a', /duplicate module specifier 'a'/],
  ])('rejects %j', (list, message) => {
    expect(() => pluginSpecifiers({ DURABLE_EXECUTION_PLUGINS: list })).toThrow(PluginLoadError);
    expect(() => pluginSpecifiers({ DURABLE_EXECUTION_PLUGINS: list })).toThrow(message);
  });
});

describe('loading plugin modules', () => {
  it('config.plugins that is not an array: PluginLoadError', async () => {
    await expect(loadPlugins({ onInvocationStart: async () => undefined } as never, { environment: {} })).rejects.toThrow(
      'Dynamic plugin configuration failed: config.plugins must be an array of plugin objects.',
    );
  });

  it('loads ESM, default-export, CommonJS and package providers after the explicit plugins, in order', async () => {
    const explicit = { onInvocationStart: async () => undefined };
    const list = [file('good.mjs'), file('default.mjs'), file('common.cjs'), 'durable-test-plugin'].join(',');
    const plugins = await loadPlugins([explicit], { environment: env(list) });
    expect(plugins[0]).toBe(explicit);
    expect(plugins.slice(1).map((p) => (p as { label?: string }).label)).toEqual(['esm', 'default', 'cjs', 'package']);
    expect(plugins.slice(1).every((p) => p.constructor.name === 'RecordingPlugin')).toBe(true);
  });

  it.each([
    ['missing file', () => file('absent.mjs'), /Failed to load plugin module '.*absent\.mjs'/],
    ['missing package', () => 'durable-no-such-plugin', /unable to resolve it from .*Lambda layer under 'nodejs\/node_modules'/],
    ['module that does not parse', () => file('syntax-error.mjs'), /Failed to load plugin module '.*syntax-error\.mjs'/],
    ['no provider export', () => file('no-export.mjs'), /must export 'durableExecutionPluginProvider'/],
    ['provider that is not an object', () => file('not-object.mjs'), /invalid provider; expected an object/],
    ['wrong API version', () => file('version-2.mjs'), /declares plugin API version '2', but durable-lambda supports version 1/],
    ['no createPlugin', () => file('no-factory.mjs'), /must define a 'createPlugin' factory function/],
    ['pluginType not a class', () => file('no-type.mjs'), /must declare a constructable 'pluginType'/],
    ['createPlugin returning another type', () => file('wrong-type.mjs'), /declared plugin type 'RecordingPlugin' but created 'Object'/],
    ['createPlugin throwing', () => file('factory-throws.mjs'), /failed to create its plugin: no license/],
    ['two different providers', () => file('two-providers.mjs'), /exposes multiple different 'durableExecutionPluginProvider' values/],
  ])('%s: PluginLoadError naming the problem', async (_label, specifier, message) => {
    const loading = loadPlugins(undefined, { environment: env(`${file('good.mjs')},${specifier()}`) });
    await expect(loading).rejects.toBeInstanceOf(PluginLoadError);
    await expect(loading).rejects.toThrow(message);
    await expect(loading).rejects.toThrow(/^Dynamic plugin configuration failed: /);
  });
});

describe('withDurableExecution with DURABLE_EXECUTION_PLUGINS', () => {
  const withEnv = <T>(vars: Record<string, string>, fn: () => T): T => {
    const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
    Object.assign(process.env, vars);
    try {
      return fn();
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  };

  it('a loaded plugin receives the hooks, after the configured ones', async () => {
    const calls: unknown[][] = [];
    (globalThis as { __pluginCalls?: unknown[][] }).__pluginCalls = calls;
    const explicit = { onInvocationStart: async () => void calls.push(['explicit', 'start']) };
    const handler = withEnv(env(`${file('good.mjs')},durable-test-plugin`), () =>
      withDurableExecution(async (_e, ctx) => ctx.step('work', async () => 1), { plugins: [explicit] }),
    );
    const output = await invokeOnce(handler, new FakeCheckpointClient());
    expect(output).toEqual({ Status: 'SUCCEEDED', Result: '1' });
    expect(calls.map((c) => c.slice(0, 2))).toEqual([
      ['explicit', 'start'],
      ['esm', 'start'],
      ['package', 'start'],
      ['esm', 'end'],
      ['package', 'end'],
    ]);
  });

  it('a load failure makes every invocation FAILED with PluginLoadError, before any service call or handler code', async () => {
    let ran = false;
    const handler = withEnv(env(file('version-2.mjs')), () => withDurableExecution(async () => (ran = true)));
    for (let i = 0; i < 2; i += 1) {
      const service = new FakeCheckpointClient();
      const output = await invokeOnce(handler, service);
      expect(output.Status).toBe('FAILED');
      expect(output.Status === InvocationStatus.FAILED && output.Error).toMatchObject({
        ErrorType: 'PluginLoadError',
        ErrorMessage: expect.stringMatching(/^Dynamic plugin configuration failed: Plugin provider .* declares plugin API version '2'/),
      });
      expect(service.requests).toHaveLength(0);
      expect(service.stateRequests).toHaveLength(0);
    }
    expect(ran).toBe(false);
  });
});
