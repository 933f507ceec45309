// 3-12 The process crashes inside a child context's step after StepStarted is checkpointed; the
// next invocation re-runs the step. A marker file (like the DynamoDB table of the public test)
// makes only the first run crash.
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withDurableExecution } from 'durable-lambda';

const markerFor = (arn: string): string => join(tmpdir(), `conformance-3-12-${arn.replace(/[^A-Za-z0-9]/g, '_').slice(-120)}`);

export const handler = withDurableExecution(async (event: string, context) => {
  const marker = markerFor(context.executionContext.durableExecutionArn);
  return context.runInChildContext(async (child) =>
    child.step(async () => {
      if (!existsSync(marker)) {
        writeFileSync(marker, 'crashed');
        // Give the StepStarted checkpoint time to reach the service before the crash.
        await new Promise((resolve) => setTimeout(resolve, 300));
        process.exit(1);
      }
      rmSync(marker, { force: true });
      return event;
    }),
  );
});
