/**
 * The official `CloudDurableTestRunner`: invokes a deployed durable function through the Lambda
 * API and follows its history (GetDurableExecutionHistory) until it ends. Works against AWS and
 * against `durable-lambda serve` (point the client's endpoint at it).
 */
import type { ErrorObject, ExecutionStatus, HistoryEvent } from '../../protocol.js';
import { InvocationType } from './enums.js';
import { OperationView } from './operation-view.js';
import { operationsFromHistory } from './operations-from-history.js';
import { RunSession, type ExecutionSnapshot } from './run-session.js';
import { buildTestResult } from './test-result.js';
import type { CallbackApi, CallbackResponse, DurableOperation, InvokeRequest, OfficialDurableTestRunner, TestResult } from './types.js';
import type { WaitingOperationStatus } from './enums.js';

/** What the runner needs of a client: `send(command)`, as `LambdaClient` of `@aws-sdk/client-lambda` has. */
export interface LambdaApiClient {
  send(command: any, options?: any): Promise<any>;
}

/** Polling and invocation options. */
export interface CloudDurableTestRunnerConfig {
  /** Milliseconds between history polls (default 1000). */
  pollInterval?: number;
  /** `RequestResponse` (default) or `Event`; only `Event` lets a test wait for operations while the execution runs. */
  invocationType?: InvocationType;
}

/** Options of `new CloudDurableTestRunner(...)`. */
export interface CloudDurableTestRunnerParameters {
  /** Name or ARN of the durable function (qualified: durable functions are invoked by version or alias). */
  functionName: string;
  /** The Lambda client (default `new LambdaClient()` of `@aws-sdk/client-lambda`). */
  client?: LambdaApiClient;
  config?: CloudDurableTestRunnerConfig;
}

type LambdaModule = typeof import('@aws-sdk/client-lambda');
const LAMBDA_SDK_MODULE: string = '@aws-sdk/client-lambda';

const loadLambdaSdk = async (): Promise<LambdaModule> => {
  try {
    return (await import(LAMBDA_SDK_MODULE)) as LambdaModule;
  } catch (cause) {
    throw new Error('CloudDurableTestRunner needs @aws-sdk/client-lambda: npm install -D @aws-sdk/client-lambda', { cause });
  }
};

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs a deployed durable function, in the official testing library's API.
 *
 * @example
 * ```ts
 * const runner = new CloudDurableTestRunner({
 *   functionName: 'orders:live',
 *   client: new LambdaClient({ endpoint: 'http://127.0.0.1:9014' }),
 *   config: { pollInterval: 100, invocationType: InvocationType.Event },
 * });
 * const approval = runner.getOperation('approval');
 * const running = runner.run({ payload: { orderId: 1 } });
 * await (await approval.waitForData()).sendCallbackSuccess('"yes"');
 * expect((await running).getStatus()).toBe('SUCCEEDED');
 * ```
 */
export class CloudDurableTestRunner<TResult = any> implements OfficialDurableTestRunner<DurableOperation, TResult> {
  private readonly functionName: string;
  private client: LambdaApiClient | undefined;
  private readonly config: Required<CloudDurableTestRunnerConfig>;
  private session: RunSession;

  constructor({ functionName, client, config }: CloudDurableTestRunnerParameters) {
    if (typeof functionName !== 'string' || functionName === '') {
      throw new TypeError(`CloudDurableTestRunner: functionName must be a function name or ARN, got ${JSON.stringify(functionName)}`);
    }
    this.functionName = functionName;
    this.client = client;
    this.config = { pollInterval: 1000, invocationType: InvocationType.RequestResponse, ...config };
    this.session = this.newSession();
  }

