import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDefaultLogger, resolveLogLevel, type DefaultLoggerOptions } from '../../src/logger/default-logger.js';
import { DurableLogLevel, type DurableLogData } from '../../src/logger/types.js';

const ARN = 'arn:aws:lambda:us-east-1:123456789012:function:orders:$LATEST/durable-execution/run-1/inv-1';

function sink(append: (text: string) => void): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      append(chunk.toString());
      callback();
    },
  });
}

/** A logger writing into buffers we can read back as parsed JSON lines. */
function capture(options: Omit<DefaultLoggerOptions, 'stdout' | 'stderr'> = {}) {
  let out = '';
  let err = '';
  // Writable with a synchronous callback: each line is readable as soon as it is logged.
  const stdout = sink((text) => (out += text));
  const stderr = sink((text) => (err += text));
  const logger = createDefaultLogger({
    executionContext: { requestId: 'req-1', durableExecutionArn: ARN },
    ...options,
    stdout,
    stderr,
  });
  const lines = (text: string) =>
    text
      .split('\n')
      .filter((l) => l.length > 0)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { logger, stdout: () => lines(out), stderr: () => lines(err), rawStdout: () => out };
}

describe('createDefaultLogger', () => {
  const saved = process.env.AWS_LAMBDA_LOG_LEVEL;
  beforeEach(() => {
    delete process.env.AWS_LAMBDA_LOG_LEVEL;
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.AWS_LAMBDA_LOG_LEVEL;
    else process.env.AWS_LAMBDA_LOG_LEVEL = saved;
  });

  it('writes one JSON object per line with the execution fields', () => {
    const { logger, stdout, rawStdout } = capture();
    logger.info('hello');
    logger.info('world');
    expect(rawStdout().split('\n')).toHaveLength(3); // two lines and the trailing newline
    const [line] = stdout();
    expect(line).toMatchObject({ requestId: 'req-1', level: 'INFO', executionArn: ARN, message: 'hello' });
    expect(Object.keys(line ?? {})).toEqual(['requestId', 'timestamp', 'level', 'executionArn', 'message']);
    expect(new Date(String(line?.timestamp)).toISOString()).toBe(line?.timestamp);
  });

  it('routes DEBUG/INFO to stdout and WARN/ERROR to stderr', () => {
    const { logger, stdout, stderr } = capture();
    logger.debug('d');
    logger.info('i');
    logger.warn('w');
    logger.error('e');
    expect(stdout().map((l) => l.level)).toEqual(['DEBUG', 'INFO']);
    expect(stderr().map((l) => l.level)).toEqual(['WARN', 'ERROR']);
  });

  it('keeps a single non-string param as is', () => {
    const { logger, stdout } = capture();
    logger.info({ orderId: 'o-1', total: 3 });
    expect(stdout()[0]?.message).toEqual({ orderId: 'o-1', total: 3 });
  });

  it('util.formats several params on one line', () => {
    const { logger, stdout } = capture();
    logger.info('order %s costs %d', 'o-1', 42);
    logger.info('data', { nested: { deep: [1, 2, 3] }, long: 'x'.repeat(100) });
    const [first, second] = stdout();
    expect(first?.message).toBe('order o-1 costs 42');
    expect(second?.message).toBe(`data { nested: { deep: [ 1, 2, 3 ] }, long: '${'x'.repeat(100)}' }`);
  });

  it('adds errorType/errorMessage/stackTrace for an Error among several params', () => {
    const { logger, stderr } = capture();
    const error = new TypeError('bad input');
    logger.error('failed:', error);
    const line = stderr()[0];
    expect(line?.errorType).toBe('TypeError');
    expect(line?.errorMessage).toBe('bad input');
    expect(Array.isArray(line?.stackTrace)).toBe(true);
    expect((line?.stackTrace as string[])[0]).toBe('TypeError: bad input');
    expect(String(line?.message)).toContain('failed: TypeError: bad input');
  });

  it('renders a single Error param as a structured message', () => {
    const { logger, stderr } = capture();
    logger.error(Object.assign(new RangeError('too big'), { code: 'E_BIG' }));
    expect(stderr()[0]?.message).toMatchObject({ errorType: 'RangeError', errorMessage: 'too big', code: 'E_BIG' });
  });

  it('falls back to util.format for a circular single param', () => {
    const { logger, stdout } = capture();
    const loop: Record<string, unknown> = { name: 'loop' };
    loop.self = loop;
    logger.info(loop);
    expect(stdout()[0]?.message).toBe("<ref *1> { name: 'loop', self: [Circular *1] }");
  });

  it('drops a leading undefined param and logs no params as an empty message', () => {
    const { logger, stdout } = capture();
    logger.info(undefined, 'after');
    logger.info();
    expect(stdout().map((l) => l.message)).toEqual(['after', '']);
  });

  it('uses the configured logging context with all optional fields and enrichment', () => {
    const { logger, stdout } = capture({ enrichLogContext: () => ({ traceId: 't-1' }) });
    const data: DurableLogData = {
      requestId: 'req-2',
      executionArn: ARN,
      tenantId: 'tenant-a',
      operationId: 'abc123',
      operationName: 'charge',
      attempt: 2,
    };
    logger.configureDurableLoggingContext?.({ getDurableLogData: () => data });
    logger.warn('x');
    logger.info('y');
    expect(stdout()[0]).toMatchObject({
      requestId: 'req-2',
      tenantId: 'tenant-a',
      operationId: 'abc123',
      operationName: 'charge',
      attempt: 2,
      traceId: 't-1',
      message: 'y',
    });
  });

  it('ignores a throwing enricher', () => {
    const { logger, stdout } = capture({
      enrichLogContext: () => {
        throw new Error('plugin bug');
      },
    });
    logger.info('still logged');
    expect(stdout()[0]?.message).toBe('still logged');
  });

  it('fails clearly when it has no execution fields at all', () => {
    const logger = createDefaultLogger({ stdout: sink(() => {}), stderr: sink(() => {}) });
    expect(() => logger.info('x')).toThrow(/DurableLoggingContext is not configured/);
  });

  it.each([
    ['DEBUG', ['DEBUG', 'INFO', 'WARN', 'ERROR']],
    ['INFO', ['INFO', 'WARN', 'ERROR']],
    ['warn', ['WARN', 'ERROR']],
    ['ERROR', ['ERROR']],
    ['TRACE', ['DEBUG', 'INFO', 'WARN', 'ERROR']],
    [undefined, ['DEBUG', 'INFO', 'WARN', 'ERROR']],
  ])('AWS_LAMBDA_LOG_LEVEL=%s keeps %o', (envLevel, expected) => {
    if (envLevel !== undefined) process.env.AWS_LAMBDA_LOG_LEVEL = envLevel;
    const { logger, stdout, stderr } = capture();
    logger.debug('d');
    logger.info('i');
    logger.warn('w');
    logger.error('e');
    expect([...stdout(), ...stderr()].map((l) => l.level)).toEqual(expected);
  });

  it('the level option overrides the environment', () => {
    process.env.AWS_LAMBDA_LOG_LEVEL = 'DEBUG';
    const { logger, stdout, stderr } = capture({ level: 'ERROR' });
    logger.info('i');
    logger.error('e');
    expect([...stdout(), ...stderr()].map((l) => l.level)).toEqual(['ERROR']);
  });

  it('log(level, ...) dispatches by level and treats unknown levels as INFO', () => {
    process.env.AWS_LAMBDA_LOG_LEVEL = 'INFO';
    const { logger, stdout, stderr } = capture();
    logger.log?.('WARN', 'w');
    logger.log?.('DEBUG', 'filtered');
    logger.log?.('NOTICE' as `${DurableLogLevel}`, 'n');
    expect(stderr().map((l) => l.message)).toEqual(['w']);
    expect(stdout().map((l) => [l.level, l.message])).toEqual([['INFO', 'n']]);
  });
});

describe('resolveLogLevel', () => {
  it('parses case-insensitively and defaults to DEBUG', () => {
    expect(resolveLogLevel('error')).toBe(DurableLogLevel.ERROR);
    expect(resolveLogLevel('nonsense')).toBe(DurableLogLevel.DEBUG);
    expect(resolveLogLevel(undefined)).toBe(DurableLogLevel.DEBUG);
    expect(resolveLogLevel('hasOwnProperty')).toBe(DurableLogLevel.DEBUG);
  });
});
