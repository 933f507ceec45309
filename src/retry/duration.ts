/**
 * A span of time as the durable API takes it: at least one of days, hours, minutes, seconds.
 */

/**
 * A duration with at least one unit. Units add up: `{ minutes: 1, seconds: 30 }` is 90 s.
 *
 * @example
 * ```ts
 * await context.wait({ minutes: 5 });
 * const delay: Duration = { hours: 1, minutes: 30 };
 * ```
 */
export type Duration =
  | { days: number; hours?: number; minutes?: number; seconds?: number }
  | { hours: number; minutes?: number; seconds?: number }
  | { minutes: number; seconds?: number }
  | { seconds: number };

/**
 * Total seconds of a {@link Duration}, summing every unit present. No rounding and no
 * validation, as in the official SDK: callers that need whole positive seconds check the result.
 *
 * @example
 * ```ts
 * durationToSeconds({ minutes: 1, seconds: 30 }); // 90
 * durationToSeconds({ days: 1 });                 // 86400
 * ```
 */
export function durationToSeconds(duration: Duration): number {
  const days = 'days' in duration ? (duration.days ?? 0) : 0;
  const hours = 'hours' in duration ? (duration.hours ?? 0) : 0;
  const minutes = 'minutes' in duration ? (duration.minutes ?? 0) : 0;
  const seconds = 'seconds' in duration ? (duration.seconds ?? 0) : 0;
  return days * 86_400 + hours * 3_600 + minutes * 60 + seconds;
}
