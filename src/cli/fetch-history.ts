/** Reads an execution and its whole history (every page) through the Lambda API. */
import type { HistoryEvent } from '../protocol.js';
import { describeCallError, lambdaClientFor } from './lambda-client.js';

/** What `history --json` prints and `decode --history @file` reads back. */
export interface ExecutionHistoryDocument {
  DurableExecutionArn: string;
  Status?: string;
  Events: HistoryEvent[];
}

/** GetDurableExecution + GetDurableExecutionHistory (all pages) from the service at `url`. */
export const fetchHistory = async (url: string, arn: string): Promise<ExecutionHistoryDocument> => {
  const { client, sdk } = await lambdaClientFor(url);
  try {
    const execution = await client.send(new sdk.GetDurableExecutionCommand({ DurableExecutionArn: arn, IncludeExecutionData: false }));
    const events: HistoryEvent[] = [];
    let marker: string | undefined;
    do {
      const page = await client.send(new sdk.GetDurableExecutionHistoryCommand({
        DurableExecutionArn: arn, IncludeExecutionData: true, ...(marker !== undefined ? { Marker: marker } : {}),
      }));
      events.push(...((page.Events ?? []) as HistoryEvent[]));
      marker = page.NextMarker;
    } while (marker !== undefined && marker !== '');
    return { DurableExecutionArn: arn, ...(execution.Status !== undefined ? { Status: execution.Status } : {}), Events: events };
  } catch (error) {
    throw new Error(describeCallError(url, error));
  } finally {
    client.destroy();
  }
};
