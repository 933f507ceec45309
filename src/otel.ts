/**
 * `durable-lambda/otel`: OpenTelemetry traces for durable executions, as an instrumentation
 * plugin over `@opentelemetry/api` (an optional peer, loaded on the first invocation). The plugin
 * has no exporter: spans go to the tracer provider the application registered.
 *
 * Spans (attribute names: OpenTelemetry semantic conventions where they exist, `durable.*` otherwise):
 * - `durable.invocation` (SERVER) per invocation: `faas.invocation_id`, `faas.coldstart`,
 *   `durable.invocation.first`, `durable.invocation.status` (SUCCEEDED, FAILED, PENDING, RETRYING).
 * - `<SubType> <name>` per operation that runs, never for a replay: `durable.operation.id`,
 *   `.parent_id`, `.name`, `.type`, `.subtype`, `.status`, `.attempts`, `.result.bytes`; a child of
 *   its parent context's span. It stays open until the operation ends, so a wait, callback or
 *   retried step that spans invocations is one span, linked to every invocation it crossed.
 * - `attempt <n>` per step or condition-check attempt, a child of the operation span:
 *   `durable.attempt.number`, `.outcome`, `.next_delay_seconds`, and the error.
 * - `durable.checkpoint` (CLIENT) per checkpoint call: `durable.checkpoint.updates`, `.payload.bytes`.
 * Every span carries `durable.execution.arn`. All invocations of an execution share one trace:
 * the W3C `traceparent` carried by its input (a `context.invoke` from a traced execution puts it
 * there), else trace and parent ids derived from the execution ARN.
 *
 * @packageDocumentation
 */
import { MissingPeerError, importPeer } from './peers/optional-peer.js';
import type { DurableInstrumentationPlugin } from 'durable-lambda';
import type { OtelApiShape, TracerShape } from './otel/api-shapes.js';
import { OpenTelemetryPlugin } from './otel/plugin.js';

export { Attr as OtelAttributes } from './otel/attributes.js';
export { formatTraceparent, parseTraceparent } from './otel/carrier.js';

/** Options of {@link createOpenTelemetryPlugin}. */
export interface OpenTelemetryPluginOptions {
  /**
   * The tracer to create spans with (an `@opentelemetry/api` `Tracer`); default
   * `trace.getTracer(tracerName)` from the globally registered provider.
   */
  tracer?: TracerShape;
  /** Name of the default tracer (default `durable-lambda`). */
  tracerName?: string;
  /** The `@opentelemetry/api` module, for bundles that must not import it dynamically. */
  api?: OtelApiShape;
}

/** The plugin `createOpenTelemetryPlugin` returns. */
export interface OpenTelemetryDurablePlugin extends DurableInstrumentationPlugin {
  /**
   * The W3C trace context (`{ traceparent }`) of the running attempt, child context or
   * invocation, for code that sends callbacks or messages to continue the trace; `{}` before
   * the first invocation.
   */
  traceCarrier(): Record<string, string>;
  /**
   * Loads `@opentelemetry/api` now. Hooks load it on the first invocation and, when it is
   * missing, print one line and trace nothing; await this at start-up to fail early instead.
   * @throws {MissingPeerError} when `@opentelemetry/api` is not installed.
   */
  ready(): Promise<void>;
}

export type { AttributeValue, OtelApiShape, SpanContextShape, SpanShape, TracerShape } from './otel/api-shapes.js';

/**
 * Creates the OpenTelemetry plugin. Register a tracer provider (e.g. `@opentelemetry/sdk-trace-node`
 * or the ADOT layer) before the first invocation, and flush it after each one.
 *
 * @example
 * ```ts
 * import { withDurableExecution } from 'durable-lambda';
 * import { createOpenTelemetryPlugin } from 'durable-lambda/otel';
 *
 * const tracing = createOpenTelemetryPlugin();
 * export const handler = withDurableExecution(
 *   async (event: { orderId: string }, context) => {
 *     const [callback, callbackId] = await context.createCallback('approval');
 *     await context.step('notify', async () => ({ callbackId, trace: tracing.traceCarrier() }));
 *     return callback;
 *   },
 *   { plugins: [tracing] },
 * );
 * ```
 */
export function createOpenTelemetryPlugin(options: OpenTelemetryPluginOptions = {}): OpenTelemetryDurablePlugin {
  const plugin = new OpenTelemetryPlugin({
    loadApi: options.api
      ? () => Promise.resolve(options.api as OtelApiShape)
      : () => importPeer(() => import('@opentelemetry/api') as Promise<unknown> as Promise<OtelApiShape>, '@opentelemetry/api', 'durable-lambda/otel'),
    tracer: options.tracer,
    tracerName: options.tracerName ?? 'durable-lambda',
    onLoadError: (error) => {
      // Plugin failures never fail the execution, so a missing peer is said once, on one line.
      console.error(error instanceof MissingPeerError ? error.message : `durable-lambda/otel: cannot load @opentelemetry/api: ${String(error)}`);
    },
  });
  return plugin;
}
