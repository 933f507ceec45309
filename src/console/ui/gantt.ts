/**
 * The Gantt timeline: invocations on top, then one row per operation (tree order, indented) with
 * its segments: attempts, retry delays, waits, callbacks, chained invokes, child contexts.
 */
import { h, type VNode } from 'preact';
import type { ExecutionView, OperationNode, Segment } from '../view-types.js';
import { formatDuration } from './format.js';

const flatten = (nodes: OperationNode[], depth = 0, out: { op: OperationNode; depth: number }[] = []): { op: OperationNode; depth: number }[] => {
  for (const op of nodes) {
    out.push({ op, depth });
    flatten(op.children, depth + 1, out);
  }
  return out;
};

export const Gantt = (props: { view: ExecutionView; now: number; onSelect: (id: string) => void }): VNode<any> => {
  const { view } = props;
  const origin = view.startMs ?? props.now;
  const end = Math.max(view.endMs ?? props.now, origin + 1);
  const span = end - origin;
  const bar = (s: Segment, i: number): VNode<any> => {
    const from = s.fromMs;
    const to = s.toMs ?? end;
    const text = `${s.label ?? s.kind}: ${formatDuration(to - from)}${s.toMs === undefined ? ' (open)' : ''}`;
    return h('span', {
      key: i,
      class: `bar bar-${s.kind}${s.toMs === undefined ? ' bar-open' : ''}`,
      style: { left: `${((from - origin) / span) * 100}%`, width: `max(2px, ${((to - from) / span) * 100}%)` },
      title: text,
      'aria-label': text,
      role: 'img',
    });
  };
  const rows = flatten(view.operations);
  return h('div', { class: 'gantt', role: 'table', 'aria-label': `Timeline, ${formatDuration(span)} in all` },
    h('div', { role: 'row', class: 'gantt-row gantt-axis' },
      h('span', { role: 'columnheader', class: 'gantt-label' }, 'Operation'),
      h('span', { role: 'columnheader', class: 'gantt-track' }, `0 → ${formatDuration(span)}`)),
    h('div', { role: 'row', class: 'gantt-row' },
      h('span', { role: 'rowheader', class: 'gantt-label' }, `Invocations (${view.invocations.length})`),
      h('span', { role: 'cell', class: 'gantt-track' }, view.invocations.map(bar))),
    rows.map(({ op, depth }) =>
      h('div', { key: op.id, role: 'row', class: 'gantt-row' },
        h('span', { role: 'rowheader', class: 'gantt-label', style: { paddingLeft: `${depth * 12 + 4}px` } },
          h('button', { type: 'button', class: 'link', onClick: () => props.onSelect(op.id) }, op.name ?? op.subType ?? op.kind)),
        h('span', { role: 'cell', class: 'gantt-track' }, op.segments.map(bar)))),
  );
};
