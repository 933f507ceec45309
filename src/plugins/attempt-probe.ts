/**
 * A process-wide registry through which the test tools watch one execution's attempts without
 * the handler configuring a plugin: crash exploration counts how often each step attempt runs.
 * It lives on `globalThis` (under a registered symbol) because the SDK and the testing entry are
 * separate bundles; a handler looks it up once per invocation, and without it does nothing else.
 */
import { PluginRunner } from './runner.js';
import type { DurableInstrumentationPlugin } from './types.js';

/** Makes the probe plugin for one invocation of the execution it was registered for. */
export type AttemptProbeFactory = () => DurableInstrumentationPlugin;

const PROBES = Symbol.for('durable-lambda.attempt-probes');

type ProbeHolder = { [PROBES]?: Map<string, AttemptProbeFactory> };

/**
 * Watches the execution `executionArn`: each of its invocations (by a durable-lambda handler in
 * this process) adds the plugin `factory` makes. Returns the unregister.
 *
 * @example
 * const stop = registerAttemptProbe(arn, () => ({ onOperationAttemptStart: async (info) => void seen.push(info) }));
 */
export const registerAttemptProbe = (executionArn: string, factory: AttemptProbeFactory): (() => void) => {
  const holder = globalThis as ProbeHolder;
  const probes = (holder[PROBES] ??= new Map());
  probes.set(executionArn, factory);
  return () => {
    if (probes.get(executionArn) === factory) probes.delete(executionArn);
  };
};

/** `runner` with the probe registered for `executionArn` appended, if there is one. */
export const withAttemptProbe = (runner: PluginRunner, executionArn: string): PluginRunner => {
  const factory = (globalThis as ProbeHolder)[PROBES]?.get(executionArn);
  return factory ? new PluginRunner([...runner.plugins, factory()]) : runner;
};
