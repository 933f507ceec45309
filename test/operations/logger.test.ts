import { describe, expect, it } from 'vitest';
import { hashOperationId } from '../../src/engine/ids.js';
import { withDurableExecution } from '../../src/handler.js';
import type { DurableLogData, DurableLogger, DurableLoggingContext } from '../../src/logger/types.js';
import type { DurableContext } from '../../src/types.js';
import { driveToCompletion } from '../support/drive.js';
import { FakeCheckpointClient, TEST_ARN } from '../support/fake-checkpoint-client.js';

function recordingLogger() {
  const lines: { level: string; message: unknown; data: DurableLogData | undefined }[] = [];
  let context: DurableLoggingContext | undefined;
  const at = (level: string) => (message: unknown) => lines.push({ level, message, data: context?.getDurableLogData() });
  const logger: DurableLogger = {
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    debug: at('debug'),
    configureDurableLoggingContext: (c) => (context = c),
  };
  return { logger, lines };
}

describe('context.logger (§5.8)', () => {
  it('suppresses replayed lines, keeps step lines with operation fields', async () => {
    const { logger, lines } = recordingLogger();
    const h = withDurableExecution(async (_e, ctx: DurableContext) => {
      ctx.configureLogger({ customLogger: logger });
      ctx.logger.info('before');
      await ctx.step('work', async ({ logger: stepLogger }) => {
        stepLogger.info('inside step');
        return 1;
      });
      await ctx.wait({ seconds: 1 });
      ctx.logger.info('after');
      return 'ok';
    });
    const service = new FakeCheckpointClient();
    await driveToCompletion({ handler: h, service });
    expect(lines.map((l) => l.message)).toEqual(['before', 'inside step', 'after']);
    expect(lines[1]?.data).toMatchObject({
      requestId: 'req-1',
      executionArn: TEST_ARN,
      operationId: hashOperationId('1'),
      operationName: 'work',
      attempt: 1,
    });
  });

  it('logs every line when mode-aware logging is off', async () => {
    const { logger, lines } = recordingLogger();
    const h = withDurableExecution(async (_e, ctx: DurableContext) => {
      ctx.configureLogger({ customLogger: logger, modeAware: false });
      ctx.logger.warn('always');
      await ctx.wait({ seconds: 1 });
      return 'ok';
    });
    await driveToCompletion({ handler: h, service: new FakeCheckpointClient() });
    expect(lines.map((l) => [l.level, l.message])).toEqual([
      ['warn', 'always'],
      ['warn', 'always'],
    ]);
  });

  it('writes JSON lines with the execution fields through the default logger', async () => {
    const writes: string[] = [];
    const original = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string | Uint8Array) => {
      writes.push(String(chunk));
      return true;
    });
    try {
      const h = withDurableExecution(async (_e, ctx: DurableContext) => {
        ctx.logger.info('hello');
        return 1;
      });
      await driveToCompletion({ handler: h, service: new FakeCheckpointClient() });
    } finally {
      process.stdout.write = original;
    }
    const record = JSON.parse(writes.find((w) => w.includes('hello')) ?? '{}') as Record<string, unknown>;
    expect(record).toMatchObject({ level: 'INFO', message: 'hello', requestId: 'req-1', executionArn: TEST_ARN });
  });
});
