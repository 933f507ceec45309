/**
 * The AWS CDK template set of `durable-lambda init` (`--iac cdk`): a CDK app whose stack holds
 * the handler as a `DurableFunction` (durable-lambda/cdk: DurableConfig, alias `live`, checkpoint
 * permissions on the function's own qualified ARNs only, esbuild bundling without Docker), and a
 * test of the synthesized template that runs offline with the other tests.
 */
import type { IacTemplateSet, StarterContext } from './starter-types.js';

/** `my-order-flow` -> `MyOrderFlow` (a CloudFormation stack name: letters, digits, hyphens). */
const stackName = (projectName: string): string =>
  projectName
    .split(/[^a-zA-Z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('')
    .replace(/^[^a-zA-Z]+/, '') || 'DurableFunction';

const app = (context: StarterContext): string => `// The CDK app: \`npm run synth\` or \`npm run deploy\` (cdk.json runs this file with tsx).
import { App } from 'aws-cdk-lib';
import { OrderStack } from './stack.js';

const app = new App();
new OrderStack(app, '${stackName(context.projectName)}', {
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
app.synth();
`;

const stack = (context: StarterContext): string => `import { fileURLToPath } from 'node:url';
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { Architecture } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { DurableFunction } from 'durable-lambda/cdk';

/**
 * The order workflow as a durable function. DurableFunction publishes a version behind the
 * \`live\` alias and hands out only that qualified ARN: an unqualified ARN never starts a durable
 * execution. Grant callers with \`orders.grantInvoke(role)\`, callback senders with
 * \`orders.grantSendCallback(role)\`; use \`orders.eventBridgeTarget()\` or
 * \`orders.schedulerTarget()\` to start executions from EventBridge.
 */
export class OrderStack extends Stack {
  readonly orders: DurableFunction;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    this.orders = new DurableFunction(this, 'Order', {
      entry: fileURLToPath(new URL('../${context.handlerSource}', import.meta.url)),
      handler: 'handler',
      architecture: Architecture.ARM_64,
      memorySize: 256,
      // One invocation's limit; the whole execution is bounded by durableConfig.executionTimeout.
      timeout: Duration.seconds(60),
      durableConfig: { executionTimeout: Duration.days(1), retentionPeriod: Duration.days(14) },
    });
    new CfnOutput(this, 'OrderFunctionAliasArn', {
      value: this.orders.functionArn,
      description: 'The qualified ARN (alias live) to invoke; an unqualified ARN never starts a durable execution.',
    });
  }
}
`;

const STACK_TEST = `import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, it } from 'vitest';
import { OrderStack } from '../infra/stack.js';

describe('OrderStack', () => {
  // Bundling is skipped here so the test runs offline and fast; \`npm run synth\` bundles with esbuild.
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const template = Template.fromStack(new OrderStack(app, 'Test'));

  it('configures the durable function and publishes it behind the live alias', () => {
    template.hasResourceProperties('AWS::Lambda::Function', { DurableConfig: { ExecutionTimeout: 86400, RetentionPeriodInDays: 14 }, Runtime: 'nodejs22.x' });
    template.hasResourceProperties('AWS::Lambda::Alias', { Name: 'live' });
  });

  it('lets the function checkpoint its own executions only (function:<name>:*)', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          Match.objectLike({
            Action: ['lambda:CheckpointDurableExecution', 'lambda:GetDurableExecutionState'],
            Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [Match.anyValue(), 'Arn'] }, ':*']] },
          }),
        ],
      },
    });
  });
}, 60_000);
`;

const CDK_JSON = `{
  "app": "npx tsx infra/app.ts",
  "watch": { "include": ["src/**", "infra/**"] }
}
`;

/**
 * `--iac cdk`: infra/app.ts, infra/stack.ts, cdk.json, a template test and the synth/deploy scripts.
 *
 * @example
 * ```ts
 * const files = cdkTemplateSet.files(context);
 * ```
 */
export const cdkTemplateSet: IacTemplateSet = {
  name: 'cdk',
  summary: 'AWS CDK: infra/stack.ts with a DurableFunction (durable-lambda/cdk), cdk.json, a template test',
  files: (context) => [
    { path: 'infra/app.ts', content: app(context) },
    { path: 'infra/stack.ts', content: stack(context) },
    { path: 'test/stack.test.ts', content: STACK_TEST },
    { path: 'cdk.json', content: CDK_JSON },
  ],
  scripts: () => ({ synth: 'cdk synth', deploy: 'cdk deploy' }),
  devDependencies: { 'aws-cdk': '^2.1000.0', 'aws-cdk-lib': '^2.237.0', constructs: '^10.0.0', tsx: '^4.0.0' },
  typecheckedFolders: ['infra'],
  ignoredPaths: ['cdk.out/'],
  deployNotes: () => [
    'With AWS credentials, once per account and region: `npx cdk bootstrap`. Then:',
    '',
    '```sh',
    'npm run synth    # cdk synth: the CloudFormation template, the handler bundled by esbuild',
    'npm run deploy   # cdk deploy',
    '```',
    '',
    'Invoke the alias ARN printed as `OrderFunctionAliasArn` (a qualified ARN), for example',
    '`aws lambda invoke --function-name <OrderFunctionAliasArn> --invocation-type Event --payload file://events/order.json --cli-binary-format raw-in-base64-out out.json`.',
  ],
};
