/**
 * `durable-lambda/no-closure-mutation-in-step`: a step's result is recorded, its side effects on
 * the handler's variables are not. On replay the step function does not run, so a variable it
 * assigned keeps its old value; return the value from the step instead.
 */
import type { Scope } from 'eslint';
import { propertyName, resolveIdentifier, unwrap, type AstNode } from '../analysis/ast.js';
import { analyze, type Region } from '../analysis/durable-analysis.js';
import { docsUrl, type DurableRule } from './rule-module.js';

const MUTATING_METHODS: ReadonlySet<string> = new Set([
  'push', 'pop', 'shift', 'unshift', 'splice', 'sort', 'reverse', 'fill', 'copyWithin', 'set', 'add', 'delete', 'clear',
]);

/** The variable at the root of `a`, `a.b`, `a[0].c`. */
function rootIdentifier(node: AstNode): AstNode | undefined {
  let current = unwrap(node);
  while (current.type === 'MemberExpression') current = unwrap(current.object as AstNode);
  return current.type === 'Identifier' ? current : undefined;
}

/** Whether `inner` lies inside `outer` (by source range). */
const contains = (outer: AstNode, inner: AstNode): boolean =>
  outer.range !== undefined && inner.range !== undefined && outer.range[0] <= inner.range[0] && inner.range[1] <= outer.range[1];

const rule: DurableRule = {
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow step functions that assign or mutate variables of the enclosing code',
      recommended: true,
      url: docsUrl('no-closure-mutation-in-step'),
    },
    schema: [],
    messages: {
      assigned: 'This step assigns {{name}}, a variable outside the step. On replay the step does not run and {{name}} keeps its old value: return the value from the step instead.',
      mutated: 'This step mutates {{name}}, a variable outside the step. On replay the step does not run and the change is lost: return the value from the step instead.',
    },
  },
  create(context) {
    const analysis = analyze(context.sourceCode);
    /** The step region of a node and the outer variable a target names, if both exist. */
    const outerVariable = (node: AstNode, target: AstNode): { variable: Scope.Variable; region: Region } | undefined => {
      const region = analysis.regionOf(node);
      if (region?.kind !== 'step') return undefined;
      const identifier = rootIdentifier(target);
      const variable = identifier ? resolveIdentifier(context.sourceCode, identifier) : undefined;
      if (!variable || variable.defs.length === 0) return undefined;
      const declaredIn = variable.scope.block as unknown as AstNode;
      return contains(region.fn, declaredIn) ? undefined : { variable, region };
    };
    const check = (node: AstNode, target: AstNode): void => {
      const found = outerVariable(node, target);
      if (!found) return;
      const direct = unwrap(target).type === 'Identifier';
      context.report({ node: node as never, messageId: direct ? 'assigned' : 'mutated', data: { name: found.variable.name } });
    };
    return {
      AssignmentExpression: (node) => check(node as unknown as AstNode, (node as unknown as AstNode).left as AstNode),
      UpdateExpression: (node) => check(node as unknown as AstNode, (node as unknown as AstNode).argument as AstNode),
      UnaryExpression(node) {
        const unary = node as unknown as AstNode;
        if (unary.operator === 'delete') check(unary, unary.argument as AstNode);
      },
      CallExpression(node) {
        const call = node as unknown as AstNode;
        const callee = unwrap(call.callee as AstNode);
        if (callee.type !== 'MemberExpression') return;
        const method = propertyName(callee);
        if (method && MUTATING_METHODS.has(method)) {
          const found = outerVariable(call, callee.object as AstNode);
          if (found) context.report({ node: call as never, messageId: 'mutated', data: { name: found.variable.name } });
        } else if (method === 'assign' && unwrap(callee.object as AstNode).name === 'Object') {
          const target = (call.arguments as AstNode[])[0];
          const found = target ? outerVariable(call, target) : undefined;
          if (found) context.report({ node: call as never, messageId: 'mutated', data: { name: found.variable.name } });
        }
      },
    };
  },
};

export default rule;
