/**
 * `durable-lambda/no-side-effect-outside-step`: durable code runs again on every replay, so a
 * request made there (an AWS SDK `send`, `fetch`, `http.request`) repeats each invocation. Inside
 * a step it runs once per attempt and its result is recorded.
 */
import { importSource, isGlobal, propertyName, resolveIdentifier, unwrap, type AstNode } from '../analysis/ast.js';
import { analyze } from '../analysis/durable-analysis.js';
import { docsUrl, type DurableRule } from './rule-module.js';

const HTTP_MODULES: ReadonlySet<string> = new Set(['http', 'https', 'node:http', 'node:https', 'http2', 'node:http2']);
const HTTP_FUNCTIONS: ReadonlySet<string> = new Set(['request', 'get', 'connect']);

const rule: DurableRule = {
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Warn on network calls (AWS SDK send, fetch, http.request) in durable code outside a step',
      recommended: true,
      url: docsUrl('no-side-effect-outside-step'),
    },
    schema: [],
    messages: {
      sideEffect: '{{what}} in durable code runs again on every replay. Make the call inside context.step so it runs once and its result is recorded.',
    },
  },
  create(context) {
    const sourceCode = context.sourceCode;
    const analysis = analyze(sourceCode);
    /** Whether an expression is an AWS SDK client: `new XClient()` directly or through a variable. */
    const isSdkClient = (node: AstNode): boolean => {
      const value = unwrap(node);
      if (value.type === 'NewExpression') return /Client$/.test(unwrap(value.callee as AstNode).name ?? '');
      if (value.type !== 'Identifier') return false;
      const declarator = resolveIdentifier(sourceCode, value)?.defs[0]?.node as AstNode | undefined;
      return declarator?.type === 'VariableDeclarator' && declarator.init ? isSdkClient(declarator.init as AstNode) : false;
    };
    const describe = (call: AstNode): string | undefined => {
      const callee = unwrap(call.callee as AstNode);
      if (callee.type === 'Identifier') {
        if (callee.name === 'fetch' && isGlobal(sourceCode, callee)) return 'fetch()';
        const variable = resolveIdentifier(sourceCode, callee);
        return HTTP_MODULES.has(importSource(variable) ?? '') && HTTP_FUNCTIONS.has(callee.name as string) ? `${callee.name}()` : undefined;
      }
      if (callee.type !== 'MemberExpression') return undefined;
      const method = propertyName(callee);
      const object = unwrap(callee.object as AstNode);
      if (method === 'send') {
        const command = (call.arguments as AstNode[])[0];
        const isCommand = command !== undefined && unwrap(command).type === 'NewExpression' && /Command$/.test(unwrap(unwrap(command).callee as AstNode).name ?? '');
        return isCommand || isSdkClient(object) ? 'An AWS SDK client send()' : undefined;
      }
      if (object.type === 'Identifier' && method && HTTP_FUNCTIONS.has(method)) {
        const source = importSource(resolveIdentifier(sourceCode, object));
        return source && HTTP_MODULES.has(source) ? `${object.name}.${method}()` : undefined;
      }
      return undefined;
    };
    return {
      CallExpression(node) {
        const call = node as unknown as AstNode;
        const what = describe(call);
        if (what && analysis.regionOf(call)?.kind === 'durable') context.report({ node: node, messageId: 'sideEffect', data: { what } });
      },
    };
  },
};

export default rule;
