/**
 * The OpenTelemetry plugin: spans from the plugin hooks. One span per invocation; one per
 * operation that runs (never for a replay), open until the operation ends, even across
 * invocations in the same process; attempts as its children; checkpoint calls as client spans.
 * Every span carries the execution ARN. An operation whose start happened in another process
 * (another Lambda environment) gets its span when it is next seen, starting at its recorded start.
 */
import type {
  AttemptEndInfo,
  AttemptInfo,
  CheckpointInfo,
  DurableInstrumentationPlugin,
  InvocationEndInfo,
  InvocationInfo,
  OperationInfo,
} from 'durable-lambda';
import { AsyncLocalStorage } from 'node:async_hooks';
import { INVOKE_CARRIER_FIELD } from 'durable-lambda';
import type { AttributeValue, ContextShape, OtelApiShape, SpanContextShape, SpanShape, TracerShape } from './api-shapes.js';
import { SpanKind, SpanStatusCode } from './api-shapes.js';
import { Attr } from './attributes.js';
import { carriedParent, executionParent, formatTraceparent } from './carrier.js';

/** An operation span and the invocations it has been open in. */
interface OpenOperation {
  span: SpanShape;
  invocations: SpanContextShape[];
}

/** What the plugin keeps per execution (in this process). */
interface ExecutionSpans {
  arn: string;
  parent: ContextShape;
  invocation?: SpanShape;
  operations: Map<string, OpenOperation>;
  attempts: Map<string, SpanShape>;
}

/** Resolved settings of the plugin. */
export interface OtelPluginSettings {
  loadApi: () => Promise<OtelApiShape>;
  tracer?: TracerShape;
  tracerName: string;
  onLoadError: (error: unknown) => void;
}

const TERMINAL = new Set(['SUCCEEDED', 'FAILED']);

function errorType(error: Error): string {
  return error.name || 'Error';
}

/** The plugin instance behind `createOpenTelemetryPlugin`. */
export class OpenTelemetryPlugin implements DurableInstrumentationPlugin {
  private api: OtelApiShape | undefined;
  private tracer: TracerShape | undefined;
  private loading: Promise<OtelApiShape> | undefined;
  private loadErrorReported = false;
  private readonly executions = new Map<string, ExecutionSpans>();
  /** The execution whose invocation runs in this async flow (several may run in one process). */
  private readonly flow = new AsyncLocalStorage<ExecutionSpans>();
  /** The last execution an invocation started for: the fallback outside that flow. */
  private last: ExecutionSpans | undefined;
  private coldStart = true;

  constructor(private readonly settings: OtelPluginSettings) {}

  /** Loads `@opentelemetry/api`; rejects (e.g. with MissingPeerError) when it cannot. */
  ready(): Promise<void> {
    this.loading ??= this.settings.loadApi().then((api) => {
      this.api = api;
      this.tracer = this.settings.tracer ?? api.trace.getTracer(this.settings.tracerName);
      return api;
    });
    return this.loading.then(() => undefined);
  }

  /** `ready()` for hooks: a failure is reported once and leaves the plugin inert. */
  private async ensureApi(): Promise<boolean> {
    try {
      await this.ready();
      return true;
    } catch (error) {
      if (!this.loadErrorReported) this.settings.onLoadError(error);
      this.loadErrorReported = true;
      return false;
    }
  }

  async onInvocationStart(info: InvocationInfo): Promise<void> {
    if (!(await this.ensureApi()) || !this.api || !this.tracer) return;
    const { api } = this;
    let execution = this.executions.get(info.executionArn);
    if (!execution) {
      const parent = carriedParent(info.executionInput, INVOKE_CARRIER_FIELD) ?? executionParent(info.executionArn);
      execution = { arn: info.executionArn, parent: api.trace.setSpanContext(api.ROOT_CONTEXT, parent), operations: new Map(), attempts: new Map() };
      this.executions.set(info.executionArn, execution);
    }
    execution.invocation = this.tracer.startSpan(
      'durable.invocation',
      {
        kind: SpanKind.SERVER,
        attributes: {
          [Attr.EXECUTION_ARN]: info.executionArn,
          [Attr.INVOCATION_ID]: info.requestId,
          [Attr.INVOCATION_FIRST]: info.isFirstInvocation,
          [Attr.COLDSTART]: this.coldStart,
        },
      },
      execution.parent,
    );
    this.coldStart = false;
    for (const open of execution.operations.values()) open.invocations.push(execution.invocation.spanContext());
    this.last = execution;
  }

