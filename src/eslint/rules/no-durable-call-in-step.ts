/**
 * `durable-lambda/no-durable-call-in-step`: a durable operation inside a step function cannot be
 * checkpointed (the step is one unit), and one made on the parent context inside a child
 * function (runInChildContext, map, parallel) lands in the wrong context and breaks replay.
 */
import { analyze } from '../analysis/durable-analysis.js';
import { docsUrl, type DurableRule } from './rule-module.js';

const rule: DurableRule = {
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow durable operations inside step functions and on the parent context inside child functions',
      recommended: true,
      url: docsUrl('no-durable-call-in-step'),
    },
    schema: [],
    messages: {
      inStep:
        '{{method}} is a durable operation inside a step-like function (step, waitForCondition check, waitForCallback submitter). Move it out, or group operations with runInChildContext.',
      parentContext: '{{method}} is called on {{used}}, a parent context, inside a child function. Use the context the child function receives ({{own}}).',
    },
  },
  create(context) {
    const analysis = analyze(context.sourceCode);
    return {
      'Program:exit'() {
        for (const call of analysis.calls) {
          const region = analysis.regionOf(call.node);
          if (region?.kind === 'step') {
            context.report({ node: call.node as never, messageId: 'inStep', data: { method: call.method } });
          } else if (region?.kind === 'durable' && region.context && analysis.originOf(call.context) !== analysis.originOf(region.context)) {
            context.report({
              node: call.node as never,
              messageId: 'parentContext',
              data: { method: call.method, used: call.context.name, own: region.context.name },
            });
          }
        }
      },
    };
  },
};

export default rule;
