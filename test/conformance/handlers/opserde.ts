// Operation-level map serdes shared by 9-19 and 9-20: "OPSERDE:" + comma-joined results.
import { BatchItemStatus, type BatchResult, type Serdes } from 'durable-lambda';

const PREFIX = 'OPSERDE:';

export const operationSerdes: Serdes<BatchResult<string>> = {
  serialize: async (value) => (value === undefined ? undefined : `${PREFIX}${value.getResults().join(',')}`),
  deserialize: async (data) => {
    if (data === undefined) return undefined;
    if (!data.startsWith(PREFIX)) throw new Error(`not an OPSERDE payload: ${data.slice(0, 40)}`);
    const results = data.slice(PREFIX.length).split(',');
    // The SDK restores the BatchResult methods on an object with `all` and `completionReason`.
    return {
      all: results.map((result, index) => ({ result, index, status: BatchItemStatus.SUCCEEDED })),
      completionReason: 'ALL_COMPLETED',
    } as unknown as BatchResult<string>;
  },
};
