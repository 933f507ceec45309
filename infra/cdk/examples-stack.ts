/**
 * The example workflows (examples/<name>/) as durable functions in one CDK stack, the CDK
 * counterpart of template.yaml + infra/payload-resources.yaml:
 *
 * - every example function, published behind its `live` alias;
 * - the checkout may invoke the payment function's alias, and nothing else;
 * - the order workflow has its payload key and bucket (key policy, TLS-only bucket, lifecycle
 *   longer than the execution timeout plus the retention period) and their environment;
 * - `ApprovalSender` is the role an approval service assumes to answer the human-approval and
 *   order-workflow callbacks (grantSendCallback), and may do nothing else.
 */
import { join } from 'node:path';
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { Construct } from 'constructs';
import { DEFAULT_DURABLE_BUNDLING, DurableFunction, type DurableFunctionProps } from 'durable-lambda/cdk';

/** The repository root: entries, package-lock.json and tsconfig.json (which maps `durable-lambda` to src/) live there. */
export const REPOSITORY_ROOT = join(import.meta.dirname, '..', '..');

/** Props of {@link DurableLambdaExamplesStack}. */
export interface DurableLambdaExamplesStackProps extends StackProps {
  /**
   * Longest a durable execution may run (the order workflow waits a day).
   *
   * @default Duration.days(7)
   */
  readonly executionTimeout?: Duration;
  /**
   * How long the history of a closed execution is kept.
   *
   * @default Duration.days(14)
   */
  readonly retentionPeriod?: Duration;
  /**
   * Bundling overrides for every function (the defaults bundle with the repository's esbuild, no Docker).
   *
   * @default DEFAULT_DURABLE_BUNDLING
   */
  readonly bundling?: BundlingOptions;
}

/** The example functions: logical name -> entry file under examples/. */
export const EXAMPLE_FUNCTIONS = {
  OrderWorkflow: 'order-workflow/handler.ts',
  HumanApproval: 'human-approval/handler.ts',
  FanOut: 'fan-out/handler.ts',
  Saga: 'saga/handler.ts',
  Polling: 'polling/handler.ts',
  Checkout: 'chained-invoke/handler.ts',
  Payment: 'chained-invoke/payment.ts',
} as const;

export type ExampleFunctionName = keyof typeof EXAMPLE_FUNCTIONS;

/**
 * The examples stack.
 *
 * @example
 * ```ts
 * new DurableLambdaExamplesStack(new App(), 'DurableLambdaExamples');
 * ```
 */
export class DurableLambdaExamplesStack extends Stack {
  /** Each example's durable function. */
  readonly functions: Record<ExampleFunctionName, DurableFunction>;
  /** The role that answers approval callbacks. */
  readonly approvalSender: iam.Role;

  constructor(scope: Construct, id: string, props: DurableLambdaExamplesStackProps = {}) {
    super(scope, id, props);
    const durableConfig = { executionTimeout: props.executionTimeout ?? Duration.days(7), retentionPeriod: props.retentionPeriod ?? Duration.days(14) };
    const common: Omit<DurableFunctionProps, 'entry'> = {
      durableConfig,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 512,
      // One invocation's limit; the whole execution is bounded by durableConfig.executionTimeout.
      timeout: Duration.seconds(120),
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: lambda.ApplicationLogLevel.INFO,
      systemLogLevelV2: lambda.SystemLogLevel.WARN,
      depsLockFilePath: join(REPOSITORY_ROOT, 'package-lock.json'),
      projectRoot: REPOSITORY_ROOT,
      bundling: { ...DEFAULT_DURABLE_BUNDLING, ...props.bundling },
    };
    const make = (name: ExampleFunctionName, extra: Partial<DurableFunctionProps> = {}): DurableFunction =>
      new DurableFunction(this, name, { ...common, entry: join(REPOSITORY_ROOT, 'examples', EXAMPLE_FUNCTIONS[name]), ...extra });

    const payment = make('Payment', { description: 'Payment - the durable function the checkout invokes' });
    this.functions = {
      // The order workflow's payload pipeline: key and bucket created here, their names in its environment.
      OrderWorkflow: make('OrderWorkflow', { description: 'Order workflow - validate, encrypt PII, fan out, await approval, offload report, wait a day', payloads: {} }),
      HumanApproval: make('HumanApproval', { description: 'Expense approval - callback with timeout, escalation to a second approver' }),
      FanOut: make('FanOut', { description: 'Supplier quotes - map with maxConcurrency, minSuccessful and tolerated failures' }),
      Saga: make('Saga', { description: 'Trip booking saga - compensations in reverse order, each a durable step' }),
      Polling: make('Polling', { description: 'Export job - waitForCondition polling with a backoff wait strategy' }),
      // context.invoke of the payment function: its qualified name, and invoke on that alias only.
      Checkout: make('Checkout', { description: 'Checkout - invokes the payment function with context.invoke', environment: { PAYMENT_FUNCTION_NAME: payment.functionName } }),
      Payment: payment,
    };
    payment.grantInvoke(this.functions.Checkout);

    this.approvalSender = new iam.Role(this, 'ApprovalSender', {
      assumedBy: new iam.AccountRootPrincipal(),
      description: 'Answers the approval callbacks of the human-approval and order-workflow executions',
    });
    this.functions.HumanApproval.grantSendCallback(this.approvalSender);
    this.functions.OrderWorkflow.grantSendCallback(this.approvalSender);

    for (const [name, fn] of Object.entries(this.functions)) {
      new CfnOutput(this, `${name}AliasArn`, { value: fn.functionArn, description: `Qualified ARN (alias live) of ${name}: invoke this, never the unqualified ARN` });
    }
    new CfnOutput(this, 'ApprovalSenderRoleArn', { value: this.approvalSender.roleArn, description: 'Role to assume to send approval callbacks' });
    new CfnOutput(this, 'PayloadKeyArn', { value: this.functions.OrderWorkflow.payloadKey!.keyArn });
    new CfnOutput(this, 'PayloadBucketName', { value: this.functions.OrderWorkflow.payloadBucket!.bucketName });
  }
}