  /** Invokes the function and resolves once its execution has ended. */
  async run(params?: InvokeRequest): Promise<TestResult<TResult>> {
    const sdk = await loadLambdaSdk();
    const client = (this.client ??= new sdk.LambdaClient({}));
    const invoked = (await client.send(
      new sdk.InvokeCommand({
        FunctionName: this.functionName,
        InvocationType: this.config.invocationType,
        ...(params?.payload === undefined ? {} : { Payload: new TextEncoder().encode(JSON.stringify(params.payload)) }),
      }),
    )) as { DurableExecutionArn?: string };
    const arn = invoked.DurableExecutionArn;
    if (arn === undefined) {
      throw new Error(`No execution ARN found on invocation response. Is the function specified a durable function? (function ${JSON.stringify(this.functionName)})`);
    }
    const session = this.session;
    let snapshot: ExecutionSnapshot | undefined;
    session.attach(() => snapshot);
    try {
      for (;;) {
        const events = await this.history(sdk, client, arn);
        snapshot = { records: operationsFromHistory(events), events };
        session.changed();
        if (events.some((e) => e.EventType.startsWith('Execution') && e.EventType !== 'ExecutionStarted')) break;
        await sleep(this.config.pollInterval);
      }
      const done = (await client.send(new sdk.GetDurableExecutionCommand({ DurableExecutionArn: arn }))) as {
        Status?: ExecutionStatus;
        Result?: string;
        Error?: ErrorObject;
      };
      session.ended(done.Status);
      return buildTestResult<TResult>(session, {
        status: done.Status,
        ...(done.Result !== undefined ? { result: done.Result } : {}),
        ...(done.Error !== undefined ? { error: done.Error } : {}),
      });
    } catch (error) {
      session.ended(undefined);
      throw error;
    }
  }

  getOperation<TOperationResult = any>(name: string): DurableOperation<TOperationResult> {
    return this.getOperationByNameAndIndex<TOperationResult>(name, 0);
  }

  getOperationByIndex<TOperationResult = any>(index: number): DurableOperation<TOperationResult> {
    return new CloudOperationView<TOperationResult>(this.session, { index }, this.config.invocationType);
  }

  getOperationByNameAndIndex<TOperationResult = any>(name: string, index: number): DurableOperation<TOperationResult> {
    return new CloudOperationView<TOperationResult>(this.session, { name, index }, this.config.invocationType);
  }

  getOperationById<TOperationResult = any>(id: string): DurableOperation<TOperationResult> {
    return new CloudOperationView<TOperationResult>(this.session, { id }, this.config.invocationType);
  }

  /** Forgets the operations of earlier runs. */
  reset(): void {
    this.session = this.newSession();
  }

  private async history(sdk: LambdaModule, client: LambdaApiClient, arn: string): Promise<HistoryEvent[]> {
    const events: HistoryEvent[] = [];
    let marker: string | undefined;
    do {
      const page = (await client.send(
        new sdk.GetDurableExecutionHistoryCommand({ DurableExecutionArn: arn, IncludeExecutionData: true, MaxItems: 1000, ...(marker ? { Marker: marker } : {}) }),
      )) as { Events?: HistoryEvent[]; NextMarker?: string };
      events.push(...(page.Events ?? []));
      marker = page.NextMarker;
    } while (marker !== undefined && marker !== '');
    return events;
  }

  private newSession(): RunSession {
    return new RunSession(this.callbackApi(), () => undefined);
  }

  private callbackApi(): CallbackApi {
    const send = async (command: (sdk: LambdaModule) => unknown): Promise<CallbackResponse> => {
      const sdk = await loadLambdaSdk();
      const client = (this.client ??= new sdk.LambdaClient({}));
      return (await client.send(command(sdk))) as CallbackResponse;
    };
    return {
      sendCallbackSuccess: (CallbackId, result) =>
        send((sdk) => new sdk.SendDurableExecutionCallbackSuccessCommand({ CallbackId, ...(result !== undefined ? { Result: new TextEncoder().encode(result) } : {}) })),
      sendCallbackFailure: (CallbackId, error) =>
        send((sdk) => new sdk.SendDurableExecutionCallbackFailureCommand({ CallbackId, ...(error !== undefined ? { Error: error } : {}) })),
      sendCallbackHeartbeat: (CallbackId) => send((sdk) => new sdk.SendDurableExecutionCallbackHeartbeatCommand({ CallbackId })),
    };
  }
}

/** A cloud view can wait only when the invocation does not block until the end (`Event`). */
class CloudOperationView<T> extends OperationView<T> {
  constructor(
    session: RunSession,
    locator: ConstructorParameters<typeof OperationView>[1],
    private readonly invocationType: InvocationType,
  ) {
    super(session, locator);
  }

  override async waitForData(status?: WaitingOperationStatus): Promise<DurableOperation<T>> {
    if (this.invocationType !== InvocationType.Event) {
      throw new Error(
        `InvocationType.${this.invocationType} cannot wait for operation data. Use InvocationType.Event to wait for operation data. ` +
          '(a RequestResponse invoke returns only when the execution has ended)',
      );
    }
    return super.waitForData(status);
  }
}
