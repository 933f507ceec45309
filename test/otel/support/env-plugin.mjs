// A DURABLE_EXECUTION_PLUGINS module: hands every wrapped handler the test's shared plugin, so the
// examples run unchanged with OpenTelemetry tracing.
export const durableExecutionPluginProvider = {
  pluginApiVersion: 1,
  pluginType: Object,
  createPlugin: () => {
    const plugin = globalThis.__durableLambdaOtelTestPlugin;
    if (!plugin) throw new Error('set globalThis.__durableLambdaOtelTestPlugin first');
    return plugin;
  },
};
