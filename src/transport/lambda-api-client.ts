/**
 * The Lambda API adapter: CheckpointDurableExecution and GetDurableExecutionState through
 * `@aws-sdk/client-lambda`, loaded only when this transport is used.
 */
import type { AwsSdkClientLike } from '../peers/aws-sdk-shapes.js';
import type {
  CheckpointDurableExecutionRequest,
  CheckpointDurableExecutionResponse,
  GetDurableExecutionStateRequest,
  GetDurableExecutionStateResponse,
} from '../protocol.js';
import { SDK_NAME, SDK_VERSION } from '../version.js';
import type { DurableExecutionClient, TransportLogger } from './checkpoint-client.js';
import { regionFromArn } from './region.js';

type LambdaModule = typeof import('@aws-sdk/client-lambda');

let lambdaModule: Promise<LambdaModule> | undefined;

function loadLambdaModule(): Promise<LambdaModule> {
  lambdaModule ??= import('@aws-sdk/client-lambda').catch((error: unknown) => {
    lambdaModule = undefined;
    throw new Error(
      'durable-lambda needs @aws-sdk/client-lambda (>= 3.1162) to talk to the Lambda API; install it or pass durableExecutionClient.',
      { cause: error },
    );
  });
  return lambdaModule;
}

export { regionFromArn };

/**
 * {@link DurableExecutionClient} over the Lambda API. Without a client it creates one per
 * region: region from the execution ARN, endpoint from `AWS_ENDPOINT_URL_LAMBDA` when set.
 *
 * @example
 * ```ts
 * const client = new DurableExecutionApiClient(new LambdaClient({ region: 'eu-west-1' }));
 * export const handler = withDurableExecution(myHandler, { durableExecutionClient: client });
 * ```
 */
export class DurableExecutionApiClient implements DurableExecutionClient {
  private readonly clients = new Map<string, Promise<AwsSdkClientLike>>();

  constructor(private readonly injectedClient?: AwsSdkClientLike) {}

  async getExecutionState(
    params: GetDurableExecutionStateRequest,
    _logger?: TransportLogger,
  ): Promise<GetDurableExecutionStateResponse> {
    const [client, sdk] = await Promise.all([this.clientFor(params.DurableExecutionArn), loadLambdaModule()]);
    const response = await client.send(new sdk.GetDurableExecutionStateCommand(params));
    return response as GetDurableExecutionStateResponse;
  }

  async checkpoint(
    params: CheckpointDurableExecutionRequest,
    _logger?: TransportLogger,
  ): Promise<CheckpointDurableExecutionResponse> {
    const [client, sdk] = await Promise.all([this.clientFor(params.DurableExecutionArn), loadLambdaModule()]);
    const response = await client.send(new sdk.CheckpointDurableExecutionCommand(params));
    return response as CheckpointDurableExecutionResponse;
  }

  private clientFor(arn: string): Promise<AwsSdkClientLike> {
    if (this.injectedClient) return Promise.resolve(this.injectedClient);
    const region = regionFromArn(arn) ?? process.env.AWS_REGION ?? '';
    let client = this.clients.get(region);
    if (!client) {
      client = loadLambdaModule().then(
        (sdk) =>
          new sdk.LambdaClient({
            ...(region ? { region } : {}),
            ...(process.env.AWS_ENDPOINT_URL_LAMBDA ? { endpoint: process.env.AWS_ENDPOINT_URL_LAMBDA } : {}),
            customUserAgent: [[SDK_NAME, SDK_VERSION]],
            // Without throwOnRequestTimeout the request timeout only logs a warning; the official SDK sets it too.
            requestHandler: { connectionTimeout: 5_000, socketTimeout: 50_000, requestTimeout: 55_000, throwOnRequestTimeout: true },
          }),
      );
      this.clients.set(region, client);
    }
    return client;
  }
}
