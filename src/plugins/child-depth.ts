/**
 * `pluginsConfig.childOperationsDepth`: how many levels of child contexts are marked
 * ReplayChildren so their children stay in the state of later invocations. Each context has a
 * budget; a non-virtual child gets one less than its parent (virtual FLAT items are not a level)
 * and is marked when its budget is at least 1. The root starts at depth + 1.
 */

const budgets = new WeakMap<object, number>();

/** Error message for an invalid depth, or undefined when valid (undefined, integer >= 0, Infinity). */
export function childOperationsDepthProblem(depth: unknown): string | undefined {
  if (depth === undefined || depth === Number.POSITIVE_INFINITY) return undefined;
  if (typeof depth === 'number' && Number.isInteger(depth) && depth >= 0) return undefined;
  return `pluginsConfig.childOperationsDepth must be a non-negative integer or Infinity; got ${depth as string}.`;
}

/** Budget of the root context for a (valid) configured depth. */
export function rootChildDepth(depth: number | undefined): number {
  if (depth === undefined || depth <= 0) return 0;
  return depth === Number.POSITIVE_INFINITY ? depth : depth + 1;
}

/**
 * Gives `child` its budget from `parent` (whose budget defaults to `rootBudget`, i.e. the root
 * context) and returns true when the child context must be marked ReplayChildren.
 */
export function assignChildBudget(options: { parent: object; child: object; virtual: boolean; rootBudget: number }): boolean {
  const parentBudget = budgets.get(options.parent) ?? options.rootBudget;
  const budget = options.virtual ? parentBudget : Math.max(0, parentBudget - 1);
  budgets.set(options.child, budget);
  return budget >= 1;
}
