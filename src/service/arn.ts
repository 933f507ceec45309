/** ARNs in the service's format. */

export interface ExecutionArnParts {
  region: string;
  account: string;
  functionName: string;
  qualifier: string;
  executionName: string;
  executionId: string;
}

/**
 * `arn:aws:lambda:<region>:<account>:function:<fn>:<qualifier>/durable-execution/<name>/<id>`
 *
 * @example
 * formatExecutionArn({region: 'us-east-1', account: '123456789012', functionName: 'fn',
 *   qualifier: '$LATEST', executionName: 'order-1', executionId: 'a1b2'});
 */
export const formatExecutionArn = (p: ExecutionArnParts): string =>
  `${formatFunctionArn(p)}:${p.qualifier}/durable-execution/${p.executionName}/${p.executionId}`;

/** Unqualified function ARN. */
export const formatFunctionArn = (p: { region: string; account: string; functionName: string }): string =>
  `arn:aws:lambda:${p.region}:${p.account}:function:${p.functionName}`;

const EXECUTION_ARN = /^arn:aws:lambda:([^:]+):(\d+):function:([^:/]+):([^/]+)\/durable-execution\/([^/]+)\/([^/]+)$/;

/**
 * Parses an execution ARN, or returns undefined when it is not one.
 *
 * @example
 * parseExecutionArn(arn)?.executionName; // 'order-1'
 */
export const parseExecutionArn = (arn: string): ExecutionArnParts | undefined => {
  const m = EXECUTION_ARN.exec(arn);
  if (!m) return undefined;
  const [, region, account, functionName, qualifier, executionName, executionId] = m;
  if (!region || !account || !functionName || !qualifier || !executionName || !executionId) return undefined;
  return { region, account, functionName, qualifier, executionName, executionId };
};

/**
 * Function name from a name, partial ARN (`account:function:name`) or full ARN, with an
 * optional `:qualifier` suffix, as Lambda accepts them.
 */
export const parseFunctionName = (nameOrArn: string): { functionName: string; qualifier?: string } => {
  const parts = nameOrArn.split(':');
  const fnIdx = parts.indexOf('function');
  const rest = fnIdx >= 0 ? parts.slice(fnIdx + 1) : parts;
  const functionName = rest[0] ?? nameOrArn;
  const qualifier = rest[1];
  return qualifier === undefined ? { functionName } : { functionName, qualifier };
};
