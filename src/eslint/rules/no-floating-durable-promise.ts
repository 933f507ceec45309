/**
 * `durable-lambda/no-floating-durable-promise`: a durable operation whose promise nobody awaits
 * may never run (its second phase starts on first use) and the handler cannot see its failure.
 */
import type { Scope } from 'eslint';
import { enclosingFunction, parentOf, propertyName, unwrap, type AstNode } from '../analysis/ast.js';
import { analyze } from '../analysis/durable-analysis.js';
import { docsUrl, type DurableRule } from './rule-module.js';

const CHAIN_METHODS: ReadonlySet<string> = new Set(['then', 'catch', 'finally']);

/** The outermost expression of `op(...).then(...).catch(...)`. */
function chainEnd(call: AstNode): AstNode {
  let end = call;
  for (;;) {
    const member = parentOf(end);
    const next = member ? parentOf(member) : undefined;
    if (member?.type !== 'MemberExpression' || unwrap(member.object as AstNode) !== end || !CHAIN_METHODS.has(propertyName(member) ?? '')) return end;
    if (next?.type !== 'CallExpression' || unwrap(next.callee as AstNode) !== member) return end;
    end = next;
  }
}

const rule: DurableRule = {
  meta: {
    type: 'problem',
    docs: {
      description: 'Require durable operations to be awaited, returned, or handed to context.promise.* / Promise.*',
      recommended: true,
      url: docsUrl('no-floating-durable-promise'),
    },
    hasSuggestions: true,
    schema: [],
    messages: {
      floating: 'The promise of {{method}} is neither awaited, returned, nor combined. Await it (or pass it to context.promise.all / Promise.all).',
      unused: 'The promise of {{method}} is stored in {{name}} but never used. Await it (or pass it to context.promise.all / Promise.all).',
      addAwait: 'Add await',
    },
  },
  create(context) {
    const analysis = analyze(context.sourceCode);
    return {
      'Program:exit'() {
        for (const call of analysis.calls) {
          const end = chainEnd(call.node);
          const parent = parentOf(end);
          const statement = parent?.type === 'UnaryExpression' && parent.operator === 'void' ? parentOf(parent) : parent;
          if (statement?.type === 'ExpressionStatement') {
            const canAwait = enclosingFunction(call.node)?.async === true && parent === statement;
            context.report({
              node: call.node as never,
              messageId: 'floating',
              data: { method: call.method },
              suggest: canAwait ? [{ messageId: 'addAwait', fix: (fixer) => fixer.insertTextBefore(end as never, 'await ') }] : [],
            });
          } else if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') {
            const variable: Scope.Variable | undefined = context.sourceCode.getDeclaredVariables(parent as never)[0];
            if (variable && !variable.references.some((reference) => reference.isRead())) {
              context.report({ node: call.node as never, messageId: 'unused', data: { method: call.method, name: variable.name } });
            }
          }
        }
      },
    };
  },
};

export default rule;
