/** Human-readable replay reports: the recorded and the new operation side by side. */
import type { ReplayedOperation, ReplayHistoryReport } from './replay-history.js';

/** Control characters from recorded names could drive the terminal; show them escaped. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const safe = (text: string): string => text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** `STEP "charge" (WaitForCallback)`. */
export const describeOperation = (op: ReplayedOperation | undefined): string =>
  op === undefined ? '(nothing)' : `${op.type}${op.subType !== undefined ? `/${op.subType}` : ''} ${op.name !== undefined ? `"${safe(op.name)}"` : '(unnamed)'}`;

/**
 * One report as lines: a status line, then for a mismatch the two operations side by side.
 *
 * @example
 * ```ts
 * console.log(formatReplayReport('h.json', await replayHistory({ handler, history })));
 * ```
 */
export function formatReplayReport(label: string, report: ReplayHistoryReport): string {
  const head = `${report.ok ? '✓' : '✗'} ${safe(label)}`;
  if (report.outcome === 'match') return `${head}: replays all ${report.replayed} recorded operations`;
  if (report.outcome === 'beyond') {
    const next = report.next;
    return [
      `${head}: replays ${report.replayed} recorded operations, then would run ${describeOperation(next)}${next?.position !== undefined ? ` at position ${next.position}` : ''}`,
      ...(next?.location !== undefined ? [`    new call at ${next.location}`] : []),
    ].join('\n');
  }
  const mismatch = report.mismatch;
  if (mismatch?.reason === 'removed') {
    return `${head}: the new code no longer reaches recorded ${describeOperation(mismatch.recorded)} (id ${mismatch.recorded.id}) after ${report.replayed} operations`;
  }
  const width = Math.max(describeOperation(mismatch?.recorded).length, 'recorded'.length);
  return [
    `${head}: ${mismatch?.reason ?? 'type'} mismatch after ${report.replayed} replayed operations${mismatch?.actual?.position !== undefined ? `, at position ${mismatch.actual.position}` : ''}`,
    `    ${'recorded'.padEnd(width)} | new code`,
    `    ${describeOperation(mismatch?.recorded).padEnd(width)} | ${describeOperation(mismatch?.actual)}`,
    ...(mismatch?.actual?.location !== undefined ? [`    new call at ${mismatch.actual.location}`] : []),
  ].join('\n');
}
