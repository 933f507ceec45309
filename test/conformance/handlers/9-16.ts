// 9-16 Map of four ~70 KB results: the aggregate exceeds 256 KB, so the Map context uses ReplayChildren.
import { withDurableExecution } from 'durable-lambda';

export const handler = withDurableExecution(async (_event: unknown, context) => {
  const result = await context.map('large', [0, 1, 2, 3], async (_iteration, item: number) => String(item).repeat(70 * 1024), {
    maxConcurrency: 1,
  });
  return { successCount: result.successCount, totalCount: result.totalCount };
});
