/** Reading command-line values: inline JSON or `@file`, and the service URL. */
import { closeSync, openSync, readSync } from 'node:fs';
import { CliUsageError } from './command.js';

/** Default URL of `durable-lambda serve` when neither `--url` nor `AWS_ENDPOINT_URL_LAMBDA` is set. */
export const DEFAULT_SERVE_URL = 'http://127.0.0.1:9014';

/** Largest `@file` read: 64 MiB. `@/dev/zero` or a FIFO ends with a clear error instead of hanging. */
export const MAX_FILE_ARG_BYTES = 64 * 1024 * 1024;

/** Reads at most `limit + 1` bytes, so that a larger (or endless) input is detected without reading it all. */
const readCapped = (file: string, limit: number): Buffer | undefined => {
  const fd = openSync(file, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(1024 * 1024, limit + 1 - total));
      const read = readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) return Buffer.concat(chunks, total);
      chunks.push(chunk.subarray(0, read));
      total += read;
      if (total > limit) return undefined;
    }
  } finally {
    closeSync(fd);
  }
};

/** The text of `value`, or of the file `@path` names (at most {@link MAX_FILE_ARG_BYTES}). */
export const readTextArg = (command: string, option: string, value: string): string => {
  if (!value.startsWith('@')) return value;
  const file = value.slice(1);
  let bytes: Buffer | undefined;
  try {
    bytes = readCapped(file, MAX_FILE_ARG_BYTES);
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new CliUsageError(`${command}: cannot read ${option} file ${file}${code === 'ENOENT' ? ': no such file' : `: ${(error as Error).message}`}`);
  }
  if (bytes === undefined) throw new CliUsageError(`${command}: ${option} file ${file} is larger than ${MAX_FILE_ARG_BYTES} bytes (or endless); not read.`);
  return bytes.toString('utf8');
};

/** `value` (inline or `@file`) checked to be JSON; returns the trimmed JSON text. */
export const readJsonArg = (command: string, option: string, value: string): string => {
  const text = readTextArg(command, option, value).trim();
  try {
    JSON.parse(text);
  } catch (error) {
    const hint = /^[A-Za-z]/.test(text) ? ` (a string must be quoted: '"${text.slice(0, 20)}"')` : '';
    throw new CliUsageError(`${command}: ${option} is not valid JSON: ${(error as Error).message}${hint}`);
  }
  return text;
};

/** The service URL: `--url`, else `AWS_ENDPOINT_URL_LAMBDA`, else the `serve` default. */
export const serviceUrl = (command: string, value: unknown): string => {
  const url = typeof value === 'string' ? value : process.env.AWS_ENDPOINT_URL_LAMBDA ?? DEFAULT_SERVE_URL;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('not http(s)');
  } catch {
    throw new CliUsageError(`${command}: --url must be an http(s) URL, got ${JSON.stringify(url)}`);
  }
  return url;
};
