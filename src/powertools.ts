/**
 * `durable-lambda/powertools`: Powertools for AWS Lambda integrations. The Tracer adapter writes an
 * X-Ray subsegment per executed operation, the Metrics adapter durable-execution metrics in EMF
 * (see tracer-plugin.ts and metrics-plugin.ts), and the Logger adapter uses a Powertools `Logger` as the durable context's
 * logger, with the durable fields (executionArn, operationId, operationName, attempt,
 * requestId, tenantId) added to every line. Replay suppression stays with the context
 * (`modeAware`), so replayed code still logs nothing.
 *
 * The Powertools package is not imported here: any object with Powertools' logging methods works.
 *
 * @packageDocumentation
 */
import { inspect } from 'node:util';

export { createPowertoolsTracerPlugin } from './powertools/tracer-plugin.js';
export type { PowertoolsTracerLike, XRaySegmentLike, XRaySubsegmentLike } from './powertools/tracer-plugin.js';
export { createPowertoolsMetricsPlugin, DurableMetricNames } from './powertools/metrics-plugin.js';
export type { PowertoolsMetricsLike, PowertoolsMetricsPluginOptions } from './powertools/metrics-plugin.js';
import type { DurableLogData, DurableLogger, DurableLoggingContext } from 'durable-lambda';

/** Attributes a Powertools log call accepts after the message. */
type ExtraInput = Error | string | Record<string, unknown>;

/** The part of `@aws-lambda-powertools/logger`'s `Logger` the adapter calls. */
export interface PowertoolsLogger {
  debug(input: string | { message: string; [key: string]: unknown }, ...extra: ExtraInput[]): void;
  info(input: string | { message: string; [key: string]: unknown }, ...extra: ExtraInput[]): void;
  warn(input: string | { message: string; [key: string]: unknown }, ...extra: ExtraInput[]): void;
  error(input: string | { message: string; [key: string]: unknown }, ...extra: ExtraInput[]): void;
}

/** Options of {@link createPowertoolsDurableLogger}. */
export interface PowertoolsDurableLoggerOptions {
  /** Which durable fields to add, in this order (default: all of them that are set). */
  fields?: readonly (keyof DurableLogData & string)[];
}

const DEFAULT_FIELDS = ['requestId', 'executionArn', 'tenantId', 'operationId', 'operationName', 'attempt'] as const;

type Level = 'debug' | 'info' | 'warn' | 'error';

const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !(v instanceof Error) && !Array.isArray(v);

/** Powertools' extras are errors, strings and attribute objects; anything else goes in as text. */
const toExtra = (v: unknown): ExtraInput | undefined => {
  if (v === undefined || v === null) return undefined;
  if (v instanceof Error || typeof v === 'string' || isRecord(v)) return v;
  return typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint' ? String(v) : inspect(v, { breakLength: Infinity });
};

/**
 * Adapts a Powertools `Logger` to the durable context (`context.configureLogger({ customLogger })`).
 *
 * @example
 * ```ts
 * import { Logger } from '@aws-lambda-powertools/logger';
 * import { createPowertoolsDurableLogger } from 'durable-lambda/powertools';
 *
 * const logger = createPowertoolsDurableLogger(new Logger({ serviceName: 'orders' }));
 * export const handler = withDurableExecution(async (event, context) => {
 *   context.configureLogger({ customLogger: logger });
 *   context.logger.info('order received', { orderId: event.orderId });
 *   // {"level":"INFO","message":"order received","service":"orders","orderId":1,
 *   //  "requestId":"...","executionArn":"arn:aws:lambda:...",...}
 * });
 * ```
 */
export function createPowertoolsDurableLogger(logger: PowertoolsLogger, options: PowertoolsDurableLoggerOptions = {}): DurableLogger {
  const fields = options.fields ?? DEFAULT_FIELDS;
  let loggingContext: DurableLoggingContext | undefined;

  const durableFields = (): Record<string, unknown> => {
    const data = loggingContext?.getDurableLogData();
    const out: Record<string, unknown> = {};
    if (!data) return out;
    for (const field of fields) if (data[field] !== undefined && data[field] !== null) out[field] = data[field];
    return out;
  };

  const write = (level: Level) => (...params: unknown[]): void => {
    const [first, ...rest] = params;
    const extras = rest.map(toExtra).filter((e) => e !== undefined);
    // The durable fields go last so user attributes cannot overwrite them.
    if (typeof first === 'string') logger[level](first, ...extras, durableFields());
    else if (first instanceof Error) logger[level](first.message, first, ...extras, durableFields());
    else if (isRecord(first)) logger[level]({ ...first, message: typeof first.message === 'string' ? first.message : '' }, ...extras, durableFields());
    else logger[level](first === undefined || first === null ? String(first ?? '') : (toExtra(first) as string), ...extras, durableFields());
  };

  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    configureDurableLoggingContext(context: DurableLoggingContext) {
      loggingContext = context;
    },
  };
}
