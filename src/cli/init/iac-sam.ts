/**
 * The AWS SAM template set of `durable-lambda init` (`--iac sam`, the default): a function with
 * DurableConfig, an alias so that callers get a qualified ARN, checkpoint permissions on the
 * function's own qualified ARNs only, and esbuild build metadata for `sam build`.
 */
import type { IacTemplateSet, StarterContext } from './starter-types.js';

const template = (context: StarterContext): string => `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Description: ${context.projectName} - a durable Lambda function (made with durable-lambda init)

Parameters:
  ExecutionTimeoutSeconds:
    Type: Number
    Default: 86400
    MinValue: 1
    MaxValue: 31622400
    Description: Longest a durable execution may run, across all its invocations.
  RetentionPeriodInDays:
    Type: Number
    Default: 14
    MinValue: 1
    MaxValue: 90
    Description: Days the execution history stays readable after an execution closes.

Resources:
  OrderFunction:
    Type: AWS::Serverless::Function
    Metadata:
      # The same settings as esbuild.config.mjs (npm run build).
      BuildMethod: esbuild
      BuildProperties:
        Format: esm
        Target: es2022
        Minify: true
        Sourcemap: true
        EntryPoints:
          - ${context.handlerSource}
        # The nodejs22.x runtime ships AWS SDK v3.
        External:
          - '@aws-sdk/*'
        OutExtension:
          - .js=.mjs
        Banner:
          - js=import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);
    Properties:
      FunctionName: !Sub '\${AWS::StackName}-order'
      CodeUri: ./
      Handler: handler.handler
      Runtime: nodejs22.x
      Architectures:
        - arm64
      MemorySize: 256
      # One invocation's limit; the whole execution is bounded by DurableConfig.ExecutionTimeout.
      Timeout: 60
      # Durable executions run on a qualified ARN: invoke the \`live\` alias, never the bare name.
      AutoPublishAlias: live
      DurableConfig:
        ExecutionTimeout: !Ref ExecutionTimeoutSeconds
        RetentionPeriodInDays: !Ref RetentionPeriodInDays
      Environment:
        Variables:
          NODE_OPTIONS: --enable-source-maps
      Policies:
        # Least privilege: checkpoint and read the state of this function's own executions only.
        # The ARN is built from the name (not !GetAtt) so that the role does not depend on the function.
        - Statement:
            - Sid: CheckpointOwnExecutions
              Effect: Allow
              Action:
                - lambda:CheckpointDurableExecution
                - lambda:GetDurableExecutionState
              Resource: !Sub 'arn:\${AWS::Partition}:lambda:\${AWS::Region}:\${AWS::AccountId}:function:\${AWS::StackName}-order:*'

Outputs:
  OrderFunctionAliasArn:
    Description: The qualified ARN (alias live) to invoke; an unqualified ARN never starts a durable execution.
    Value: !Ref OrderFunction.Alias
`;

/**
 * `--iac sam`: template.yaml and the `deploy` script.
 *
 * @example
 * ```ts
 * const files = samTemplateSet.files(context);
 * ```
 */
export const samTemplateSet: IacTemplateSet = {
  name: 'sam',
  summary: 'AWS SAM: template.yaml (DurableConfig, alias live, least-privilege policy, esbuild metadata)',
  files: (context) => [{ path: 'template.yaml', content: template(context) }],
  scripts: () => ({ deploy: 'sam build && sam deploy --guided' }),
  devDependencies: {},
  ignoredPaths: ['.aws-sam/'],
  deployNotes: () => [
    'With the [AWS SAM CLI](https://docs.aws.amazon.com/serverless-application-model/) and AWS credentials:',
    '',
    '```sh',
    'npm run deploy   # sam build && sam deploy --guided',
    '```',
    '',
    'Invoke the alias ARN printed as `OrderFunctionAliasArn` (a qualified ARN), for example',
    '`aws lambda invoke --function-name <OrderFunctionAliasArn> --invocation-type Event --payload file://events/order.json --cli-binary-format raw-in-base64-out out.json`.',
  ],
};
