/** Name this SDK reports in its user agent. */
export const SDK_NAME = 'durable-lambda';

/**
 * Version of this package.
 *
 * @example
 * ```ts
 * console.log(`running durable-lambda ${SDK_VERSION}`);
 * ```
 */
export const SDK_VERSION = '0.1.0';