  wrapInvocation<R>(info: InvocationInfo, fn: () => Promise<R>): Promise<R> {
    const execution = this.executions.get(info.executionArn);
    if (!execution) return fn();
    return this.flow.run(execution, () => this.within(execution.invocation, fn));
  }

  async onInvocationEnd(info: InvocationEndInfo): Promise<void> {
    const execution = this.executions.get(info.executionArn);
    const span = execution?.invocation;
    if (!execution || !span) return;
    span.setAttribute(Attr.INVOCATION_STATUS, info.status);
    if (info.executionError && info.status !== 'SUCCEEDED') this.fail(span, info.executionError);
    for (const [id, attempt] of execution.attempts) {
      attempt.setStatus({ code: SpanStatusCode.ERROR, message: 'the invocation ended during the attempt' });
      attempt.end();
      execution.attempts.delete(id);
    }
    if (TERMINAL.has(info.status)) {
      for (const open of execution.operations.values()) this.endOperation(open);
      this.executions.delete(info.executionArn);
    }
    span.end();
    execution.invocation = undefined;
  }

  async onOperationStart(info: OperationInfo): Promise<void> {
    if (info.isReplay) return;
    this.operation(info, false);
  }

  async onOperationEnd(info: OperationInfo): Promise<void> {
    if (info.isReplay) return;
    const execution = this.current();
    const open = this.operation(info, true);
    if (!execution || !open) return;
    if (info.status) open.span.setAttribute(Attr.OPERATION_STATUS, info.status);
    if (info.result !== undefined) open.span.setAttribute(Attr.OPERATION_RESULT_BYTES, Buffer.byteLength(info.result, 'utf8'));
    if (info.attempt !== undefined) open.span.setAttribute(Attr.OPERATION_ATTEMPTS, info.attempt);
    if (info.error) this.fail(open.span, info.error);
    this.endOperation(open);
    execution.operations.delete(info.id);
  }

  async onOperationAttemptStart(info: AttemptInfo): Promise<void> {
    const execution = this.current();
    const open = this.operation(info, true);
    if (!execution || !open || !this.api || !this.tracer) return;
    const attempt = this.tracer.startSpan(
      `attempt ${info.attempt}`,
      { kind: SpanKind.INTERNAL, attributes: { ...this.identity(info), [Attr.ATTEMPT_NUMBER]: info.attempt } },
      this.api.trace.setSpan(execution.parent, open.span),
    );
    execution.attempts.set(info.id, attempt);
  }

  wrapOperationAttemptFn(info: AttemptInfo, fn: () => unknown): unknown {
    return this.within(this.current()?.attempts.get(info.id), fn);
  }

  wrapChildContextFn(info: OperationInfo, fn: () => unknown): unknown {
    return this.within(this.current()?.operations.get(info.id)?.span, fn);
  }

  async onOperationAttemptEnd(info: AttemptEndInfo): Promise<void> {
    const attempt = this.current()?.attempts.get(info.id);
    if (!attempt) return;
    attempt.setAttribute(Attr.ATTEMPT_OUTCOME, info.outcome);
    if (info.nextAttemptDelaySeconds !== undefined) attempt.setAttribute(Attr.ATTEMPT_NEXT_DELAY, info.nextAttemptDelaySeconds);
    if (info.error) this.fail(attempt, info.error);
    attempt.end();
    this.current()?.attempts.delete(info.id);
  }

