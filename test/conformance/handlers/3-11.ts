// 3-11 Child context whose result exceeds 256 KB (ReplayChildren); it logs the input outside its
// step with replay logging on, so its re-execution on replay is visible in the log.
import { withDurableExecution } from 'durable-lambda';

export const handler = withDurableExecution(async (event: string, context) => {
  context.configureLogger({ modeAware: false });
  const large = await context.runInChildContext('large_result', async (child) => {
    // Mode-aware logging is configured per context: turn it off in the child too.
    child.configureLogger({ modeAware: false });
    child.logger.info(`building large result for ${event}`);
    const seed = await child.step(async () => event);
    return seed.repeat(Math.ceil((300 * 1024) / Math.max(seed.length, 1)));
  });
  await context.wait({ seconds: 1 });
  return { size: large.length };
});
