/**
 * Plugins written against the official SDK's types fit ours, our info objects fit theirs, and
 * the config accepts such plugins (checked by `tsc`, which covers test/); the runtime half shows such a
 * plugin receives hooks and the client + durableExecutionClient conflict fires none.
 */
import type * as Official from '@aws/durable-execution-sdk-js';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type * as Ours from 'durable-lambda';
import { withDurableExecution } from '../../src/handler.js';
import { invokeOnce } from '../support/drive.js';
import { FakeCheckpointClient } from '../support/fake-checkpoint-client.js';

class OfficialStylePlugin implements Official.DurableInstrumentationPlugin {
  readonly seen: string[] = [];
  async onInvocationStart(info: Official.InvocationInfo): Promise<void> {
    this.seen.push(`start:${info.isFirstInvocation}`);
  }
  async onOperationAttemptEnd(info: Official.AttemptEndInfo): Promise<void> {
    this.seen.push(`attempt:${info.name}:${info.attempt}:${info.outcome}`);
  }
  wrapOperationAttemptFn(_info: Official.AttemptInfo, fn: () => unknown): unknown {
    return fn();
  }
  async onInvocationEnd(info: Official.InvocationEndInfo): Promise<void> {
    this.seen.push(`end:${info.status}`);
  }
  enrichLogContext(): Record<string, string> {
    return { plugin: 'official-style' };
  }
}

describe('plugin types are interchangeable with the official SDK 2.4', () => {
  it('official plugin and provider types assign to ours; our info objects assign to theirs', () => {
    // One way only for plugins: the official InvocationStatus is a TS enum, so a plugin typed
    // with our (string-literal) wrapInvocation output does not fit the official type.
    expectTypeOf<Official.DurableInstrumentationPlugin>().toExtend<Ours.DurableInstrumentationPlugin>();
    expectTypeOf<Official.DurableInstrumentationPluginProvider<OfficialStylePlugin>>().toExtend<Ours.DurableInstrumentationPluginProvider<OfficialStylePlugin>>();
    expectTypeOf<Official.DurableInstrumentationPluginProvider>().toExtend<Ours.DurableInstrumentationPluginProvider>();
    expectTypeOf<Official.DurableInstrumentationPluginType>().toExtend<Ours.DurableInstrumentationPluginType>();
    expectTypeOf<Ours.InvocationInfo>().toExtend<Official.InvocationInfo>();
    expectTypeOf<Ours.InvocationEndInfo>().toExtend<Official.InvocationEndInfo>();
    expectTypeOf<Ours.OperationInfo>().toExtend<Official.OperationInfo>();
    expectTypeOf<Ours.OperationEndInfo>().toExtend<Official.OperationEndInfo>();
    expectTypeOf<Ours.OperationChangeInfo>().toExtend<Official.OperationChangeInfo>();
    expectTypeOf<Ours.AttemptInfo>().toExtend<Official.AttemptInfo>();
    expectTypeOf<Ours.AttemptEndInfo>().toExtend<Official.AttemptEndInfo>();
    expectTypeOf<Ours.PluginInvocationStatus>().toEqualTypeOf<Official.PluginInvocationStatus>();
    expectTypeOf<Ours.PluginOperationStatus>().toEqualTypeOf<Official.PluginOperationStatus>();
    expectTypeOf<Ours.AttemptEndInfoOutcome>().toEqualTypeOf<Official.AttemptEndInfoOutcome>();
    expectTypeOf<Official.DurableExecutionConfig['pluginsConfig']>().toExtend<Ours.DurableExecutionConfig['pluginsConfig']>();
    const provider: Ours.DurableInstrumentationPluginProvider<OfficialStylePlugin> = {
      pluginApiVersion: 1,
      pluginType: OfficialStylePlugin,
      createPlugin: () => new OfficialStylePlugin(),
    };
    expect(provider.createPlugin()).toBeInstanceOf(provider.pluginType);
  });

  it('an official-style plugin runs under durable-lambda', async () => {
    const plugin = new OfficialStylePlugin();
    const handler = withDurableExecution(async (_e, ctx) => ctx.step('work', async () => 'done'), {
      plugins: [plugin],
      pluginsConfig: { childOperationsDepth: Infinity },
    });
    expect(await invokeOnce(handler, new FakeCheckpointClient())).toEqual({ Status: 'SUCCEEDED', Result: '"done"' });
    expect(plugin.seen).toEqual(['start:true', 'attempt:work:1:SUCCEEDED', 'end:SUCCEEDED']);
  });

  it('client + durableExecutionClient: FAILED before any transport call, and no hook fires', async () => {
    const plugin = new OfficialStylePlugin();
    const service = new FakeCheckpointClient();
    const handler = withDurableExecution(async () => 1, { client: {} as never, durableExecutionClient: service, plugins: [plugin] });
    const output = await invokeOnce(handler, service);
    expect(output).toMatchObject({ Status: 'FAILED', Error: { ErrorType: 'ConfigurationError' } });
    expect(service.requests).toHaveLength(0);
    expect(service.stateRequests).toHaveLength(0);
    expect(plugin.seen).toEqual([]);
  });
});
