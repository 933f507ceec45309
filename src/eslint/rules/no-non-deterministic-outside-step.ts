/**
 * `durable-lambda/no-non-deterministic-outside-step`: clocks, randomness, timers and per-invocation
 * environment read in durable code give another value on replay; inside a step they are recorded.
 */
import type { Rule } from 'eslint';
import { enclosingFunction, importedName, importSource, isGlobal, propertyName, resolveIdentifier, unwrap, type AstNode } from '../analysis/ast.js';
import { analyze } from '../analysis/durable-analysis.js';
import { docsUrl, wrapInStepSuggestion, type DurableRule } from './rule-module.js';

const MEMBER_CALLS: Readonly<Record<string, ReadonlySet<string>>> = {
  Date: new Set(['now']),
  Math: new Set(['random']),
  crypto: new Set(['randomUUID', 'getRandomValues', 'randomBytes', 'randomInt']),
  performance: new Set(['now']),
  process: new Set(['hrtime', 'uptime']),
};
const CRYPTO_MODULES: ReadonlySet<string> = new Set(['crypto', 'node:crypto']);
const CRYPTO_FUNCTIONS: ReadonlySet<string> = new Set(['randomUUID', 'getRandomValues', 'randomBytes', 'randomInt']);
const TIMERS: ReadonlySet<string> = new Set(['setTimeout', 'setInterval', 'setImmediate']);
/** Lambda sets these per invocation or per sandbox, so a replay may read another value. */
const VOLATILE_ENV: ReadonlySet<string> = new Set(['_X_AMZN_TRACE_ID', 'AWS_LAMBDA_LOG_STREAM_NAME']);

interface Options {
  readonly env?: 'volatile' | 'all';
  readonly volatileEnv?: readonly string[];
}

/** What a call or expression is, if it is non-deterministic: `Date.now()`, `setTimeout`… */
function describe(node: AstNode, context: Rule.RuleContext): string | undefined {
  const sourceCode = context.sourceCode;
  if (node.type === 'NewExpression') {
    const callee = unwrap(node.callee as AstNode);
    return callee.type === 'Identifier' && callee.name === 'Date' && (node.arguments as unknown[]).length === 0 && isGlobal(sourceCode, callee) ? 'new Date()' : undefined;
  }
  const callee = unwrap(node.callee as AstNode);
  if (callee.type === 'Identifier') {
    const name = callee.name as string;
    if (TIMERS.has(name) && isGlobal(sourceCode, callee)) return `${name}()`;
    const variable = resolveIdentifier(sourceCode, callee);
    const imported = importedName(variable);
    return CRYPTO_MODULES.has(importSource(variable) ?? '') && imported && CRYPTO_FUNCTIONS.has(imported) ? `${imported}()` : undefined;
  }
  if (callee.type !== 'MemberExpression') return undefined;
  const method = propertyName(callee);
  const object = unwrap(callee.object as AstNode);
  if (object.type === 'MemberExpression' && propertyName(object) === 'hrtime' && method === 'bigint') return 'process.hrtime.bigint()';
  // `globalThis.crypto.randomUUID()` is `crypto.randomUUID()`.
  const viaGlobal = object.type === 'MemberExpression' && unwrap(object.object as AstNode).type === 'Identifier' && unwrap(object.object as AstNode).name === 'globalThis';
  const objectName = viaGlobal ? propertyName(object) : object.type === 'Identifier' ? (object.name as string) : undefined;
  if (!objectName || !method) return undefined;
  if (MEMBER_CALLS[objectName]?.has(method)) {
    const variable = viaGlobal ? undefined : resolveIdentifier(sourceCode, object);
    const fromCrypto = CRYPTO_MODULES.has(importSource(variable) ?? '');
    if (variable === undefined || variable.defs.length === 0 || fromCrypto) return `${objectName}.${method}()`;
  }
  if (TIMERS.has(method) && (objectName === 'globalThis' || objectName === 'global')) return `${method}()`;
  return undefined;
}

/** The environment variable a `process.env.X` / `process.env['X']` read names ('*' when dynamic). */
function envRead(member: AstNode, sourceCode: Rule.RuleContext['sourceCode']): string | undefined {
  const object = unwrap(member.object as AstNode);
  if (object.type !== 'MemberExpression' || propertyName(object) !== 'env') return undefined;
  const root = unwrap(object.object as AstNode);
  if (root.type !== 'Identifier' || root.name !== 'process' || !isGlobal(sourceCode, root)) return undefined;
  return propertyName(member) ?? '*';
}

const rule: DurableRule = {
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow clocks, randomness, timers and per-invocation environment in durable code outside a step',
      recommended: true,
      url: docsUrl('no-non-deterministic-outside-step'),
    },
    hasSuggestions: true,
    schema: [
      {
        type: 'object',
        properties: { env: { enum: ['volatile', 'all'] }, volatileEnv: { type: 'array', items: { type: 'string' } } },
        additionalProperties: false,
      },
    ],
    messages: {
      nonDeterministic: '{{what}} gives another value when the handler replays. Call it inside context.step so the value is recorded.',
      timer: '{{what}} in durable code does not survive a suspension or replay. Use context.wait (or do the waiting inside a step).',
      env: 'process.env.{{name}} can change between invocations of one execution. Read it inside a step so the value is recorded.',
      wrapInStep: 'Wrap in {{context}}.step(…)',
    },
  },
  create(context) {
    const options = (context.options[0] ?? {}) as Options;
    const volatileEnv = new Set([...VOLATILE_ENV, ...(options.volatileEnv ?? [])]);
    const analysis = analyze(context.sourceCode);
    const report = (node: AstNode, messageId: string, data: Record<string, string>): void => {
      const region = analysis.regionOf(node);
      if (region?.kind !== 'durable') return;
      const fn = enclosingFunction(node);
      const suggest =
        messageId === 'timer'
          ? []
          : wrapInStepSuggestion({
              contextName: region.context?.name,
              canAwait: fn === region.fn && fn?.async === true,
              range: node.range as [number, number],
              text: context.sourceCode.getText(node as never),
              messageId: 'wrapInStep',
            });
      context.report({ node: node as never, messageId, data, suggest });
    };
    const check = (node: AstNode): void => {
      const what = describe(node, context);
      if (what) report(node, what.startsWith('set') ? 'timer' : 'nonDeterministic', { what });
    };
    return {
      CallExpression: (node) => check(node as unknown as AstNode),
      NewExpression: (node) => check(node as unknown as AstNode),
      MemberExpression(node) {
        const name = envRead(node as unknown as AstNode, context.sourceCode);
        if (name && (options.env === 'all' || name === '*' || volatileEnv.has(name))) report(node as unknown as AstNode, 'env', { name });
      },
    };
  },
};

export default rule;
