/**
 * AWS credentials for the SDK-free Lambda API client: what a Lambda function gets (environment
 * variables, or the container credentials endpoint under SnapStart), or a provider the user
 * injects (any AWS SDK `AwsCredentialIdentityProvider`, e.g. `fromNodeProviderChain()`).
 */
import { readFile } from 'node:fs/promises';

/** AWS credentials (the AWS SDK's `AwsCredentialIdentity` shape). */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

/** Resolves credentials; called before every signed request, so it should cache. */
export type AwsCredentialsProvider = () => Promise<AwsCredentials>;

/** Name of the error raised when no credentials can be found. */
export const CREDENTIALS_ERROR = 'CredentialsProviderError';

/** Credentials are fetched again this long before they expire. */
const REFRESH_MARGIN_MS = 5 * 60_000;
const FETCH_TIMEOUT_MS = 2_000;
const FETCH_ATTEMPTS = 3;
/** Hosts the container endpoint may be reached over plain http (loopback, ECS, EKS). */
const HTTP_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '169.254.170.2', '169.254.170.23', '[fd00:ec2::23]']);

const credentialsError = (message: string, cause?: unknown): Error => {
  const error = new Error(message, cause === undefined ? undefined : { cause });
  error.name = CREDENTIALS_ERROR;
  return error;
};

function fromEnvironment(env: NodeJS.ProcessEnv): AwsCredentials | undefined {
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) return undefined;
  return { accessKeyId, secretAccessKey, ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}) };
}

function containerEndpoint(env: NodeJS.ProcessEnv): URL | undefined {
  const full = env.AWS_CONTAINER_CREDENTIALS_FULL_URI;
  const relative = env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI;
  if (!full && !relative) return undefined;
  let url: URL;
  try {
    url = new URL(full ?? `http://169.254.170.2${relative}`);
  } catch (error) {
    throw credentialsError(`AWS_CONTAINER_CREDENTIALS_FULL_URI is not a URL: ${full}`, error);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && HTTP_HOSTS.has(url.hostname))) {
    throw credentialsError(
      `The container credentials endpoint ${url.origin} must use https, or http on a loopback or container-metadata host.`,
    );
  }
  return url;
}

async function authorizationToken(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const file = env.AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE;
  if (file) {
    try {
      return (await readFile(file, 'utf8')).trim();
    } catch (error) {
      throw credentialsError(`Cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE (${file}).`, error);
    }
  }
  return env.AWS_CONTAINER_AUTHORIZATION_TOKEN || undefined;
}

async function getJson(url: URL, token: string | undefined): Promise<unknown> {
  const http = url.protocol === 'https:' ? await import('node:https') : await import('node:http');
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'GET', headers: token ? { authorization: token } : {}, timeout: FETCH_TIMEOUT_MS }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if ((response.statusCode ?? 0) >= 400) return reject(new Error(`HTTP ${response.statusCode}: ${text.slice(0, 200)}`));
        try {
          resolve(JSON.parse(text));
        } catch {
          reject(new Error(`the response is not JSON: ${text.slice(0, 200)}`));
        }
      });
    });
    request.on('timeout', () => request.destroy(new Error(`no answer within ${FETCH_TIMEOUT_MS} ms`)));
    request.on('error', reject);
    request.end();
  });
}

function parseContainerCredentials(body: unknown, origin: string): AwsCredentials {
  const value = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const { AccessKeyId, SecretAccessKey, Token, Expiration } = value;
  if (typeof AccessKeyId !== 'string' || typeof SecretAccessKey !== 'string' || !AccessKeyId || !SecretAccessKey) {
    throw credentialsError(`The container credentials endpoint ${origin} answered without AccessKeyId and SecretAccessKey.`);
  }
  const expiration = typeof Expiration === 'string' ? new Date(Expiration) : undefined;
  if (expiration && Number.isNaN(expiration.getTime())) {
    throw credentialsError(`The container credentials endpoint ${origin} answered an Expiration that is not a date: ${Expiration}`);
  }
  return {
    accessKeyId: AccessKeyId,
    secretAccessKey: SecretAccessKey,
    ...(typeof Token === 'string' && Token ? { sessionToken: Token } : {}),
    ...(expiration ? { expiration } : {}),
  };
}

async function fromContainerEndpoint(url: URL, env: NodeJS.ProcessEnv): Promise<AwsCredentials> {
  const token = await authorizationToken(env);
  let lastError: unknown;
  for (let attempt = 1; attempt <= FETCH_ATTEMPTS; attempt += 1) {
    try {
      return parseContainerCredentials(await getJson(url, token), url.origin);
    } catch (error) {
      if (error instanceof Error && error.name === CREDENTIALS_ERROR) throw error;
      lastError = error;
    }
  }
  const detail = lastError instanceof Error ? lastError.message : String(lastError);
  throw credentialsError(`Cannot get credentials from the container credentials endpoint ${url.origin}: ${detail}`, lastError);
}

const MISSING_MESSAGE =
  'durable-lambda found no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN), ' +
  'as Lambda and `sam local` do, or AWS_CONTAINER_CREDENTIALS_FULL_URI with AWS_CONTAINER_AUTHORIZATION_TOKEN or ' +
  'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE (Lambda SnapStart). For other credential sources pass them to the client ' +
  '(`new DurableExecutionHttpClient({ credentials: fromNodeProviderChain() })`) or use the AWS SDK: ' +
  '`durableExecutionClient: new DurableExecutionApiClient(new LambdaClient(...))`.';

/**
 * The default credentials: environment variables first, then the container credentials
 * endpoint (cached until five minutes before they expire), else a clear error.
 *
 * @example
 * ```ts
 * const credentials = defaultCredentialsProvider();
 * const { accessKeyId } = await credentials();
 * ```
 */
export function defaultCredentialsProvider(env: NodeJS.ProcessEnv = process.env): AwsCredentialsProvider {
  let cached: Promise<AwsCredentials> | undefined;
  return async () => {
    const fromEnv = fromEnvironment(env);
    if (fromEnv) return fromEnv;
    const url = containerEndpoint(env);
    if (!url) throw credentialsError(MISSING_MESSAGE);
    if (cached) {
      const current = await cached.catch(() => undefined);
      if (current && (!current.expiration || current.expiration.getTime() - REFRESH_MARGIN_MS > Date.now())) return current;
    }
    cached = fromContainerEndpoint(url, env);
    return cached;
  };
}

/** A provider from what a user passed: a provider function, fixed credentials, or nothing. */
export function credentialsProviderOf(value: AwsCredentialsProvider | AwsCredentials | undefined): AwsCredentialsProvider {
  if (value === undefined) return defaultCredentialsProvider();
  if (typeof value === 'function') return value;
  return () => Promise.resolve(value);
}
