/**
 * The shape of a rule in this plugin. ESLint's own types stay internal (the public `.d.ts` must
 * compile without ESLint installed); a rule is still an ordinary ESLint rule object.
 */
import type { Rule } from 'eslint';

/** Where each rule's documentation page lives. */
export const docsUrl = (rule: string): string => `https://github.com/durable-lambda/durable-lambda/blob/main/docs/eslint/${rule}.md`;

/** A rule of `durable-lambda/eslint`. */
export type DurableRule = Rule.RuleModule;

/** The suggestion that wraps an expression in a step, when the code around it can await. */
export function wrapInStepSuggestion(options: {
  readonly contextName: string | undefined;
  readonly canAwait: boolean;
  readonly range: [number, number];
  readonly text: string;
  readonly messageId: string;
}): Rule.SuggestionReportDescriptor[] {
  if (!options.contextName || !options.canAwait) return [];
  const { contextName, range, text, messageId } = options;
  return [{ messageId, data: { context: contextName }, fix: (fixer) => fixer.replaceTextRange(range, `(await ${contextName}.step(async () => ${text}))`) }];
}
