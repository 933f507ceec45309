/**
 * W3C Trace Context (`traceparent`) for the execution: written into chained-invoke payloads and
 * read back from the execution input, plus the execution's default parent when the input carries
 * none. Hand-written: `@opentelemetry/api` has no W3C propagator (it lives in
 * `@opentelemetry/core`, which the plugin does not require), and the format is one line.
 */
import { createHash } from 'node:crypto';
import type { SpanContextShape } from './api-shapes.js';
import { TRACE_FLAG_SAMPLED } from './api-shapes.js';

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const ZERO_TRACE = '0'.repeat(32);
const ZERO_SPAN = '0'.repeat(16);

/** A span context as a `traceparent` header value. */
export function formatTraceparent(context: SpanContextShape): string {
  return `00-${context.traceId}-${context.spanId}-${(context.traceFlags & 0xff).toString(16).padStart(2, '0')}`;
}

/** A `traceparent` value as a remote span context, or undefined when malformed or all-zero. */
export function parseTraceparent(value: unknown): SpanContextShape | undefined {
  if (typeof value !== 'string') return undefined;
  const match = TRACEPARENT.exec(value.trim().toLowerCase());
  if (!match?.[2] || !match[3] || !match[4] || match[1] === 'ff' || match[2] === ZERO_TRACE || match[3] === ZERO_SPAN) return undefined;
  return { traceId: match[2], spanId: match[3], traceFlags: parseInt(match[4], 16), isRemote: true };
}

/** The `traceparent` inside an execution input's carrier field, if any. */
export function carriedParent(input: unknown, field: string): SpanContextShape | undefined {
  if (typeof input !== 'object' || input === null) return undefined;
  const carrier = (input as Record<string, unknown>)[field];
  if (typeof carrier !== 'object' || carrier === null) return undefined;
  return parseTraceparent((carrier as Record<string, unknown>).traceparent);
}

/**
 * The parent every invocation of an execution without a carried context shares: trace and span
 * ids derived from the execution ARN, so invocations in any environment land in one trace.
 */
export function executionParent(executionArn: string): SpanContextShape {
  const digest = createHash('sha256').update(executionArn).digest('hex');
  return { traceId: digest.slice(0, 32), spanId: digest.slice(32, 48), traceFlags: TRACE_FLAG_SAMPLED, isRemote: true };
}
