/**
 * The default transport: CheckpointDurableExecution and GetDurableExecutionState spoken over
 * HTTPS with SigV4, without the AWS SDK, so a bundled handler carries none of it (cold start).
 * Behaves like the AWS SDK's default LambdaClient where it matters: one ClientToken per
 * checkpoint kept across retries, standard retry mode, bounded connect and request times,
 * SDK-shaped errors and dates.
 */
import { randomUUID } from 'node:crypto';
import type {
  CheckpointDurableExecutionRequest,
  CheckpointDurableExecutionResponse,
  GetDurableExecutionStateRequest,
  GetDurableExecutionStateResponse,
} from '../protocol.js';
import { SDK_NAME, SDK_VERSION } from '../version.js';
import { convertOperationDates, isRetryable, isThrottling, readResponse } from './api-response.js';
import type { DurableExecutionClient, TransportLogger } from './checkpoint-client.js';
import type { AwsCredentials, AwsCredentialsProvider } from './credentials.js';
import { CREDENTIALS_ERROR, credentialsProviderOf } from './credentials.js';
import { sendHttp } from './http-send.js';
import { checkRegion, regionFromArn } from './region.js';
import type { HttpResponse } from './http-send.js';
import { encodeRfc3986, signRequest } from './sigv4.js';

/** Options of {@link DurableExecutionHttpClient}; every one has a default. */
export interface DurableExecutionHttpClientOptions {
  /**
   * Credentials or a provider of them (any AWS SDK `AwsCredentialIdentityProvider`). Default:
   * `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` / `AWS_SESSION_TOKEN`, else the container
   * credentials endpoint (`AWS_CONTAINER_CREDENTIALS_FULL_URI`).
   */
  credentials?: AwsCredentials | AwsCredentialsProvider;
  /** Region to sign for and call. Default: the execution ARN's region, else `AWS_REGION`. */
  region?: string;
  /** Endpoint URL. Default: `AWS_ENDPOINT_URL_LAMBDA`, else `AWS_ENDPOINT_URL`, else the regional endpoint. */
  endpoint?: string;
  /** Attempts per call, the first included (standard retry mode). Default 3. */
  maxAttempts?: number;
  /** Time to establish a connection. Default 5 000 ms. */
  connectionTimeoutMs?: number;
  /** Time for a whole request and its response; the request is aborted after it. Default 55 000 ms. */
  requestTimeoutMs?: number;
  /** Largest response body accepted; a larger one fails the call (not retried). Default 256 MiB. */
  maxResponseBytes?: number;
}

const API_VERSION = '2025-12-01';
const BASE_DELAY_MS = 100;
const THROTTLING_BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 20_000;

const userAgent = `${SDK_NAME}/${SDK_VERSION} lang/js md/nodejs#${process.versions.node} os/${process.platform}`;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface Call {
  arn: string;
  method: 'GET' | 'POST';
  action: 'checkpoint' | 'state';
  query?: Record<string, string>;
  body?: string;
}

/**
 * {@link DurableExecutionClient} over the Lambda API without the AWS SDK: the default transport
 * of `withDurableExecution`. Pass one yourself to set credentials, region, endpoint, retries or
 * timeouts; use `DurableExecutionApiClient` with a `LambdaClient` for anything else the AWS SDK
 * offers.
 *
 * @example
 * ```ts
 * import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
 * import { DurableExecutionHttpClient, withDurableExecution } from 'durable-lambda';
 *
 * export const handler = withDurableExecution(myHandler, {
 *   durableExecutionClient: new DurableExecutionHttpClient({ credentials: fromNodeProviderChain(), maxAttempts: 5 }),
 * });
 * ```
 */
export class DurableExecutionHttpClient implements DurableExecutionClient {
  private readonly credentials: AwsCredentialsProvider;
  private readonly maxAttempts: number;
  private readonly connectionTimeoutMs: number;
  private readonly requestTimeoutMs: number;

  constructor(private readonly options: DurableExecutionHttpClientOptions = {}) {
    this.credentials = credentialsProviderOf(options.credentials);
    this.maxAttempts = Math.max(1, Math.floor(options.maxAttempts ?? 3));
    this.connectionTimeoutMs = options.connectionTimeoutMs ?? 5_000;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 55_000;
  }

