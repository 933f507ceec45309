/** Prints the figures as a table and writes them as JSON. */
import { writeFile } from 'node:fs/promises';
import type { Figure } from './scenario.js';

const formatValue = (value: number | null, unit: string, note: string | undefined): string => {
  if (value === null) return `n/a (${note ?? 'not measured'})`;
  const digits = Math.abs(value) >= 100 || Number.isInteger(value) ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${unit}`;
};

const formatRatio = (figure: Figure): string => {
  if (figure.ratio === null) return 'n/a';
  const ratio = figure.ratio.toFixed(figure.ratio >= 10 ? 1 : 3);
  if (figure.target === null) return ratio;
  const comparison = figure.better === 'lower' ? '<=' : '>=';
  return `${ratio} (target ${comparison} ${figure.target}: ${figure.met ? 'met' : 'NOT met'})`;
};

/** One line per figure: `name | metric | ours | official | ratio`. */
export const formatTable = (figures: readonly Figure[]): string => {
  const rows = figures.map((figure) => [
    figure.name,
    figure.metric,
    `ours: ${formatValue(figure.ours, figure.unit, figure.notes?.ours)}`,
    `official: ${formatValue(figure.official, figure.unit, figure.notes?.official)}`,
    `ratio: ${formatRatio(figure)}`,
  ]);
  const widths = [0, 1, 2, 3].map((column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ').trimEnd()).join('\n');
};

/** The JSON file of `--json`: `{"scenarios": [...]}`, one entry per figure. */
export const writeJsonReport = async (file: string, figures: readonly Figure[], meta: Record<string, unknown>): Promise<void> => {
  const scenarios = figures.map(({ name, metric, unit, ours, official, ratio, better, target, met, notes }) => ({
    name,
    metric,
    unit,
    ours,
    official,
    ratio,
    better,
    target,
    met,
    ...(notes ? { notes } : {}),
  }));
  await writeFile(file, `${JSON.stringify({ scenarios, meta }, null, 2)}\n`);
};
