// Runs the real `durable-lambda` bin as a child process, as a user's shell would.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

const env = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({ ...process.env, ...extra });

/** Starts the bin; the caller reads its streams. */
export const startCli = (args: string[], extraEnv?: Record<string, string>): ChildProcessWithoutNullStreams =>
  spawn(process.execPath, ['bin/durable-lambda.mjs', ...args], { env: env(extraEnv) });

/** Runs the bin to its end. */
export const runCliProcess = async (args: string[], extraEnv?: Record<string, string>): Promise<CliRun> => {
  const child = startCli(args, extraEnv);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
};

/** Resolves with the first match of `pattern` in the child's output (stdout or stderr). */
export const waitForOutput = (child: ChildProcessWithoutNullStreams, pattern: RegExp, timeoutMs = 30_000): Promise<RegExpExecArray> =>
  new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`no ${pattern} in output: ${seen}`)), timeoutMs);
    const check = (chunk: Buffer): void => {
      seen += chunk.toString();
      const m = pattern.exec(seen);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    };
    child.stdout.on('data', check);
    child.stderr.on('data', check);
  });
