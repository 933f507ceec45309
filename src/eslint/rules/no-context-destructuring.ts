/**
 * `durable-lambda/no-context-destructuring`: `const { step } = context` detaches the methods from
 * their context (`this` is lost) and hides durable calls from review and from the other rules'
 * readers.
 */
import { analyze } from '../analysis/durable-analysis.js';
import { docsUrl, type DurableRule } from './rule-module.js';

const rule: DurableRule = {
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow destructuring durable operations out of a DurableContext',
      recommended: true,
      url: docsUrl('no-context-destructuring'),
    },
    schema: [],
    messages: {
      destructured: 'Do not destructure a DurableContext: its operations need the context as `this`. Call them as context.step(…), context.wait(…).',
    },
  },
  create(context) {
    const analysis = analyze(context.sourceCode);
    return {
      'Program:exit'() {
        for (const node of analysis.destructurings) context.report({ node: node as never, messageId: 'destructured' });
      },
    };
  },
};

export default rule;
