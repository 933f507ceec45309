/**
 * Powertools Metrics adapter: durable-execution metrics in CloudWatch Embedded Metric Format
 * through `@aws-lambda-powertools/metrics`, published at the end of every invocation. Replayed
 * work is never counted as run: `OperationsRun` counts an operation once, in the invocation that
 * ran it; replays are counted apart, as `OperationsReplayed`. The package is not imported: any
 * object with the Metrics' `addMetric` and `publishStoredMetrics` works.
 */
import type { AttemptEndInfo, CheckpointInfo, DurableInstrumentationPlugin, InvocationEndInfo, InvocationInfo, OperationInfo } from 'durable-lambda';

const FINISHED = new Set(['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'STOPPED', 'CANCELLED']);

/** The part of `@aws-lambda-powertools/metrics`'s `Metrics` the adapter calls. */
export interface PowertoolsMetricsLike {
  addMetric(name: string, unit: 'Count' | 'Milliseconds' | 'Bytes', value: number): void;
  publishStoredMetrics(): void;
}

/** Options of {@link createPowertoolsMetricsPlugin}. */
export interface PowertoolsMetricsPluginOptions {
  /** Publish (flush) the stored metrics at the end of every invocation (default true). */
  publish?: boolean;
}

/**
 * The metric names the adapter writes: operations run and replayed, attempts and retries,
 * checkpoint calls and their latency, payload bytes written to checkpoints and offloaded to a
 * blob store, invocations and (when an execution ends) executions, so that invocations per
 * execution is `Invocations / ExecutionsEnded`.
 */
export const DurableMetricNames = {
  OPERATIONS_RUN: 'OperationsRun',
  OPERATIONS_REPLAYED: 'OperationsReplayed',
  ATTEMPTS: 'Attempts',
  RETRIES: 'Retries',
  CHECKPOINT_CALLS: 'CheckpointCalls',
  CHECKPOINT_LATENCY: 'CheckpointLatency',
  PAYLOAD_BYTES_WRITTEN: 'PayloadBytesWritten',
  PAYLOAD_BYTES_OFFLOADED: 'PayloadBytesOffloaded',
  INVOCATIONS: 'Invocations',
  EXECUTIONS_ENDED: 'ExecutionsEnded',
} as const;

/**
 * Durable-execution metrics with a Powertools `Metrics` instance.
 *
 * @example
 * ```ts
 * import { Metrics } from '@aws-lambda-powertools/metrics';
 * import { createPowertoolsMetricsPlugin } from 'durable-lambda/powertools';
 *
 * const metrics = new Metrics({ namespace: 'orders', serviceName: 'checkout' });
 * export const handler = withDurableExecution(async (event, context) => context.step('charge', charge), {
 *   plugins: [createPowertoolsMetricsPlugin(metrics)],
 * });
 * ```
 */
export function createPowertoolsMetricsPlugin(metrics: PowertoolsMetricsLike, options: PowertoolsMetricsPluginOptions = {}): DurableInstrumentationPlugin {
  const names = DurableMetricNames;
  const count = (name: string, value = 1): void => metrics.addMetric(name, 'Count', value);
  return {
    async onInvocationStart(info: InvocationInfo) {
      count(names.INVOCATIONS);
      // Operations completed before the previous invocation ended are replayed by this one (not
      // run again); those the service completed since (a wait, a callback) end live here.
      const replayed = Object.entries(info.operations).filter(
        ([id, op]) => op.type !== 'EXECUTION' && op.status !== undefined && FINISHED.has(op.status) && !(id in info.updatedOperations),
      ).length;
      if (replayed > 0) count(names.OPERATIONS_REPLAYED, replayed);
    },
    async onOperationStart(info: OperationInfo) {
      if (!info.isReplay) count(names.OPERATIONS_RUN);
    },
    async onOperationAttemptEnd(info: AttemptEndInfo) {
      count(names.ATTEMPTS);
      if (info.nextAttemptDelaySeconds !== undefined && info.outcome === 'FAILED') count(names.RETRIES);
    },
    async onCheckpoint(info: CheckpointInfo) {
      count(names.CHECKPOINT_CALLS);
      metrics.addMetric(names.CHECKPOINT_LATENCY, 'Milliseconds', info.endTimestamp.getTime() - info.startTimestamp.getTime());
      if (info.payloadBytes > 0) metrics.addMetric(names.PAYLOAD_BYTES_WRITTEN, 'Bytes', info.payloadBytes);
      if (info.offloadedBytes > 0) metrics.addMetric(names.PAYLOAD_BYTES_OFFLOADED, 'Bytes', info.offloadedBytes);
    },
    async onInvocationEnd(info: InvocationEndInfo) {
      if (info.status === 'SUCCEEDED' || info.status === 'FAILED') count(names.EXECUTIONS_ENDED);
      if (options.publish !== false) metrics.publishStoredMetrics();
    },
  };
}
