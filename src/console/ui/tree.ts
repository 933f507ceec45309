/**
 * The operation tree (WAI-ARIA tree pattern): one tab stop, arrow keys move and fold, Enter or
 * Space selects the operation whose details are shown.
 */
import { h, type VNode } from 'preact';
import { useState } from 'preact/hooks';
import type { OperationNode } from '../view-types.js';

const label = (op: OperationNode): string => `${op.name ?? op.subType ?? op.kind} (${op.subType ?? op.kind})`;

/** Visible items in order, for keyboard moves. */
const visible = (nodes: OperationNode[], collapsed: Set<string>, out: OperationNode[] = []): OperationNode[] => {
  for (const n of nodes) {
    out.push(n);
    if (!collapsed.has(n.id)) visible(n.children, collapsed, out);
  }
  return out;
};

export const OperationTree = (props: { roots: OperationNode[]; selected: string | undefined; onSelect: (id: string) => void }): VNode<any> => {
  const [collapsed, setCollapsed] = useState(new Set<string>());
  const [focused, setFocused] = useState<string | undefined>(undefined);
  const items = visible(props.roots, collapsed);
  const active = focused ?? props.selected ?? items[0]?.id;

  const focusItem = (id: string | undefined, tree: HTMLElement): void => {
    if (id === undefined) return;
    setFocused(id);
    tree.querySelector<HTMLElement>(`[data-op="${CSS.escape(id)}"]`)?.focus();
  };
  const toggle = (id: string, open: boolean): void => {
    const next = new Set(collapsed);
    if (open) next.delete(id);
    else next.add(id);
    setCollapsed(next);
  };
  const onKeyDown = (event: KeyboardEvent): void => {
    const tree = event.currentTarget as HTMLElement;
    const at = items.findIndex((i) => i.id === active);
    const current = items[at];
    if (!current) return;
    const parentIndex = items.findIndex((i) => i.id === current.parentId);
    switch (event.key) {
      case 'ArrowDown': focusItem(items[Math.min(items.length - 1, at + 1)]?.id, tree); break;
      case 'ArrowUp': focusItem(items[Math.max(0, at - 1)]?.id, tree); break;
      case 'Home': focusItem(items[0]?.id, tree); break;
      case 'End': focusItem(items.at(-1)?.id, tree); break;
      case 'ArrowRight':
        if (current.children.length > 0 && collapsed.has(current.id)) toggle(current.id, true);
        else focusItem(current.children[0]?.id, tree);
        break;
      case 'ArrowLeft':
        if (current.children.length > 0 && !collapsed.has(current.id)) toggle(current.id, false);
        else if (parentIndex >= 0) focusItem(items[parentIndex]?.id, tree);
        break;
      case 'Enter':
      case ' ': props.onSelect(current.id); break;
      default: return;
    }
    event.preventDefault();
  };

  const item = (op: OperationNode, level: number): VNode<any> => {
    const open = !collapsed.has(op.id);
    return h('li', {
      key: op.id,
      role: 'treeitem',
      'data-op': op.id,
      'aria-level': level,
      'aria-selected': op.id === props.selected,
      'aria-expanded': op.children.length > 0 ? open : undefined,
      tabIndex: op.id === active ? 0 : -1,
      onFocus: (e: FocusEvent) => {
        if (e.target === e.currentTarget) setFocused(op.id);
      },
      onClick: (e: Event) => {
        e.stopPropagation();
        setFocused(op.id);
        props.onSelect(op.id);
      },
    },
    h('span', { class: 'tree-label' },
      h('span', { class: `status status-${op.status}` }, op.status), ' ', label(op), op.attempts > 1 ? ` · ${op.attempts} attempts` : ''),
    op.children.length > 0 && open ? h('ul', { role: 'group' }, op.children.map((c) => item(c, level + 1))) : null,
    );
  };
  return h('ul', { role: 'tree', 'aria-label': 'Operations', class: 'tree', onKeyDown }, props.roots.map((r) => item(r, 1)));
};
