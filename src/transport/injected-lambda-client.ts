/**
 * The deprecated `config.client` of `withDurableExecution`: the user's LambdaClient with the
 * AWS SDK's commands, behaving as `new DurableExecutionApiClient(client)`. The commands are
 * loaded by a module name bundlers do not follow, so that handlers which never pass a client
 * carry no AWS SDK code (the Lambda Node.js runtime provides the module to those that do).
 */
import type { AwsSdkClientLike } from '../peers/aws-sdk-shapes.js';
import type {
  CheckpointDurableExecutionRequest,
  CheckpointDurableExecutionResponse,
  GetDurableExecutionStateRequest,
  GetDurableExecutionStateResponse,
} from '../protocol.js';
import type { DurableExecutionClient } from './checkpoint-client.js';

type LambdaModule = typeof import('@aws-sdk/client-lambda');

/** A variable, not a literal: esbuild and other bundlers leave `import(name)` to run time. */
const LAMBDA_SDK_MODULE: string = '@aws-sdk/client-lambda';

let commands: Promise<LambdaModule> | undefined;

function loadCommands(): Promise<LambdaModule> {
  commands ??= (import(LAMBDA_SDK_MODULE) as Promise<LambdaModule>).catch((error: unknown) => {
    commands = undefined;
    throw new Error(
      'withDurableExecution({ client }) needs @aws-sdk/client-lambda (>= 3.1162) at run time; install it, or pass ' +
        '`durableExecutionClient: new DurableExecutionApiClient(client)` so that a bundler includes it.',
      { cause: error },
    );
  });
  return commands;
}

/**
 * {@link DurableExecutionClient} sending through the given LambdaClient.
 *
 * @example
 * ```ts
 * const transport = injectedLambdaClient(new LambdaClient({ maxAttempts: 5 }));
 * ```
 */
export function injectedLambdaClient(client: AwsSdkClientLike): DurableExecutionClient {
  return {
    async getExecutionState(params: GetDurableExecutionStateRequest): Promise<GetDurableExecutionStateResponse> {
      const sdk = await loadCommands();
      return (await client.send(new sdk.GetDurableExecutionStateCommand(params))) as GetDurableExecutionStateResponse;
    },
    async checkpoint(params: CheckpointDurableExecutionRequest): Promise<CheckpointDurableExecutionResponse> {
      const sdk = await loadCommands();
      return (await client.send(new sdk.CheckpointDurableExecutionCommand(params))) as CheckpointDurableExecutionResponse;
    },
  };
}
