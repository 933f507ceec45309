/**
 * `DurableFunction`: a `NodejsFunction` with a durable configuration, published behind an alias,
 * whose role may checkpoint its own executions only, and which hands out nothing but qualified
 * ARNs (an unqualified ARN never starts a durable execution).
 */
import { Duration } from 'aws-cdk-lib';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, type BundlingOptions, type NodejsFunctionProps } from 'aws-cdk-lib/aws-lambda-nodejs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as schedulerTargets from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';
import { CHECKPOINT_ACTIONS, EXECUTION_MANAGEMENT_ACTIONS, LIST_EXECUTIONS_ACTION, SEND_CALLBACK_ACTIONS, qualifiedArnPattern } from './durable-actions.js';
import { createPayloadResources, type DurablePayloadOptions } from './payload-resources.js';

/** The durable configuration: how long an execution may run and how long its history is kept. */
export interface DurableExecutionConfig {
  /** Longest a durable execution may run, across all its invocations (1 second to 366 days). */
  readonly executionTimeout: Duration;
  /**
   * How long the history of a closed execution stays readable (1 to 90 whole days).
   *
   * @default Duration.days(14)
   */
  readonly retentionPeriod?: Duration;
}

/** Props of {@link DurableFunction}: every `NodejsFunction` prop, plus the durable ones. */
export interface DurableFunctionProps extends Omit<NodejsFunctionProps, 'durableConfig'> {
  /** The function's `DurableConfig` (required: it is what makes the function durable). */
  readonly durableConfig: DurableExecutionConfig;
  /**
   * Name of the alias that everything the construct hands out points at.
   *
   * @default 'live'
   */
  readonly aliasName?: string;
  /**
   * The payload pipeline's resources (KMS key, S3 bucket, grants, environment). `{}` creates
   * both with their defaults; see {@link DurablePayloadOptions}.
   *
   * @default - none: no key, no bucket, no payload environment variables
   */
  readonly payloads?: DurablePayloadOptions;
}

/** Days the history of a closed execution is kept unless `durableConfig.retentionPeriod` says otherwise. */
export const DEFAULT_RETENTION_DAYS = 14;

/** The default alias name. */
export const DEFAULT_ALIAS_NAME = 'live';

/**
 * Bundling defaults (each can be overridden through `bundling`): one minified ESM file with a
 * source map, `require` available to CommonJS dependencies, the runtime's AWS SDK v3 external.
 */
export const DEFAULT_DURABLE_BUNDLING: BundlingOptions = {
  format: OutputFormat.ESM,
  mainFields: ['module', 'main'],
  banner: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  minify: true,
  sourceMap: true,
  externalModules: ['@aws-sdk/*'],
};

/**
 * A durable Lambda function for the AWS CDK.
 *
 * - `durableConfig` becomes the function's `DurableConfig`.
 * - The code is published as a version behind an alias (`live`); {@link functionArn},
 *   {@link functionName}, {@link grantInvoke} and the EventBridge and Scheduler targets all use
 *   that qualified ARN. Pass {@link alias} where an `IFunction` is expected.
 * - The role (created unless `role` is given) has `AWSLambdaBasicExecutionRole` (logs; plus the
 *   VPC policy when `vpc` is set) and `lambda:CheckpointDurableExecution` and
 *   `lambda:GetDurableExecutionState` on `function:<name>:*` only, instead of the broader
 *   `AWSLambdaBasicDurableExecutionRolePolicy`.
 * - `payloads` adds the payload pipeline's key, bucket, grants and environment.
 *
 * Defaults: `runtime` nodejs22.x, {@link DEFAULT_DURABLE_BUNDLING}, `NODE_OPTIONS=--enable-source-maps`.
 *
 * @example
 * ```ts
 * const orders = new DurableFunction(this, 'Orders', {
 *   entry: 'src/orders.ts',
 *   durableConfig: { executionTimeout: Duration.days(7), retentionPeriod: Duration.days(14) },
 *   payloads: {},
 * });
 * orders.grantSendCallback(approvalsRole);
 * new events.Rule(this, 'OnOrder', { eventPattern: { source: ['shop'] }, targets: [orders.eventBridgeTarget()] });
 * ```
 */
export class DurableFunction extends Construct implements iam.IGrantable {
  /**
   * The underlying function. Its own ARN is UNQUALIFIED: invoking it never starts a durable
   * execution. Use it to change the function (environment, layers), never as a target.
   */
  readonly unqualifiedFunction: NodejsFunction;
  /** The version published from the current code and configuration. */
  readonly version: lambda.Version;
  /** The alias (`live` by default) on {@link version}: the `IFunction` to hand to other constructs. */
  readonly alias: lambda.Alias;
  /** The alias's qualified ARN (`arn:...:function:<name>:live`). */
  readonly functionArn: string;
  /** The alias's qualified name (`<name>:live`), as `context.invoke` and the CLI accept it. */
  readonly functionName: string;
  /** The function's execution role. */
  readonly role: iam.IRole;
  /** The principal of the function's code (its role), for grants to other resources. */
  readonly grantPrincipal: iam.IPrincipal;
  /** The policy with the checkpoint (and payload) permissions, attached to {@link role}. */
  readonly executionPolicy: iam.Policy;
  /** The payload key, when `payloads` asked for one. */
  readonly payloadKey?: kms.IKey;
  /** The payload bucket, when `payloads` asked for one. */
  readonly payloadBucket?: s3.IBucket;

