// 3-17 Child context that only logs (replay logging on) then a wait: the completed child is not
// re-executed on replay, so the line is logged once.
import { withDurableExecution } from 'durable-lambda';

export const handler = withDurableExecution(async (event: string, context) => {
  context.configureLogger({ modeAware: false });
  const value = await context.runInChildContext('logging_child', async (child) => {
    // Mode-aware logging is configured per context: turn it off in the child too.
    child.configureLogger({ modeAware: false });
    child.logger.info(`child received ${event}`);
    return event;
  });
  await context.wait({ seconds: 1 });
  return value;
});
