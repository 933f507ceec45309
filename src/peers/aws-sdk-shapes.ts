/**
 * Structural stand-ins for the AWS SDK v3 types that public options accept. The AWS SDK
 * clients are optional peers, so the published declarations must compile without them
 * (`skipLibCheck: false`, only `@types/node`); a real client or config object fits these.
 */

/**
 * An AWS SDK v3 client (`LambdaClient`, `KMSClient`, `S3Client`): durable-lambda only calls
 * `send(command)`.
 *
 * @example
 * ```ts
 * import { LambdaClient } from '@aws-sdk/client-lambda';
 * const client: AwsSdkClientLike = new LambdaClient({ maxAttempts: 5 });
 * ```
 */
export interface AwsSdkClientLike {
  send(command: object, options?: object): Promise<unknown>;
}

/**
 * The configuration object of an AWS SDK v3 client (`KMSClientConfig`, `S3ClientConfig`...),
 * passed unchanged to the client's constructor.
 *
 * @example
 * ```ts
 * const clientConfig: AwsSdkClientConfig = { region: 'eu-west-1', maxAttempts: 5 };
 * ```
 */
export type AwsSdkClientConfig = object;