  constructor(scope: Construct, id: string, props: DurableFunctionProps) {
    super(scope, id);
    const { aliasName = DEFAULT_ALIAS_NAME, payloads, ...functionProps } = props;
    // Written out (not left to the service) so the template states it and the payload lifecycle is derived from it.
    const durableConfig = { retentionPeriod: Duration.days(DEFAULT_RETENTION_DAYS), ...props.durableConfig };
    this.role =
      props.role ??
      new iam.Role(this, 'ServiceRole', {
        assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
        managedPolicies: [
          iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaBasicExecutionRole'),
          ...(props.vpc ? [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaVPCAccessExecutionRole')] : []),
        ],
      });
    this.grantPrincipal = this.role;
    const environment = { NODE_OPTIONS: '--enable-source-maps', ...props.environment };
    this.unqualifiedFunction = new NodejsFunction(this, 'Function', {
      runtime: lambda.Runtime.NODEJS_22_X,
      ...functionProps,
      bundling: { ...DEFAULT_DURABLE_BUNDLING, ...props.bundling },
      environment,
      role: this.role,
      durableConfig,
    });

    // A separate policy, not the role's default one: it names the function's ARN, and the
    // function depends on its role (and the role's default policy) so that would be a cycle.
    this.executionPolicy = new iam.Policy(this, 'ExecutionPolicy', {
      roles: [this.role],
      statements: [
        new iam.PolicyStatement({ sid: 'CheckpointOwnExecutions', actions: [...CHECKPOINT_ACTIONS], resources: [qualifiedArnPattern(this.unqualifiedFunction.functionArn)] }),
      ],
    });
    if (payloads) {
      const resources = createPayloadResources(this, { role: this.role, durableConfig, options: payloads });
      this.payloadKey = resources.key;
      this.payloadBucket = resources.bucket;
      for (const statement of resources.roleStatements) this.executionPolicy.addStatements(statement);
      for (const [name, value] of Object.entries(resources.environment)) this.unqualifiedFunction.addEnvironment(name, value);
    }

    this.version = this.unqualifiedFunction.currentVersion;
    this.alias = new lambda.Alias(this, 'Alias', { aliasName, version: this.version });
    // Whatever invokes the alias is created after the role may checkpoint.
    this.alias.node.addDependency(this.executionPolicy);
    this.functionArn = this.alias.functionArn;
    this.functionName = this.alias.functionName;
  }

  /**
   * Lets `grantee` invoke the function: `lambda:InvokeFunction` on the alias's qualified ARN only
   * (the chained `context.invoke` of another durable function needs exactly this).
   *
   * @example
   * ```ts
   * payment.grantInvoke(checkout);
   * ```
   */
  grantInvoke(grantee: iam.IGrantable): iam.Grant {
    return this.alias.grantInvoke(grantee);
  }

  /**
   * Lets `grantee` complete this function's callbacks: `SendDurableExecutionCallbackSuccess`,
   * `...Failure` and `...Heartbeat` on `function:<name>:*` (callbacks belong to executions of a
   * qualified ARN). Do not grant to the function itself this way (its role's default policy
   * would name the function it belongs to: a dependency cycle).
   *
   * @example
   * ```ts
   * approvals.grantSendCallback(approverRole);
   * ```
   */
  grantSendCallback(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({ grantee, actions: [...SEND_CALLBACK_ACTIONS], resourceArns: [qualifiedArnPattern(this.unqualifiedFunction.functionArn)] });
  }

  /**
   * Lets `grantee` inspect and stop this function's executions: `GetDurableExecution`,
   * `GetDurableExecutionHistory` and `StopDurableExecution` on `function:<name>:*`, and
   * `ListDurableExecutionsByFunction` on the function's ARN and `function:<name>:*` (a listing
   * may name the function with or without a qualifier).
   *
   * @example
   * ```ts
   * orders.grantManageExecutions(operatorRole);
   * ```
   */
  grantManageExecutions(grantee: iam.IGrantable): iam.Grant {
    const all = qualifiedArnPattern(this.unqualifiedFunction.functionArn);
    const executions = iam.Grant.addToPrincipal({ grantee, actions: [...EXECUTION_MANAGEMENT_ACTIONS], resourceArns: [all] });
    const listing = iam.Grant.addToPrincipal({ grantee, actions: [LIST_EXECUTIONS_ACTION], resourceArns: [this.unqualifiedFunction.functionArn, all] });
    return executions.combine(listing);
  }

  /**
   * An EventBridge rule target that invokes the alias (qualified ARN), with the permission for
   * EventBridge on the alias only.
   *
   * @example
   * ```ts
   * rule.addTarget(orders.eventBridgeTarget({ retryAttempts: 2 }));
   * ```
   */
  eventBridgeTarget(props?: targets.LambdaFunctionProps): targets.LambdaFunction {
    return new targets.LambdaFunction(this.alias, props);
  }

  /**
   * An EventBridge Scheduler target that invokes the alias (qualified ARN); the schedule's role
   * may invoke the alias only.
   *
   * @example
   * ```ts
   * new scheduler.Schedule(this, 'Nightly', { schedule: scheduler.ScheduleExpression.cron({ hour: '2', minute: '0' }), target: orders.schedulerTarget() });
   * ```
   */
  schedulerTarget(props?: schedulerTargets.ScheduleTargetBaseProps): schedulerTargets.LambdaInvoke {
    return new schedulerTargets.LambdaInvoke(this.alias, props);
  }
}
