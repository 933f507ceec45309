/**
 * The console's only way to the executions: the public Lambda API (ListFunctions,
 * ListDurableExecutionsByFunction, GetDurableExecution, GetDurableExecutionHistory,
 * StopDurableExecution, SendDurableExecutionCallback*, Invoke) through `@aws-sdk/client-lambda`,
 * loaded on first use. The same calls reach `durable-lambda serve` or AWS. Without that package,
 * an endpoint is still reached over plain HTTP (endpoint-api.ts); AWS is not.
 */
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { createEndpointApi } from './endpoint-api.js';
import type { ConsoleLambdaApi, LambdaApiTarget } from './console-api-types.js';
import type { HistoryEvent } from '../protocol.js';
import type { ExecutionItem, FunctionItem } from './view-types.js';

export type { ConsoleLambdaApi, ExecutionFilter, LambdaApiTarget } from './console-api-types.js';

const LOCAL = /^https?:\/\/(127\.|localhost[:/]|localhost$|\[::1\])/;

/** Whether a target is a local service (placeholder credentials, actions on by default). */
export const isLocalTarget = (target: LambdaApiTarget): boolean => target.endpoint !== undefined && LOCAL.test(target.endpoint);

const ms = (value: Date | undefined): number | undefined => (value === undefined ? undefined : value.getTime());

/**
 * A {@link ConsoleLambdaApi} over `@aws-sdk/client-lambda`.
 *
 * @example
 * const api = await createLambdaApi({ endpoint: 'http://127.0.0.1:9014' });
 * const { executions } = await api.listExecutions({ functionName: 'order-workflow' });
 */
export const createLambdaApi = async (target: LambdaApiTarget): Promise<ConsoleLambdaApi> => {
  let sdk: typeof import('@aws-sdk/client-lambda');
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  try {
    sdk = await import('@aws-sdk/client-lambda');
  } catch {
    // An endpoint (a serve) is reachable without the AWS SDK; AWS needs its credentials and signing.
    if (target.endpoint !== undefined) return createEndpointApi({ endpoint: target.endpoint });
    throw new Error('the console needs @aws-sdk/client-lambda to reach AWS: npm install @aws-sdk/client-lambda');
  }
  const local = isLocalTarget(target);
  const region = target.region ?? process.env.AWS_REGION ?? (target.endpoint !== undefined ? 'us-east-1' : undefined);
  const client: LambdaClient = new sdk.LambdaClient({
    ...(target.endpoint !== undefined ? { endpoint: target.endpoint } : {}),
    ...(region !== undefined ? { region } : {}),
    ...(target.profile !== undefined ? { profile: target.profile } : {}),
    maxAttempts: local ? 1 : 3,
    ...(local ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
  });
  return {
    description: target.endpoint ?? `AWS ${region ?? '(region from the SDK chain)'}${target.profile !== undefined ? ` (profile ${target.profile})` : ''}`,
    async listFunctions() {
      const out: FunctionItem[] = [];
      let marker: string | undefined;
      const seen = new Set<string>();
      do {
        const page = await client.send(new sdk.ListFunctionsCommand(marker !== undefined ? { Marker: marker } : {}));
        for (const f of page.Functions ?? []) {
          // Only durable functions have executions to show.
          if (f.FunctionName !== undefined && f.DurableConfig !== undefined) out.push({ name: f.FunctionName, ...(f.FunctionArn ? { arn: f.FunctionArn } : {}) });
        }
        marker = page.NextMarker;
        if (marker !== undefined && seen.has(marker)) break;
        if (marker !== undefined) seen.add(marker);
      } while (marker !== undefined && marker !== '');
      return out;
    },
    async listExecutions(filter) {
      const page = await client.send(new sdk.ListDurableExecutionsByFunctionCommand({
        FunctionName: filter.functionName,
        ...(filter.statuses && filter.statuses.length > 0 ? { Statuses: filter.statuses as never } : {}),
        ...(filter.name !== undefined && filter.name !== '' ? { DurableExecutionName: filter.name } : {}),
        ...(filter.startedAfter ? { StartedAfter: filter.startedAfter } : {}),
        ...(filter.startedBefore ? { StartedBefore: filter.startedBefore } : {}),
        ...(filter.marker !== undefined ? { Marker: filter.marker } : {}),
        MaxItems: filter.maxItems ?? 50,
        ReverseOrder: true,
      }));
      const executions: ExecutionItem[] = (page.DurableExecutions ?? []).map((e) => {
        const startMs = ms(e.StartTimestamp);
        const endMs = ms(e.EndTimestamp);
        return {
          arn: e.DurableExecutionArn ?? '',
          name: e.DurableExecutionName ?? '',
          status: e.Status ?? 'UNKNOWN',
          ...(e.FunctionArn !== undefined ? { functionArn: e.FunctionArn } : {}),
          ...(startMs !== undefined ? { startMs } : {}),
          ...(endMs !== undefined ? { endMs } : {}),
        };
      });
      return { executions, ...(page.NextMarker ? { nextMarker: page.NextMarker } : {}) };
    },
    async getExecution(arn) {
      const e = await client.send(new sdk.GetDurableExecutionCommand({ DurableExecutionArn: arn, IncludeExecutionData: true }));
      return {
        status: e.Status ?? 'UNKNOWN',
        ...(e.DurableExecutionName !== undefined ? { name: e.DurableExecutionName } : {}),
        ...(e.FunctionArn !== undefined ? { functionArn: e.FunctionArn } : {}),
        ...(e.InputPayload !== undefined ? { input: e.InputPayload } : {}),
      };
    },
    async history(arn) {
      const events: HistoryEvent[] = [];
      let marker: string | undefined;
      const seen = new Set<string>();
      do {
        if (marker !== undefined) {
          if (seen.has(marker)) throw new Error(`GetDurableExecutionHistory returned the page marker "${marker}" twice.`);
          seen.add(marker);
        }
        const page = await client.send(new sdk.GetDurableExecutionHistoryCommand({
          DurableExecutionArn: arn, IncludeExecutionData: true, ...(marker !== undefined ? { Marker: marker } : {}),
        }));
        for (const e of page.Events ?? []) events.push(e as HistoryEvent);
        marker = page.NextMarker;
      } while (marker !== undefined && marker !== '');
      return events;
    },
    async stop(arn, error) {
      await client.send(new sdk.StopDurableExecutionCommand({ DurableExecutionArn: arn, ...(error ? { Error: error } : {}) }));
    },
    async callbackSuccess(callbackId, result) {
      await client.send(new sdk.SendDurableExecutionCallbackSuccessCommand({ CallbackId: callbackId, Result: Buffer.from(result, 'utf8') }));
    },
    async callbackFailure(callbackId, error) {
      await client.send(new sdk.SendDurableExecutionCallbackFailureCommand({ CallbackId: callbackId, Error: error }));
    },
    async callbackHeartbeat(callbackId) {
      await client.send(new sdk.SendDurableExecutionCallbackHeartbeatCommand({ CallbackId: callbackId }));
    },
    async start(functionName, input, executionName) {
      const out = await client.send(new sdk.InvokeCommand({
        FunctionName: functionName,
        InvocationType: 'Event',
        Payload: Buffer.from(input, 'utf8'),
        ...(executionName !== undefined && executionName !== '' ? { DurableExecutionName: executionName } : {}),
      }));
      return out.DurableExecutionArn;
    },
    close: () => client.destroy(),
  };
};
