/**
 * Per-execution capture of what handler code writes to stdout/stderr (`console.*`,
 * `process.stdout.write`, SDK loggers), without global state leaking across tests.
 *
 * How it stays correct with parallel tests: the streams and console methods are wrapped once
 * per process (Vitest, Jest and node:test run each test file in its own worker or process, so
 * each gets its own wrappers), and every write is attributed through AsyncLocalStorage to the
 * invocation whose async context made it. Writes outside any invocation pass through untouched.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { format } from 'node:util';
import type { CapturedLogLine } from './invoker.js';

interface CaptureSink {
  requestId: string;
  lines: CapturedLogLine[];
  partial: { stdout: string; stderr: string };
  echo: boolean;
}

const store = new AsyncLocalStorage<CaptureSink>();
let installed = false;
let originalStdoutWrite: typeof process.stdout.write | undefined;
let originalStderrWrite: typeof process.stderr.write | undefined;

const push = (sink: CaptureSink, stream: 'stdout' | 'stderr', text: string): void => {
  const combined = sink.partial[stream] + text;
  const parts = combined.split('\n');
  sink.partial[stream] = parts.pop() ?? '';
  for (const line of parts) sink.lines.push({ stream, text: line, requestId: sink.requestId });
};

const wrapWrite = (stream: 'stdout' | 'stderr', original: typeof process.stdout.write): typeof process.stdout.write =>
  function write(this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]): boolean {
    const sink = store.getStore();
    if (!sink) return (original as (...a: unknown[]) => boolean).call(this, chunk, ...rest);
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
    push(sink, stream, text);
    if (sink.echo) return (original as (...a: unknown[]) => boolean).call(this, chunk, ...rest);
    const callback = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
    callback?.();
    return true;
  };

const CONSOLE_STREAMS = { log: 'stdout', info: 'stdout', debug: 'stdout', trace: 'stderr', warn: 'stderr', error: 'stderr' } as const;

/** Installs the stream wrappers (idempotent). */
export const installLogCapture = (): void => {
  if (installed) return;
  installed = true;
  // Kept unbound on purpose: the wrapper calls them with the stream as `this`.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  originalStdoutWrite = process.stdout.write;
  // eslint-disable-next-line @typescript-eslint/unbound-method
  originalStderrWrite = process.stderr.write;
  process.stdout.write = wrapWrite('stdout', originalStdoutWrite);
  process.stderr.write = wrapWrite('stderr', originalStderrWrite);
};

/**
 * Test runners replace `console` with their own buffering console that never reaches the
 * process streams, so console methods are wrapped too, but only while some invocation runs:
 * a wrapper is one more stack frame, and Jest names the frame above `console.log` as the
 * line's origin, so the user's own logs between invocations must reach the console unwrapped.
 */
let activeCaptures = 0;
const consoleWrappers = new Map<keyof typeof CONSOLE_STREAMS, { original: (...args: unknown[]) => void; wrapper: (...args: unknown[]) => void }>();

const wrapConsole = (): void => {
  activeCaptures += 1;
  if (activeCaptures > 1) return;
  for (const [method, stream] of Object.entries(CONSOLE_STREAMS)) {
    const key = method as keyof typeof CONSOLE_STREAMS;
    // Kept unbound so it can be put back as it was; it is called with `console` as `this`.
    // eslint-disable-next-line @typescript-eslint/unbound-method
    const original = console[key];
    const wrapper = (...args: unknown[]): void => {
      const sink = store.getStore();
      if (!sink) {
        original.apply(console, args);
        return;
      }
      push(sink, stream, `${format(...args)}\n`);
      if (sink.echo) original.apply(console, args);
    };
    consoleWrappers.set(key, { original, wrapper });
    console[key] = wrapper;
  }
};

const unwrapConsole = (): void => {
  activeCaptures -= 1;
  if (activeCaptures > 0) return;
  for (const [key, { original, wrapper }] of consoleWrappers) {
    // Someone else (a spy) replaced the method meanwhile: leave theirs in place.
    if (console[key] === wrapper) console[key] = original;
  }
  consoleWrappers.clear();
};

/**
 * Runs `fn` with its output captured; returns its result and the lines (a trailing partial
 * line is kept as a line).
 */
export const captureLogs = async <T>(
  requestId: string,
  echo: boolean,
  fn: () => Promise<T>,
): Promise<{ value: T; lines: CapturedLogLine[] } | { error: unknown; lines: CapturedLogLine[] }> => {
  installLogCapture();
  const sink: CaptureSink = { requestId, lines: [], partial: { stdout: '', stderr: '' }, echo };
  const flush = (): CapturedLogLine[] => {
    for (const stream of ['stdout', 'stderr'] as const) {
      if (sink.partial[stream] !== '') sink.lines.push({ stream, text: sink.partial[stream], requestId });
      sink.partial[stream] = '';
    }
    return sink.lines;
  };
  wrapConsole();
  try {
    const value = await store.run(sink, fn);
    return { value, lines: flush() };
  } catch (error) {
    return { error, lines: flush() };
  } finally {
    unwrapConsole();
  }
};
