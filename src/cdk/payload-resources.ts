/**
 * The payload pipeline's AWS resources for one durable function: the KMS key that wraps data
 * keys (envelope encryption), the S3 bucket of offloaded payloads, the permissions of the
 * function's role on both, and the environment variables the pipeline reads.
 */
import { Annotations, Duration, RemovalPolicy, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { DurableConfig } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

/** Environment variables the payload pipeline reads (see `examples/order-workflow/payloads.ts`). */
export const PAYLOAD_ENVIRONMENT = {
  keyArn: 'DURABLE_LAMBDA_KMS_KEY_ARN',
  encryptionContextPurpose: 'DURABLE_LAMBDA_KMS_ENCRYPTION_CONTEXT_PURPOSE',
  bucket: 'DURABLE_LAMBDA_PAYLOAD_BUCKET',
  prefix: 'DURABLE_LAMBDA_PAYLOAD_PREFIX',
} as const;

/** Default key prefix of offloaded payloads. */
export const DEFAULT_PAYLOAD_PREFIX = 'durable-lambda/';

/** Default value of the `purpose` KMS encryption context. */
export const DEFAULT_ENCRYPTION_CONTEXT_PURPOSE = 'durable-lambda-payload';

/** The key policy's administration actions: managing the key, never using it. */
const KEY_ADMIN_ACTIONS = [
  'kms:Create*',
  'kms:Describe*',
  'kms:Enable*',
  'kms:List*',
  'kms:Put*',
  'kms:Update*',
  'kms:Revoke*',
  'kms:Disable*',
  'kms:Get*',
  'kms:Delete*',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:ScheduleKeyDeletion',
  'kms:CancelKeyDeletion',
];

/**
 * The payload pipeline's resources, as `DurableFunctionProps.payloads`. `{}` creates a key and a
 * bucket with the defaults below.
 */
export interface DurablePayloadOptions {
  /**
   * The KMS key that wraps payload data keys. `false`: no key (payloads are not encrypted by
   * the pipeline). An imported key's policy must let IAM policies grant its use (the account
   * root statement); the function's role then gets `kms:GenerateDataKey` and `kms:Decrypt` on it
   * under the encryption-context condition.
   *
   * @default - a new key: rotation on, retained on stack deletion, a key policy that lets the
   * account administer it and only this function's role use it (with the encryption context)
   */
  readonly key?: kms.IKey | false;
  /**
   * The bucket of offloaded payloads. `false`: no bucket (nothing is offloaded). For an imported
   * bucket, its encryption, public-access block, TLS-only policy and lifecycle are yours to keep.
   *
   * @default - a new bucket: SSE-S3 encryption, all public access blocked, objects owned by the
   * bucket owner, a policy that denies requests without TLS (or below TLS 1.2), a lifecycle rule
   * that expires `prefix` objects after `offloadExpiration`, retained on stack deletion
   */
  readonly bucket?: s3.IBucket | false;
  /**
   * Key prefix of offloaded payloads; the lifecycle rule and the role's S3 permission cover only it.
   *
   * @default 'durable-lambda/'
   */
  readonly prefix?: string;
  /**
   * Value of the `purpose` KMS encryption context the pipeline sends; the key grants refuse
   * requests without it.
   *
   * @default 'durable-lambda-payload'
   */
  readonly encryptionContextPurpose?: string;
  /**
   * How long an offloaded payload lives. It must outlive every execution that may replay it and
   * the history that points at it: more than `executionTimeout` (in whole days, rounded up) plus
   * `retentionPeriod`; a shorter value is refused.
   *
   * @default - ceil(executionTimeout in days) + retentionPeriod in days + 1 day
   */
  readonly offloadExpiration?: Duration;
  /**
   * What happens to a created key and bucket when they leave the stack.
   *
   * @default RemovalPolicy.RETAIN (deleting the key makes every encrypted payload unreadable)
   */
  readonly removalPolicy?: RemovalPolicy;
}

/** What {@link createPayloadResources} made or was given, and what the function needs from it. */
export interface PayloadResources {
  readonly key?: kms.IKey;
  readonly bucket?: s3.IBucket;
  /** Variables for the function's environment. */
  readonly environment: Record<string, string>;
  /** Statements for the function role's identity policy (imported key, bucket access). */
  readonly roleStatements: iam.PolicyStatement[];
}

const DAY_SECONDS = 86_400;

/** The smallest lifecycle expiration (in days) that outlives an execution and its history. */
export function minimumOffloadDays(config: DurableConfig): number | undefined {
  const retention = config.retentionPeriod ?? Duration.days(14);
  if (Token.isUnresolved(config.executionTimeout.toSeconds()) || retention.isUnresolved()) return undefined;
  return Math.ceil(config.executionTimeout.toSeconds() / DAY_SECONDS) + retention.toDays() + 1;
}

const expirationDays = (scope: Construct, config: DurableConfig, requested: Duration | undefined): number => {
  const minimum = minimumOffloadDays(config);
  if (requested === undefined) {
    if (minimum === undefined) {
      throw new Error(`${scope.node.path}: durableConfig uses tokens, so the payload lifecycle cannot be derived from it; set payloads.offloadExpiration`);
    }
    return minimum;
  }
  const days = requested.toDays();
  if (minimum !== undefined && days < minimum) {
    throw new Error(
      `${scope.node.path}: payloads.offloadExpiration is ${days} days, but offloaded payloads must outlive the execution timeout and the retention period: at least ${minimum} days`,
    );
  }
  return days;
};

const createKey = (scope: Construct, role: iam.IRole, purpose: string, removalPolicy: RemovalPolicy): kms.Key => {
  const policy = new iam.PolicyDocument({
    statements: [
      // Administering is not using: the account can manage the key (never locking itself out)
      // but gets no Encrypt/Decrypt/GenerateDataKey from this statement.
      new iam.PolicyStatement({ sid: 'AccountAdministersKey', principals: [new iam.AccountRootPrincipal()], actions: KEY_ADMIN_ACTIONS, resources: ['*'] }),
    ],
  });
  const key = new kms.Key(scope, 'PayloadKey', {
    description: 'Wraps durable-lambda payload data keys (AES-256-GCM envelope encryption)',
    enableKeyRotation: true,
    policy,
    removalPolicy,
  });
  key.addToResourcePolicy(useKeyStatement(role, purpose, ['*'], { principal: true, sid: 'FunctionWrapsPayloadKeys' }));
  return key;
};

/** `kms:GenerateDataKey` and `kms:Decrypt`, only with the agreed encryption context. */
const useKeyStatement = (role: iam.IRole, purpose: string, resources: string[], shape: { principal: boolean; sid?: string }): iam.PolicyStatement =>
  new iam.PolicyStatement({
    ...(shape.sid ? { sid: shape.sid } : {}),
    ...(shape.principal ? { principals: [role] } : {}),
    actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
    resources,
    conditions: { StringEquals: { 'kms:EncryptionContext:purpose': purpose } },
  });

const createBucket = (scope: Construct, prefix: string, days: number, removalPolicy: RemovalPolicy): s3.Bucket =>
  new s3.Bucket(scope, 'PayloadBucket', {
    // Payloads are already envelope-encrypted by the pipeline when a key is used; SSE-S3 keeps
    // every object encrypted at rest without a second set of key grants.
    encryption: s3.BucketEncryption.S3_MANAGED,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    enforceSSL: true,
    minimumTLSVersion: 1.2,
    lifecycleRules: [{ id: 'ExpireOffloadedPayloads', prefix, expiration: Duration.days(days), abortIncompleteMultipartUploadAfter: Duration.days(1) }],
    removalPolicy,
  });

/**
 * Creates (or takes) the payload key and bucket for a function whose role is `role`, grants the
 * role their use, and returns the environment the pipeline reads.
 *
 * @example
 * ```ts
 * const payloads = createPayloadResources(this, { role, durableConfig, options: {} });
 * for (const [name, value] of Object.entries(payloads.environment)) fn.addEnvironment(name, value);
 * ```
 */
export function createPayloadResources(scope: Construct, input: { role: iam.IRole; durableConfig: DurableConfig; options: DurablePayloadOptions }): PayloadResources {
  const { role, durableConfig, options } = input;
  const prefix = options.prefix ?? DEFAULT_PAYLOAD_PREFIX;
  const purpose = options.encryptionContextPurpose ?? DEFAULT_ENCRYPTION_CONTEXT_PURPOSE;
  const removalPolicy = options.removalPolicy ?? RemovalPolicy.RETAIN;
  const environment: Record<string, string> = {};
  const roleStatements: iam.PolicyStatement[] = [];

  let key: kms.IKey | undefined;
  if (options.key === undefined) {
    key = createKey(scope, role, purpose, removalPolicy);
  } else if (options.key !== false) {
    key = options.key;
    // A key this app defines takes the grant in its policy; an imported one cannot, so the
    // role's identity policy carries it (the key policy must delegate to IAM).
    // (No Sid there: several functions may share one key, and Sids must be unique.)
    const added = key.addToResourcePolicy(useKeyStatement(role, purpose, ['*'], { principal: true }), true);
    if (!added.statementAdded) roleStatements.push(useKeyStatement(role, purpose, [key.keyArn], { principal: false, sid: 'FunctionWrapsPayloadKeys' }));
  }
  if (key) {
    environment[PAYLOAD_ENVIRONMENT.keyArn] = key.keyArn;
    environment[PAYLOAD_ENVIRONMENT.encryptionContextPurpose] = purpose;
  }

  let bucket: s3.IBucket | undefined;
  if (options.bucket === undefined) {
    bucket = createBucket(scope, prefix, expirationDays(scope, durableConfig, options.offloadExpiration), removalPolicy);
  } else if (options.bucket !== false) {
    bucket = options.bucket;
    Annotations.of(scope).addInfo(
      `payload bucket given: keep its lifecycle on '${prefix}' longer than ${minimumOffloadDays(durableConfig) ?? 'executionTimeout + retentionPeriod in'} days, its public access blocked and its policy TLS-only`,
    );
  }
  if (bucket) {
    roleStatements.push(new iam.PolicyStatement({ sid: 'FunctionReadsWritesOffloadedPayloads', actions: ['s3:GetObject', 's3:PutObject'], resources: [bucket.arnForObjects(`${prefix}*`)] }));
    environment[PAYLOAD_ENVIRONMENT.bucket] = bucket.bucketName;
    environment[PAYLOAD_ENVIRONMENT.prefix] = prefix;
  }
  return { ...(key ? { key } : {}), ...(bucket ? { bucket } : {}), environment, roleStatements };
}
