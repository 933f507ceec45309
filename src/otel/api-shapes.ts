/**
 * The parts of `@opentelemetry/api` the plugin uses, written structurally so that the public
 * declarations compile without the package installed (it is an optional peer, loaded lazily).
 */

/** Attribute values spans accept. */
export type AttributeValue = string | number | boolean;

/** `SpanContext`. */
export interface SpanContextShape {
  traceId: string;
  spanId: string;
  traceFlags: number;
  isRemote?: boolean;
}

/** A `Link` between spans. */
export interface LinkShape {
  context: SpanContextShape;
  attributes?: Record<string, AttributeValue>;
}

/** `Span`. */
export interface SpanShape {
  spanContext(): SpanContextShape;
  setAttribute(key: string, value: AttributeValue): unknown;
  setAttributes(attributes: Record<string, AttributeValue>): unknown;
  setStatus(status: { code: number; message?: string }): unknown;
  recordException(exception: Error, time?: Date): void;
  addLink?(link: LinkShape): unknown;
  end(endTime?: Date): void;
}

/** `Context` (opaque). */
export type ContextShape = object;

/** Options of `Tracer.startSpan`. */
export interface SpanOptionsShape {
  kind?: number;
  attributes?: Record<string, AttributeValue>;
  links?: LinkShape[];
  startTime?: Date;
  root?: boolean;
}

/** `Tracer`. */
export interface TracerShape {
  startSpan(name: string, options?: SpanOptionsShape, context?: ContextShape): SpanShape;
}

/** What the plugin reads from the `@opentelemetry/api` module. */
export interface OtelApiShape {
  trace: {
    getTracer(name: string, version?: string): TracerShape;
    setSpan(context: ContextShape, span: SpanShape): ContextShape;
    setSpanContext(context: ContextShape, spanContext: SpanContextShape): ContextShape;
  };
  context: {
    active(): ContextShape;
    with<R>(context: ContextShape, fn: () => R): R;
  };
  ROOT_CONTEXT: ContextShape;
}

/** `SpanKind` values. */
export const SpanKind = { INTERNAL: 0, SERVER: 1, CLIENT: 2 } as const;
/** `SpanStatusCode` values. */
export const SpanStatusCode = { UNSET: 0, OK: 1, ERROR: 2 } as const;
/** `TraceFlags.SAMPLED`. */
export const TRACE_FLAG_SAMPLED = 1;
