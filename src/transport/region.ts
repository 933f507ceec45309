/** Where a Lambda API call goes: the region of an execution ARN. */

/**
 * Region of a Lambda ARN (`arn:aws:lambda:<region>:...`), if it has one.
 *
 * @example
 * ```ts
 * regionFromArn('arn:aws:lambda:eu-west-1:123456789012:function:f:$LATEST/durable-execution/x/y'); // 'eu-west-1'
 * ```
 */
export function regionFromArn(arn: string): string | undefined {
  const region = arn.split(':')[3];
  return region ? region : undefined;
}
