import { Logger } from '@aws-lambda-powertools/logger';
import { withDurableExecution } from 'durable-lambda';
import { createPowertoolsDurableLogger } from 'durable-lambda/powertools';
import { DurableTestRunner } from 'durable-lambda/testing';
import { describe, expect, it } from 'vitest';

const hashOf1 = 'c4ca4238a0b92382'; // md5('1'), the wire id of the first operation

const orderHandler = () => {
  let attempts = 0;
  return withDurableExecution(async (event: { orderId: number }, context) => {
    context.configureLogger({ customLogger: createPowertoolsDurableLogger(new Logger({ serviceName: 'orders' })) });
    context.logger.info('order received', { orderId: event.orderId });
    await context.step('charge', async (step) => {
      attempts += 1;
      step.logger.info('charging', { attempt: 'user value loses' });
      if (attempts === 1) throw new Error('card network down');
      return 'ch_1';
    }, { retryStrategy: (_error, attempt) => ({ shouldRetry: attempt < 3, delay: { seconds: 5 } }) });
    await context.wait('settle', { minutes: 1 });
    context.logger.warn(new RangeError('late settlement'));
    return 'done';
  });
};

const jsonLines = (logs: string[]): Record<string, unknown>[] =>
  logs.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);

describe('durable-lambda/powertools', () => {
  it('writes Powertools JSON lines with the durable fields, once per real execution of the code', async () => {
    const execution = new DurableTestRunner({ handler: orderHandler() }).start({ orderId: 7 });
    const result = await execution.result();
    expect(result.status).toBe('SUCCEEDED');
    const lines = jsonLines(result.logs);
    // Three invocations (first run, after the retry delay, after the wait); replayed code logs nothing.
    expect(lines.map((l) => l.message)).toEqual(['order received', 'charging', 'charging', 'late settlement']);
    for (const line of lines) {
      expect(line).toMatchObject({ service: 'orders', executionArn: execution.arn, requestId: expect.any(String), timestamp: expect.any(String) });
    }
    expect(lines[0]).toMatchObject({ level: 'INFO', orderId: 7 });
    expect(lines[0]).not.toHaveProperty('operationId');
    expect(lines[1]).toMatchObject({ operationId: hashOf1, operationName: 'charge', attempt: 1 });
    expect(lines[2]).toMatchObject({ operationId: hashOf1, operationName: 'charge', attempt: 2 });
    expect(lines[1]?.requestId).not.toBe(lines[2]?.requestId); // the retry runs in a new invocation
    expect(lines[3]).toMatchObject({ level: 'WARN', error: { name: 'RangeError', message: 'late settlement' } });
  });

  it('logs replayed lines too when the context is not mode-aware', async () => {
    const handler = withDurableExecution(async (_event: unknown, context) => {
      context.configureLogger({ customLogger: createPowertoolsDurableLogger(new Logger({ serviceName: 'orders' })), modeAware: false });
      context.logger.info('top');
      await context.wait('pause', { seconds: 1 });
      return 'ok';
    });
    const result = await new DurableTestRunner({ handler }).run();
    expect(jsonLines(result.logs).map((l) => l.message)).toEqual(['top', 'top']);
  });

  it('keeps only the chosen durable fields', async () => {
    const handler = withDurableExecution(async (_event: unknown, context) => {
      context.configureLogger({ customLogger: createPowertoolsDurableLogger(new Logger({ serviceName: 's' }), { fields: ['executionArn'] }) });
      context.logger.info({ message: 'structured', cart: 3 });
      return 'ok';
    });
    const execution = new DurableTestRunner({ handler }).start();
    const [line] = jsonLines((await execution.result()).logs);
    expect(line).toMatchObject({ message: 'structured', cart: 3, executionArn: execution.arn });
    expect(line).not.toHaveProperty('requestId');
  });
});
