/**
 * `durable-lambda/unique-operation-names`: two operations with one name in one context make
 * histories, tests that look operations up by name, and replay reports ambiguous.
 */
import type { Scope } from 'eslint';
import { analyze } from '../analysis/durable-analysis.js';
import { docsUrl, type DurableRule } from './rule-module.js';

const rule: DurableRule = {
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Warn when one context names two operations the same',
      recommended: true,
      url: docsUrl('unique-operation-names'),
    },
    schema: [],
    messages: {
      duplicate: 'Operation name "{{name}}" is already used in this context (line {{line}}). Give each operation its own name.',
    },
  },
  create(context) {
    const analysis = analyze(context.sourceCode);
    return {
      'Program:exit'() {
        const seen = new Map<Scope.Variable, Map<string, number>>();
        for (const call of analysis.calls) {
          if (!call.name || call.method.startsWith('promise.')) continue;
          const origin = analysis.originOf(call.context);
          let names = seen.get(origin);
          if (!names) seen.set(origin, (names = new Map()));
          const line = (call.name.node.loc as { start: { line: number } } | undefined)?.start.line ?? 0;
          const first = names.get(call.name.text);
          if (first === undefined) names.set(call.name.text, line);
          else context.report({ node: call.name.node as never, messageId: 'duplicate', data: { name: call.name.text, line: String(first) } });
        }
      },
    };
  },
};

export default rule;
