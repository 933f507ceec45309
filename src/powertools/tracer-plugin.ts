/**
 * Powertools Tracer adapter: an X-Ray subsegment per operation that runs (never for a replay),
 * under the subsegment of its parent context, through `@aws-lambda-powertools/tracer`. The
 * package is not imported: any object with the Tracer's `getSegment()` works, so the adapter
 * costs nothing to load. X-Ray segments end with their invocation, so an operation still open
 * when the invocation ends (a wait, a callback, a retried step) is closed there, annotated
 * `durable_suspended`, and reported again, from its recorded start, in the invocation it ends in.
 */
import type { AttemptEndInfo, DurableInstrumentationPlugin, InvocationEndInfo, InvocationInfo, OperationInfo } from 'durable-lambda';

/** The part of an X-Ray (sub)segment the adapter uses. */
export interface XRaySegmentLike {
  addNewSubsegment(name: string): XRaySubsegmentLike;
}

/** The part of an X-Ray subsegment the adapter uses. */
export interface XRaySubsegmentLike extends XRaySegmentLike {
  addAnnotation(key: string, value: string | number | boolean): void;
  addMetadata(key: string, value: unknown, namespace?: string): void;
  addError(error: Error, remote?: boolean): void;
  close(error?: Error | string | null): void;
  start_time?: number;
}

/** The part of `@aws-lambda-powertools/tracer`'s `Tracer` the adapter calls. */
export interface PowertoolsTracerLike {
  getSegment(): XRaySegmentLike | undefined;
}

interface InvocationSegments {
  root: XRaySegmentLike;
  arn: string;
  open: Map<string, XRaySubsegmentLike>;
}

/**
 * X-Ray subsegments for executed operations, with a Powertools `Tracer`.
 *
 * @example
 * ```ts
 * import { Tracer } from '@aws-lambda-powertools/tracer';
 * import { createPowertoolsTracerPlugin } from 'durable-lambda/powertools';
 *
 * const tracer = new Tracer({ serviceName: 'orders' });
 * export const handler = withDurableExecution(async (event, context) => context.step('charge', charge), {
 *   plugins: [createPowertoolsTracerPlugin(tracer)],
 * });
 * ```
 */
export function createPowertoolsTracerPlugin(tracer: PowertoolsTracerLike): DurableInstrumentationPlugin {
  let current: InvocationSegments | undefined;

  const subsegment = (info: OperationInfo, late: boolean): XRaySubsegmentLike | undefined => {
    if (!current) return undefined;
    const existing = current.open.get(info.id);
    if (existing) return existing;
    const parent = (info.parentId === undefined ? undefined : current.open.get(info.parentId)) ?? current.root;
    const sub = parent.addNewSubsegment(`${info.subType ?? info.type} ${info.name ?? info.id}`);
    if (late && info.startTimestamp) sub.start_time = info.startTimestamp.getTime() / 1000;
    sub.addAnnotation('durable_execution_arn', current.arn);
    sub.addAnnotation('durable_operation_name', info.name ?? '');
    sub.addAnnotation('durable_operation_type', info.type);
    if (info.subType) sub.addAnnotation('durable_operation_subtype', info.subType);
    sub.addMetadata('durable.operation.id', info.id, 'durable');
    current.open.set(info.id, sub);
    return sub;
  };

  return {
    async onInvocationStart(info: InvocationInfo) {
      const root = tracer.getSegment();
      current = root ? { root, arn: info.executionArn, open: new Map() } : undefined;
    },
    async onOperationStart(info: OperationInfo) {
      if (!info.isReplay) subsegment(info, false);
    },
    async onOperationAttemptEnd(info: AttemptEndInfo) {
      const sub = current?.open.get(info.id);
      if (!sub) return;
      sub.addMetadata(`attempt ${info.attempt}`, { outcome: info.outcome, error: info.error?.message, nextAttemptDelaySeconds: info.nextAttemptDelaySeconds }, 'durable');
    },
    async onOperationEnd(info: OperationInfo) {
      if (info.isReplay || !current) return;
      const sub = subsegment(info, true);
      if (!sub) return;
      if (info.status) sub.addAnnotation('durable_operation_status', info.status);
      if (info.error) sub.addError(info.error);
      sub.close();
      current.open.delete(info.id);
    },
    async onInvocationEnd(info: InvocationEndInfo) {
      if (!current) return;
      for (const sub of current.open.values()) {
        sub.addAnnotation('durable_suspended', true);
        sub.close();
      }
      current.open.clear();
      if (info.status !== 'SUCCEEDED' && info.executionError && 'addError' in current.root) {
        (current.root as XRaySubsegmentLike).addMetadata('durable.invocation.error', info.executionError.message, 'durable');
      }
      current = undefined;
    },
  };
}
