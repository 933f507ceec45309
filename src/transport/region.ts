/**
 * Where a Lambda API call goes: the region of an execution ARN. The region becomes part of a
 * host name and of the signature scope, so an ARN is checked field by field before any URL is
 * built: a region such as `x@127.0.0.1#` would otherwise send the signed request (access key id,
 * session token) to another host.
 */
import { DurableExecutionClientError } from '../errors.js';

/** A region is one DNS label: lowercase letters, digits and inner hyphens. */
const REGION = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
/**
 * `arn:<partition>:lambda:<region>:<account>:function:<name>:<qualifier>` and the execution part
 * after it (`/durable-execution/...`, which only ever goes into the URL path, encoded).
 */
const LAMBDA_ARN = /^arn:(aws(?:-[a-z]+)*):lambda:([^:]*):(\d{12}):function:([A-Za-z0-9_-]{1,140}):(\$LATEST|[A-Za-z0-9_-]{1,128})(?:\/.*)?$/s;

const invalid = (message: string): DurableExecutionClientError =>
  new DurableExecutionClientError(message, { scope: 'EXECUTION' });

/**
 * Throws unless `region` is a valid region name (one host-name label).
 *
 * @example
 * ```ts
 * checkRegion('eu-west-1'); // ok
 * ```
 */
export function checkRegion(region: string, source: string): string {
  if (!REGION.test(region)) throw invalid(`The region ${JSON.stringify(region.slice(0, 80))} from ${source} is not a region name; no request was sent.`);
  return region;
}

/**
 * Region of a Lambda execution ARN (`arn:aws:lambda:<region>:...`); undefined for a value that is
 * not an ARN at all. An ARN whose partition, service, region, account, function or qualifier is
 * malformed throws a `DurableExecutionClientError` (scope `EXECUTION`) naming the field.
 *
 * @example
 * ```ts
 * regionFromArn('arn:aws:lambda:eu-west-1:123456789012:function:f:$LATEST/durable-execution/x/y'); // 'eu-west-1'
 * ```
 */
export function regionFromArn(arn: string): string | undefined {
  if (!arn.startsWith('arn:')) return undefined;
  const match = LAMBDA_ARN.exec(arn);
  const region = match?.[2];
  if (match === null || region === undefined) {
    throw invalid(`The execution ARN ${JSON.stringify(arn.slice(0, 200))} is not a Lambda function ARN (arn:<partition>:lambda:<region>:<12-digit account>:function:<name>:<qualifier>/...); no request was sent.`);
  }
  if (region === '') return undefined;
  return checkRegion(region, 'the execution ARN');
}
