/**
 * The Lambda client the CLI uses against `durable-lambda serve` (or any endpoint speaking the
 * Lambda durable-execution API). `@aws-sdk/client-lambda` is loaded only by the commands that
 * need it, and its errors become one readable line.
 */
import type { LambdaClient } from '@aws-sdk/client-lambda';

/** A client for `url`; local endpoints get placeholder credentials so no AWS profile is needed. */
export const lambdaClientFor = async (url: string): Promise<{ client: LambdaClient; sdk: typeof import('@aws-sdk/client-lambda') }> => {
  let sdk: typeof import('@aws-sdk/client-lambda');
  // Its Node-version notice is several lines on stderr, where the CLI promises one line per error.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  try {
    sdk = await import('@aws-sdk/client-lambda');
  } catch {
    throw new Error('this command needs @aws-sdk/client-lambda: npm install @aws-sdk/client-lambda');
  }
  const local = /^https?:\/\/(127\.|localhost|\[::1\])/.test(url);
  const client = new sdk.LambdaClient({
    endpoint: url,
    region: process.env.AWS_REGION ?? 'us-east-1',
    maxAttempts: 1,
    ...(local ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
  });
  return { client, sdk };
};

/** One line for an error of a call to `url`: unreachable service, or the service's message. */
export const describeCallError = (url: string, error: unknown): string => {
  const e = error as { name?: string; message?: string; code?: string; cause?: { code?: string } };
  const code = e.code ?? e.cause?.code;
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EHOSTUNREACH' || code === 'ECONNRESET' || /ECONNREFUSED/.test(e.message ?? '')) {
    return `cannot reach the durable-execution service at ${url} (${code ?? 'connection refused'}); start it with "durable-lambda serve" or pass --url`;
  }
  return `${e.name ?? 'Error'}: ${e.message ?? String(error)}`;
};
