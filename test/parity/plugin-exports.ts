/**
 * Export parity for the 2.4 plugin API (protocol.md §7.1, §7.2): a plugin module written the way
 * user code would, using every plugin export. `npm run typecheck` compiles it against
 * durable-lambda and, through test/parity/tsconfig.official.json, against the official SDK.
 * Not run: it only has to type-check.
 */
import {
  type AttemptEndInfo,
  AttemptEndInfoOutcome,
  type AttemptInfo,
  DURABLE_INSTRUMENTATION_PLUGIN_API_VERSION,
  type DurableExecutionInvocationOutput,
  type DurableInstrumentationPlugin,
  type DurableInstrumentationPluginProvider,
  type DurableInstrumentationPluginType,
  type InvocationEndInfo,
  type InvocationInfo,
  type OperationChangeInfo,
  type OperationEndInfo,
  type OperationInfo,
  PluginInvocationStatus,
  PluginOperationStatus,
  withDurableExecution,
} from 'durable-lambda';

class TracingPlugin implements DurableInstrumentationPlugin {
  readonly lines: string[] = [];
  async onInvocationStart(info: InvocationInfo): Promise<void> {
    const updated: OperationInfo[] = Object.values(info.updatedOperations);
    const started: Date | undefined = info.executionStartTimestamp;
    this.lines.push(`${info.requestId} ${info.executionArn} ${info.isFirstInvocation} ${updated.length} ${String(started)}`);
  }
  async wrapInvocation(info: InvocationInfo, fn: () => Promise<DurableExecutionInvocationOutput>): Promise<DurableExecutionInvocationOutput> {
    this.lines.push(String(info.executionInput));
    return fn();
  }
  async onInvocationEnd(info: InvocationEndInfo): Promise<void> {
    const retrying: boolean = info.status === PluginInvocationStatus.RETRYING;
    this.lines.push(`${retrying} ${String(info.executionResult)} ${info.executionError?.message ?? ''} ${Object.keys(info.operations).length}`);
  }
  async onOperationStart(info: OperationInfo): Promise<void> {
    const failed: boolean = info.status === PluginOperationStatus.FAILED;
    this.lines.push(`${info.id} ${info.name ?? ''} ${info.type} ${info.subType ?? ''} ${info.parentId ?? ''} ${failed} ${info.isReplay}`);
  }
  async onOperationEnd(info: OperationEndInfo): Promise<void> {
    this.lines.push(`${info.result ?? ''} ${info.error?.name ?? ''} ${String(info.startTimestamp)} ${String(info.endTimestamp)} ${info.attempt ?? 0}`);
  }
  async onOperationAttemptStart(info: AttemptInfo): Promise<void> {
    const attempt: number = info.attempt;
    this.lines.push(String(attempt));
  }
  wrapOperationAttemptFn(info: AttemptInfo, fn: () => unknown): unknown {
    this.lines.push(info.id);
    return fn();
  }
  async onOperationAttemptEnd(info: AttemptEndInfo): Promise<void> {
    this.lines.push(info.outcome === AttemptEndInfoOutcome.FAILED ? `failed ${info.error?.message ?? ''}` : 'ok');
  }
  wrapChildContextFn(info: OperationInfo, fn: () => unknown): unknown {
    this.lines.push(info.id);
    return fn();
  }
  async onOperationChange(info: OperationChangeInfo): Promise<void> {
    this.lines.push(`${info.executionArn} ${Object.keys(info.updatedOperations).length} ${Object.keys(info.operations).length}`);
  }
  enrichLogContext(): Record<string, string | number | boolean> | undefined {
    return { lines: this.lines.length };
  }
}

const pluginType: DurableInstrumentationPluginType<TracingPlugin> = TracingPlugin;
const apiVersion: 1 = DURABLE_INSTRUMENTATION_PLUGIN_API_VERSION;
export const durableExecutionPluginProvider: DurableInstrumentationPluginProvider<TracingPlugin> = {
  pluginApiVersion: apiVersion,
  pluginType,
  createPlugin: () => new TracingPlugin(),
};

export const tracedHandler = withDurableExecution(async (_event: unknown, context) => context.step('traced', async () => 1), {
  plugins: [durableExecutionPluginProvider.createPlugin(), { onOperationEnd: async () => undefined }],
  pluginsConfig: { childOperationsDepth: 1 },
});