  async checkpoint(params: CheckpointDurableExecutionRequest, _logger?: TransportLogger): Promise<CheckpointDurableExecutionResponse> {
    // Chosen once, so every retry of this call carries it: the service dedupes on it.
    const body = JSON.stringify({
      CheckpointToken: params.CheckpointToken,
      Updates: params.Updates,
      ClientToken: params.ClientToken ?? randomUUID(),
    });
    const response = await this.call({ arn: params.DurableExecutionArn, method: 'POST', action: 'checkpoint', body });
    const state = response.NewExecutionState as { Operations?: unknown } | undefined;
    if (state && typeof state === 'object') convertOperationDates(state.Operations);
    return response;
  }

  async getExecutionState(params: GetDurableExecutionStateRequest, _logger?: TransportLogger): Promise<GetDurableExecutionStateResponse> {
    const query: Record<string, string> = { CheckpointToken: params.CheckpointToken };
    if (params.Marker !== undefined && params.Marker !== null) query.Marker = params.Marker;
    if (params.MaxItems !== undefined && params.MaxItems !== null) query.MaxItems = String(params.MaxItems);
    // The shape is checked where it is used (load-operations), as for the AWS SDK transport.
    const response = await this.call({ arn: params.DurableExecutionArn, method: 'GET', action: 'state', query });
    convertOperationDates(response.Operations);
    return response;
  }

  private async call(call: Call): Promise<Record<string, unknown>> {
    const region = this.options.region ?? regionFromArn(call.arn) ?? process.env.AWS_REGION ?? '';
    if (!region) throw new Error(`Cannot tell the region of ${call.arn}: it is not in the ARN; set AWS_REGION or pass the region option.`);
    checkRegion(region, this.options.region !== undefined ? 'the region option' : 'the ARN or AWS_REGION');
    const base = new URL(endpointFor(region, this.options.endpoint));
    const prefix = base.pathname.replace(/\/+$/, '');
    const path = `${prefix}/${API_VERSION}/durable-executions/${encodeRfc3986(call.arn)}/${call.action}`;
    const search = call.query
      ? `?${Object.entries(call.query).map(([key, value]) => `${encodeRfc3986(key)}=${encodeRfc3986(value)}`).join('&')}`
      : '';
    const url = new URL(`${base.origin}${path}${search}`);

    let totalRetryDelay = 0;
    for (let attempt = 1; ; attempt += 1) {
      let response: HttpResponse | undefined;
      try {
        const credentials = await this.credentials();
        const headers = signRequest(
          {
            method: call.method,
            host: url.host,
            path,
            ...(call.query ? { query: call.query } : {}),
            headers: call.body === undefined ? {} : { 'content-type': 'application/json' },
            ...(call.body === undefined ? {} : { body: call.body }),
          },
          { credentials, region, service: 'lambda' },
        );
        headers['user-agent'] = userAgent;
        const traceId = process.env._X_AMZN_TRACE_ID;
        if (traceId && process.env.AWS_LAMBDA_FUNCTION_NAME) headers['x-amzn-trace-id'] = traceId;
        response = await sendHttp({
          url,
          method: call.method,
          headers,
          ...(call.body === undefined ? {} : { body: call.body }),
          connectionTimeoutMs: this.connectionTimeoutMs,
          requestTimeoutMs: this.requestTimeoutMs,
          ...(this.options.maxResponseBytes === undefined ? {} : { maxResponseBytes: this.options.maxResponseBytes }),
        });
        return readResponse(response, { attempts: attempt, totalRetryDelay });
      } catch (error) {
        const credentialsFailed = error instanceof Error && error.name === CREDENTIALS_ERROR;
        if (credentialsFailed || attempt >= this.maxAttempts || !isRetryable(error)) throw withAttempts(error, attempt, totalRetryDelay);
        const base = isThrottling(error) ? THROTTLING_BASE_DELAY_MS : BASE_DELAY_MS;
        // Full jitter, as the AWS SDK's standard retry mode.
        const delay = Math.floor(Math.random() * Math.min(MAX_DELAY_MS, base * 2 ** (attempt - 1)));
        totalRetryDelay += delay;
        await sleep(delay);
      }
    }
  }
}

/** Network errors get `$metadata` too, like the AWS SDK's. */
function withAttempts(error: unknown, attempts: number, totalRetryDelay: number): unknown {
  if (error instanceof Error && !('$metadata' in error)) Object.assign(error, { $metadata: { attempts, totalRetryDelay } });
  return error;
}

/** The endpoint: explicit, `AWS_ENDPOINT_URL_LAMBDA`, `AWS_ENDPOINT_URL`, else regional. */
export function endpointFor(region: string, explicit?: string): string {
  const configured = explicit ?? process.env.AWS_ENDPOINT_URL_LAMBDA ?? process.env.AWS_ENDPOINT_URL;
  if (configured) return configured;
  const domain = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  return `https://lambda.${region}.${domain}`;
}
