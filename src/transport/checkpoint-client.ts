/**
 * The CheckpointClient port: the two service calls the engine needs. Same shape as the official
 * SDK's `DurableExecutionClient`, so clients of either package plug into the other.
 */
import type {
  CheckpointDurableExecutionRequest,
  CheckpointDurableExecutionResponse,
  GetDurableExecutionStateRequest,
  GetDurableExecutionStateResponse,
} from '../protocol.js';

/** Minimal logger a client may write diagnostics to. */
export interface TransportLogger {
  error(...params: any): void;
  warn(...params: any): void;
  info(...params: any): void;
  debug(...params: any): void;
}

/**
 * Transport to the durable-execution service. Throw a `DurableExecutionClientError` to choose
 * whether a failure retries the invocation (`INVOCATION`) or fails the execution (`EXECUTION`).
 *
 * @example
 * ```ts
 * const client: DurableExecutionClient = {
 *   getExecutionState: async (req) => emulator.getState(req),
 *   checkpoint: async (req) => emulator.checkpoint(req),
 * };
 * export const handler = withDurableExecution(myHandler, { durableExecutionClient: client });
 * ```
 */
export interface DurableExecutionClient {
  getExecutionState(
    params: GetDurableExecutionStateRequest,
    logger?: TransportLogger,
  ): Promise<GetDurableExecutionStateResponse>;
  checkpoint(
    params: CheckpointDurableExecutionRequest,
    logger?: TransportLogger,
  ): Promise<CheckpointDurableExecutionResponse>;
}

/** Engine-side name of the port. */
export type CheckpointClient = DurableExecutionClient;
