/**
 * durable-lambda/eslint: an ESLint 9 flat-config plugin that finds code which breaks on replay
 * (non-determinism, durable calls inside steps, state lost from steps, floating durable
 * promises) in handlers written with durable-lambda or the official SDK.
 *
 * @example
 * ```js
 * // eslint.config.mjs
 * import durable from 'durable-lambda/eslint';
 * export default [durable.configs.recommended];
 * ```
 *
 * @packageDocumentation
 */
import { SDK_VERSION } from '../version.js';
import noClosureMutationInStep from './rules/no-closure-mutation-in-step.js';
import noContextDestructuring from './rules/no-context-destructuring.js';
import noDurableCallInStep from './rules/no-durable-call-in-step.js';
import noFloatingDurablePromise from './rules/no-floating-durable-promise.js';
import noNonDeterministicOutsideStep from './rules/no-non-deterministic-outside-step.js';
import noSideEffectOutsideStep from './rules/no-side-effect-outside-step.js';
import uniqueOperationNames from './rules/unique-operation-names.js';

/** A rule object as ESLint consumes it (kept structural so these types need no ESLint install). */
export interface DurableLintRule {
  readonly meta?: Record<string, unknown>;
  create(context: never): Record<string, unknown>;
}

/** A flat-config object. */
export interface DurableLintConfig {
  readonly name: string;
  readonly plugins: Record<string, DurableLintPlugin>;
  readonly rules: Record<string, 'error' | 'warn' | 'off'>;
}

/** The plugin: its rules and ready-made configs. */
export interface DurableLintPlugin {
  readonly meta: { readonly name: string; readonly version: string };
  readonly rules: Record<string, DurableLintRule>;
  readonly configs: { readonly recommended: DurableLintConfig };
}

/**
 * Every rule of the plugin, by id (without the `durable-lambda/` prefix).
 *
 * @example
 * ```js
 * import { rules } from 'durable-lambda/eslint';
 * console.log(Object.keys(rules));
 * ```
 */
export const rules: Record<string, DurableLintRule> = {
  'no-non-deterministic-outside-step': noNonDeterministicOutsideStep as DurableLintRule,
  'no-durable-call-in-step': noDurableCallInStep as DurableLintRule,
  'no-closure-mutation-in-step': noClosureMutationInStep as DurableLintRule,
  'no-floating-durable-promise': noFloatingDurablePromise as DurableLintRule,
  'unique-operation-names': uniqueOperationNames as DurableLintRule,
  'no-side-effect-outside-step': noSideEffectOutsideStep as DurableLintRule,
  'no-context-destructuring': noContextDestructuring as DurableLintRule,
};

const recommendedRules: Record<string, 'error' | 'warn'> = {
  'durable-lambda/no-non-deterministic-outside-step': 'error',
  'durable-lambda/no-durable-call-in-step': 'error',
  'durable-lambda/no-closure-mutation-in-step': 'error',
  'durable-lambda/no-floating-durable-promise': 'error',
  'durable-lambda/no-context-destructuring': 'error',
  'durable-lambda/unique-operation-names': 'warn',
  'durable-lambda/no-side-effect-outside-step': 'warn',
};

const configs = {} as { recommended: DurableLintConfig };

/**
 * The plugin object, also the default export.
 *
 * @example
 * ```js
 * import durable from 'durable-lambda/eslint';
 * export default [
 *   durable.configs.recommended,
 *   { rules: { 'durable-lambda/unique-operation-names': 'error' } },
 * ];
 * ```
 */
export const plugin: DurableLintPlugin = { meta: { name: 'durable-lambda', version: SDK_VERSION }, rules, configs };
configs.recommended = { name: 'durable-lambda/recommended', plugins: { 'durable-lambda': plugin }, rules: recommendedRules };

export { configs };
export default plugin;
