/**
 * A real OpenTelemetry SDK (sdk-trace-base with an in-memory exporter and the AsyncLocalStorage
 * context manager) and helpers to read the finished spans of one execution.
 */
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { fileURLToPath } from 'node:url';
import { createOpenTelemetryPlugin, type OpenTelemetryDurablePlugin } from 'durable-lambda/otel';

export interface Tracing {
  exporter: InMemorySpanExporter;
  plugin: OpenTelemetryDurablePlugin;
  provider: BasicTracerProvider;
}

let contextManagerSet = false;

/** A provider with an in-memory exporter and a plugin writing to it. */
export function createTracing(): Tracing {
  if (!contextManagerSet) {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    contextManagerSet = true;
  }
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const plugin = createOpenTelemetryPlugin({ tracer: provider.getTracer('durable-lambda-test') });
  return { exporter, plugin, provider };
}

/** Makes every `withDurableExecution` called from now on use `plugin` (DURABLE_EXECUTION_PLUGINS). */
export function useForEveryHandler(plugin: OpenTelemetryDurablePlugin): () => void {
  const previous = process.env.DURABLE_EXECUTION_PLUGINS;
  (globalThis as Record<string, unknown>).__durableLambdaOtelTestPlugin = plugin;
  process.env.DURABLE_EXECUTION_PLUGINS = fileURLToPath(new URL('./env-plugin.mjs', import.meta.url));
  return () => {
    if (previous === undefined) delete process.env.DURABLE_EXECUTION_PLUGINS;
    else process.env.DURABLE_EXECUTION_PLUGINS = previous;
    delete (globalThis as Record<string, unknown>).__durableLambdaOtelTestPlugin;
  };
}

/** Finished spans of one execution (every span carries its ARN). */
export function spansOf(exporter: InMemorySpanExporter, executionArn: string): ReadableSpan[] {
  return exporter.getFinishedSpans().filter((span) => span.attributes['durable.execution.arn'] === executionArn);
}

export const isInvocation = (span: ReadableSpan): boolean => span.name === 'durable.invocation';
export const isCheckpoint = (span: ReadableSpan): boolean => span.name === 'durable.checkpoint';
export const isAttempt = (span: ReadableSpan): boolean => span.attributes['durable.attempt.number'] !== undefined;
export const isOperation = (span: ReadableSpan): boolean =>
  span.attributes['durable.operation.id'] !== undefined && !isAttempt(span);
export const parentSpanId = (span: ReadableSpan): string | undefined => span.parentSpanContext?.spanId;
