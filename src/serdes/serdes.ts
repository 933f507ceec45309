/**
 * The Serdes port: how checkpointed values become strings and back.
 *
 * Same shape as the official SDK's `Serdes`, so every serdes of this package plugs into
 * `@aws/durable-execution-sdk-js` and the other way round.
 */

/** What a serdes knows about the value it handles. */
export interface SerdesContext {
  /** Raw (unhashed) operation id, e.g. `"2-1"`. */
  entityId: string;
  /** ARN of the durable execution the value belongs to. */
  durableExecutionArn: string;
}

/**
 * Converts checkpointed values to and from their stored string form.
 *
 * @example
 * ```ts
 * const upper: Serdes<string> = {
 *   serialize: async (v) => (v === undefined ? undefined : JSON.stringify(v.toUpperCase())),
 *   deserialize: async (s) => (s === undefined ? undefined : (JSON.parse(s) as string)),
 * };
 * await context.step('shout', async () => 'hi', { serdes: upper });
 * ```
 */
export interface Serdes<T> {
  // Function-typed properties, as in the official SDK 2.4, not methods: their parameters are
  // checked contravariantly, which lets `step(name, fn, { serdes })` infer T from `fn` when the
  // serdes accepts any value (createPayloadSerdes()), instead of widening it to unknown.
  serialize: (value: T | undefined, context: SerdesContext) => Promise<string | undefined>;
  deserialize: (data: string | undefined, context: SerdesContext) => Promise<T | undefined>;
}

/**
 * Plain JSON: `undefined` stays `undefined` (no payload is written), everything else goes
 * through `JSON.stringify` / `JSON.parse`.
 *
 * @example
 * ```ts
 * await context.step('load', load, { serdes: defaultSerdes });
 * ```
 */
export const defaultSerdes: Serdes<any> = {
  serialize: async (value) => (value === undefined ? undefined : JSON.stringify(value)),
  deserialize: async (data) => (data === undefined ? undefined : JSON.parse(data)),
};

/** Pass-through callback deserializer: the raw string the external system sent. */
export const passThroughDeserializer = { deserialize: async (data: string | undefined): Promise<string | undefined> => data };
