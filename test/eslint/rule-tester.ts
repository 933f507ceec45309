/** RuleTester wired to Vitest and the TypeScript parser, as the plugin's users run it. */
import { RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';
import { afterAll, describe, it } from 'vitest';

(RuleTester as unknown as { afterAll: typeof afterAll }).afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

/** A tester for TypeScript sources with ES modules. */
export const ruleTester = new RuleTester({
  languageOptions: { parser: tseslint.parser, ecmaVersion: 2024, sourceType: 'module' },
});

/** Wraps a handler body in `withDurableExecution(async (event, context) => { … })`. */
export const handler = (body: string, sdk = 'durable-lambda'): string =>
  `import { withDurableExecution } from '${sdk}';\nexport const handler = withDurableExecution(async (event: unknown, context) => {\n${body}\n});`;
