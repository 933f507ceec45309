/**
 * What a scenario is and what it reports. A scenario measures one SDK at a time and returns a
 * value per declared metric; the runner measures both SDKs in the same process and merges.
 */
import type { Feature, SdkAdapter } from './adapters.js';

/** One figure a scenario reports. */
export interface MetricSpec {
  /** Stable key, also the `metric` column. */
  metric: string;
  unit: string;
  better: 'lower' | 'higher';
  /** Ratio ours/official the issue asks for (null where it sets none). */
  target: number | null;
  /** Features this metric needs besides the scenario's own (e.g. pipelined checkpoints). */
  needs?: Feature[];
}

/** How big and how often; `--quick` shrinks everything for a smoke run. */
export interface ScenarioSettings {
  quick: boolean;
  log: (line: string) => void;
}

/** Values for a subset of the declared metrics; a missing metric is reported as n/a. */
export type MetricValues = Partial<Record<string, number>>;

/** One benchmark scenario. */
export interface Scenario {
  name: string;
  description: string;
  /** Features the scenario needs on an SDK; an SDK without them reports n/a. */
  needs: Feature[];
  metrics: MetricSpec[];
  run(adapter: SdkAdapter, settings: ScenarioSettings): Promise<MetricValues>;
}

/** One line of the report and of the JSON file. */
export interface Figure {
  name: string;
  metric: string;
  unit: string;
  ours: number | null;
  official: number | null;
  ratio: number | null;
  better: 'lower' | 'higher';
  target: number | null;
  met: boolean;
  /** Why ours (or official) has no value. */
  notes?: { ours?: string; official?: string };
}

/** Merges both sides into figures; `met` needs both values and a target. */
export const toFigures = (
  scenario: Scenario,
  sides: { ours: MetricValues | string; official: MetricValues | string },
  reasons: { ours?: Partial<Record<string, string>>; official?: Partial<Record<string, string>> } = {},
): Figure[] =>
  scenario.metrics.map((spec) => {
    const pick = (side: MetricValues | string): number | null =>
      typeof side === 'string' ? null : (side[spec.metric] ?? null);
    const why = (side: MetricValues | string, metricReason: string | undefined): string | undefined =>
      typeof side === 'string' ? side : side[spec.metric] === undefined ? (metricReason ?? 'not measured') : undefined;
    const ours = pick(sides.ours);
    const official = pick(sides.official);
    const ratio = ratioOf(ours, official);
    const met =
      spec.target !== null && ratio !== null && (spec.better === 'lower' ? ratio <= spec.target : ratio >= spec.target);
    const oursNote = why(sides.ours, reasons.ours?.[spec.metric]);
    const officialNote = why(sides.official, reasons.official?.[spec.metric]);
    const notes = {
      ...(oursNote === undefined ? {} : { ours: oursNote }),
      ...(officialNote === undefined ? {} : { official: officialNote }),
    };
    return {
      name: scenario.name,
      metric: spec.metric,
      unit: spec.unit,
      ours,
      official,
      ratio,
      better: spec.better,
      target: spec.target,
      met,
      ...(Object.keys(notes).length > 0 ? { notes } : {}),
    };
  });

/** ours / official; 0 / 0 counts as equal (1), anything else over 0 has no ratio. */
export const ratioOf = (ours: number | null, official: number | null): number | null => {
  if (ours === null || official === null) return null;
  if (official === 0) return ours === 0 ? 1 : null;
  return ours / official;
};

/** Thrown by a scenario side that cannot run yet; the runner prints its message as the n/a reason. */
export class NotAvailable extends Error {
  override readonly name = 'NotAvailable';
}