  async onCheckpoint(info: CheckpointInfo): Promise<void> {
    const execution = this.executions.get(info.executionArn);
    if (!execution || !this.api || !this.tracer) return;
    const parent = execution.invocation ? this.api.trace.setSpan(execution.parent, execution.invocation) : execution.parent;
    const span = this.tracer.startSpan(
      'durable.checkpoint',
      {
        kind: SpanKind.CLIENT,
        startTime: info.startTimestamp,
        attributes: {
          [Attr.EXECUTION_ARN]: info.executionArn,
          [Attr.CHECKPOINT_UPDATES]: info.updateCount,
          [Attr.CHECKPOINT_PAYLOAD_BYTES]: info.payloadBytes,
        },
      },
      parent,
    );
    if (info.error) this.fail(span, info.error);
    span.end(info.endTimestamp);
  }

  invokeCarrier(info: OperationInfo): Record<string, string> | undefined {
    const open = this.operation(info, true);
    return open ? { traceparent: formatTraceparent(open.span.spanContext()) } : undefined;
  }

  /**
   * W3C carrier of the innermost live span: the active one (an attempt or child context run by
   * this plugin), else the current invocation's. Empty before the first invocation started.
   */
  traceCarrier(): Record<string, string> {
    const span = this.current()?.invocation;
    const active = this.api ? (this.api.trace as { getSpan?: (context: ContextShape) => SpanShape | undefined }).getSpan?.(this.api.context.active()) : undefined;
    const chosen = active ?? span;
    return chosen ? { traceparent: formatTraceparent(chosen.spanContext()) } : {};
  }

  private current(): ExecutionSpans | undefined {
    return this.flow.getStore() ?? this.last;
  }

  /** Attributes naming the operation, on every operation and attempt span. */
  private identity(info: OperationInfo): Record<string, AttributeValue> {
    const attributes: Record<string, AttributeValue> = {
      [Attr.EXECUTION_ARN]: this.current()?.arn ?? '',
      [Attr.OPERATION_ID]: info.id,
      [Attr.OPERATION_NAME]: info.name ?? '',
      [Attr.OPERATION_TYPE]: info.type,
    };
    if (info.subType) attributes[Attr.OPERATION_SUBTYPE] = info.subType;
    if (info.parentId) attributes[Attr.OPERATION_PARENT_ID] = info.parentId;
    return attributes;
  }

  /**
   * The open span of an operation, started now when absent. `late`: the operation is known to
   * have started earlier (possibly in another process), so the span starts at its recorded start.
   */
  private operation(info: OperationInfo, late: boolean): OpenOperation | undefined {
    const execution = this.current();
    if (!execution?.invocation || !this.api || !this.tracer) return undefined;
    const existing = execution.operations.get(info.id);
    if (existing) return existing;
    const parentOpen = info.parentId === undefined ? undefined : execution.operations.get(info.parentId);
    const parentSpan = parentOpen?.span ?? execution.invocation;
    const startTime = late && info.startTimestamp && info.startTimestamp.getTime() <= Date.now() ? info.startTimestamp : undefined;
    const span = this.tracer.startSpan(
      `${info.subType ?? info.type} ${info.name ?? info.id}`,
      { kind: SpanKind.INTERNAL, attributes: this.identity(info), ...(startTime ? { startTime } : {}) },
      this.api.trace.setSpan(execution.parent, parentSpan),
    );
    const open: OpenOperation = { span, invocations: [execution.invocation.spanContext()] };
    execution.operations.set(info.id, open);
    return open;
  }

  /** Ends an operation span, linked to every invocation it was open in when more than one. */
  private endOperation(open: OpenOperation): void {
    if (open.invocations.length > 1) {
      for (const [index, context] of open.invocations.entries()) open.span.addLink?.({ context, attributes: { 'durable.invocation.index': index } });
    }
    open.span.end();
  }

  private fail(span: SpanShape, error: Error): void {
    span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
    span.setAttribute(Attr.ERROR_TYPE, errorType(error));
    span.recordException(error);
  }

  /** Runs `fn` with `span` active, so spans users start inside become its children. */
  private within<R>(span: SpanShape | undefined, fn: () => R): R {
    if (!span || !this.api) return fn();
    return this.api.context.with(this.api.trace.setSpan(this.api.context.active(), span), fn);
  }
}
