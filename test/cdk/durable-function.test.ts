import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { CfnParameter, Duration, Token } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { describe, expect, it } from 'vitest';
import { DurableFunction, type DurableFunctionProps } from 'durable-lambda/cdk';
import { allQualifiersOf, identityStatements, logicalIdOf, managedPolicy, only, resourcesOf, statementResources, testStack } from './synth.js';

const ENTRY = 'examples/saga/handler.ts';
const week = { executionTimeout: Duration.days(7), retentionPeriod: Duration.days(14) };

const build = (props: Partial<DurableFunctionProps> = {}) => {
  const stack = testStack();
  const fn = new DurableFunction(stack, 'Orders', { entry: ENTRY, durableConfig: week, ...props });
  return { stack, fn };
};

describe('DurableFunction: function, version and alias', () => {
  it('writes DurableConfig, nodejs22.x and the source-map option', () => {
    const { stack } = build({ durableConfig: { executionTimeout: Duration.hours(36), retentionPeriod: Duration.days(30) } });
    const [, fn] = only(resourcesOf(stack), 'AWS::Lambda::Function');
    expect(fn.Properties.DurableConfig).toEqual({ ExecutionTimeout: 129_600, RetentionPeriodInDays: 30 });
    expect(fn.Properties.Runtime).toBe('nodejs22.x');
    expect(fn.Properties.Handler).toBe('index.handler');
    expect(fn.Properties.Environment.Variables).toEqual({ NODE_OPTIONS: '--enable-source-maps' });
  });

  it('states the 14-day retention when none is given', () => {
    const { stack } = build({ durableConfig: { executionTimeout: Duration.minutes(15) } });
    expect(only(resourcesOf(stack), 'AWS::Lambda::Function')[1].Properties.DurableConfig).toEqual({ ExecutionTimeout: 900, RetentionPeriodInDays: 14 });
  });

  it('refuses an execution timeout beyond 366 days (aws-cdk-lib validation)', () => {
    expect(() => build({ durableConfig: { executionTimeout: Duration.days(367) } })).toThrow(/executionTimeout must be between 1 and 31622400 seconds/);
  });

  it('publishes a version behind the alias `live`, and hands out only the alias', () => {
    const { stack, fn } = build();
    const resources = resourcesOf(stack);
    const functionId = only(resources, 'AWS::Lambda::Function')[0];
    const [versionId, version] = only(resources, 'AWS::Lambda::Version');
    const [aliasId, alias] = only(resources, 'AWS::Lambda::Alias');
    expect(version.Properties.FunctionName).toEqual({ Ref: functionId });
    expect(alias.Properties).toEqual({ Name: 'live', FunctionName: { Ref: functionId }, FunctionVersion: { 'Fn::GetAtt': [versionId, 'Version'] } });
    expect(stack.resolve(fn.functionArn)).toEqual({ Ref: aliasId });
    // `<name>:live`, the name read from the alias ARN.
    expect(stack.resolve(fn.functionName)).toEqual({ 'Fn::Join': ['', [{ 'Fn::Select': [6, { 'Fn::Split': [':', { Ref: aliasId }] }] }, ':live']] });
    expect(stack.resolve(fn.alias.functionArn)).toEqual({ Ref: aliasId });
  });

  it('takes another alias name and any NodejsFunction prop', () => {
    const { stack } = build({ aliasName: 'prod', memorySize: 512, timeout: Duration.seconds(120), environment: { STAGE: 'prod' } });
    const resources = resourcesOf(stack);
    expect(only(resources, 'AWS::Lambda::Alias')[1].Properties.Name).toBe('prod');
    const fn = only(resources, 'AWS::Lambda::Function')[1];
    expect(fn.Properties).toMatchObject({ MemorySize: 512, Timeout: 120 });
    expect(fn.Properties.Environment.Variables).toEqual({ NODE_OPTIONS: '--enable-source-maps', STAGE: 'prod' });
  });

  it('creates the alias after the checkpoint policy, so nothing invokes it before it may checkpoint', () => {
    const { stack } = build();
    const resources = resourcesOf(stack);
    const policyId = only(resources, 'AWS::IAM::Policy')[0];
    expect(only(resources, 'AWS::Lambda::Alias')[1].DependsOn).toEqual([policyId]);
  });
});

describe('DurableFunction: IAM', () => {
  it('the role: basic execution (logs) and checkpoint on function:<name>:* only, no durable managed policy', () => {
    const { stack } = build();
    const resources = resourcesOf(stack);
    const functionId = only(resources, 'AWS::Lambda::Function')[0];
    const [roleId, role] = only(resources, 'AWS::IAM::Role');
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' } }]);
    expect(role.Properties.ManagedPolicyArns).toEqual([managedPolicy('service-role/AWSLambdaBasicExecutionRole')]);
    expect(JSON.stringify(resources)).not.toContain('AWSLambdaBasicDurableExecutionRolePolicy');
    expect(identityStatements(resources)).toEqual([
      {
        roles: [roleId],
        statement: { Sid: 'CheckpointOwnExecutions', Effect: 'Allow', Action: ['lambda:CheckpointDurableExecution', 'lambda:GetDurableExecutionState'], Resource: allQualifiersOf(functionId) },
      },
    ]);
  });

  it('adds the VPC access policy to the role it creates for a function in a VPC', async () => {
    const ec2 = await import('aws-cdk-lib/aws-ec2');
    const stack = testStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    new DurableFunction(stack, 'Orders', { entry: ENTRY, durableConfig: week, vpc });
    const role = resourcesOf(stack)[logicalIdOf(resourcesOf(stack), 'AWS::IAM::Role', 'OrdersServiceRole')]!;
    expect(role.Properties.ManagedPolicyArns).toEqual([managedPolicy('service-role/AWSLambdaBasicExecutionRole'), managedPolicy('service-role/AWSLambdaVPCAccessExecutionRole')]);
  });

  it('a given role gets the checkpoint policy and no role is created', () => {
    const stack = testStack();
    const role = new iam.Role(stack, 'MyRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    const fn = new DurableFunction(stack, 'Orders', { entry: ENTRY, durableConfig: week, role });
    const resources = resourcesOf(stack);
    const roleId = only(resources, 'AWS::IAM::Role')[0];
    expect(roleId).toMatch(/^MyRole/);
    expect(fn.role).toBe(role);
    expect(identityStatements(resources).map((s) => s.roles)).toEqual([[roleId]]);
  });

  it('grantInvoke: lambda:InvokeFunction on the alias ARN only', () => {
    const { stack, fn } = build();
    const caller = new iam.Role(stack, 'Caller', { assumedBy: new iam.AccountRootPrincipal() });
    fn.grantInvoke(caller);
    const resources = resourcesOf(stack);
    const aliasId = only(resources, 'AWS::Lambda::Alias')[0];
    const callerId = logicalIdOf(resources, 'AWS::IAM::Role', 'Caller');
    expect(identityStatements(resources).filter((s) => s.roles.includes(callerId))).toEqual([
      { roles: [callerId], statement: { Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: { Ref: aliasId } } },
    ]);
  });

  it('grantSendCallback: the three callback actions on function:<name>:* only', () => {
    const { stack, fn } = build();
    const sender = new iam.Role(stack, 'Sender', { assumedBy: new iam.AccountRootPrincipal() });
    fn.grantSendCallback(sender);
    const resources = resourcesOf(stack);
    const functionId = only(resources, 'AWS::Lambda::Function')[0];
    const senderId = logicalIdOf(resources, 'AWS::IAM::Role', 'Sender');
    expect(identityStatements(resources).filter((s) => s.roles.includes(senderId))).toEqual([
      {
        roles: [senderId],
        statement: {
          Effect: 'Allow',
          Action: ['lambda:SendDurableExecutionCallbackSuccess', 'lambda:SendDurableExecutionCallbackFailure', 'lambda:SendDurableExecutionCallbackHeartbeat'],
          Resource: allQualifiersOf(functionId),
        },
      },
    ]);
  });

  it('grantManageExecutions: get, history and stop on function:<name>:*, list on the function and function:<name>:*', () => {
    const { stack, fn } = build();
    const operator = new iam.Role(stack, 'Operator', { assumedBy: new iam.AccountRootPrincipal() });
    fn.grantManageExecutions(operator);
    const resources = resourcesOf(stack);
    const functionId = only(resources, 'AWS::Lambda::Function')[0];
    const operatorId = logicalIdOf(resources, 'AWS::IAM::Role', 'Operator');
    expect(identityStatements(resources).filter((s) => s.roles.includes(operatorId)).map((s) => s.statement)).toEqual([
      { Effect: 'Allow', Action: ['lambda:GetDurableExecution', 'lambda:GetDurableExecutionHistory', 'lambda:StopDurableExecution'], Resource: allQualifiersOf(functionId) },
      { Effect: 'Allow', Action: 'lambda:ListDurableExecutionsByFunction', Resource: [{ 'Fn::GetAtt': [functionId, 'Arn'] }, allQualifiersOf(functionId)] },
    ]);
  });

  it('grants a durable function to another (chained invoke) through its role', () => {
    const stack = testStack();
    const payment = new DurableFunction(stack, 'Payment', { entry: 'examples/chained-invoke/payment.ts', durableConfig: week });
    const checkout = new DurableFunction(stack, 'Checkout', { entry: 'examples/chained-invoke/handler.ts', durableConfig: week });
    payment.grantInvoke(checkout);
    const resources = resourcesOf(stack);
    const checkoutRole = logicalIdOf(resources, 'AWS::IAM::Role', 'CheckoutServiceRole');
    const paymentAlias = logicalIdOf(resources, 'AWS::Lambda::Alias', 'PaymentAlias');
    const invokes = identityStatements(resources).filter((s) => JSON.stringify(s.statement.Action).includes('InvokeFunction'));
    expect(invokes).toEqual([{ roles: [checkoutRole], statement: { Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: { Ref: paymentAlias } } }]);
  });

  it('no identity statement in a full stack has a wildcard resource', () => {
    const { stack, fn } = build({ payloads: {} });
    const other = new iam.Role(stack, 'Other', { assumedBy: new iam.AccountRootPrincipal() });
    fn.grantInvoke(other);
    fn.grantSendCallback(other);
    fn.grantManageExecutions(other);
    const resources = resourcesOf(stack);
    for (const { statement } of identityStatements(resources)) {
      for (const resource of statementResources(statement)) {
        expect(typeof resource === 'string' ? resource : JSON.stringify(resource)).not.toMatch(/^\*$|"\*"|:function:\*/);
      }
    }
  });
});

describe('DurableFunction: targets on the qualified ARN', () => {
  it('EventBridge rule target: the alias, with the permission on the alias', () => {
    const { stack, fn } = build();
    new events.Rule(stack, 'OnOrder', { eventPattern: { source: ['shop'] }, targets: [fn.eventBridgeTarget()] });
    const resources = resourcesOf(stack);
    const aliasId = only(resources, 'AWS::Lambda::Alias')[0];
    const [ruleId, rule] = only(resources, 'AWS::Events::Rule');
    expect(rule.Properties.Targets).toEqual([{ Arn: { Ref: aliasId }, Id: 'Target0' }]);
    expect(only(resources, 'AWS::Lambda::Permission')[1].Properties).toEqual({
      Action: 'lambda:InvokeFunction',
      FunctionName: { Ref: aliasId },
      Principal: 'events.amazonaws.com',
      SourceArn: { 'Fn::GetAtt': [ruleId, 'Arn'] },
    });
  });

  it('Scheduler target: the alias, and the schedule role may invoke the alias only', () => {
    const { stack, fn } = build();
    new scheduler.Schedule(stack, 'Nightly', { schedule: scheduler.ScheduleExpression.rate(Duration.hours(24)), target: fn.schedulerTarget() });
    const resources = resourcesOf(stack);
    const aliasId = only(resources, 'AWS::Lambda::Alias')[0];
    const schedule = only(resources, 'AWS::Scheduler::Schedule')[1];
    expect(schedule.Properties.Target.Arn).toEqual({ Ref: aliasId });
    const roleId = schedule.Properties.Target.RoleArn['Fn::GetAtt'][0];
    expect(identityStatements(resources).filter((s) => s.roles.includes(roleId))).toEqual([
      { roles: [roleId], statement: { Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: { Ref: aliasId } } },
    ]);
  });
});

describe('DurableFunction: payload pipeline resources', () => {
  const ids = (resources: Record<string, any>) => ({
    role: logicalIdOf(resources, 'AWS::IAM::Role', 'OrdersServiceRole'),
    key: only(resources, 'AWS::KMS::Key')[0],
    bucket: only(resources, 'AWS::S3::Bucket')[0],
  });

  it('a key whose policy lets the account administer it and only the function role use it, with the encryption context', () => {
    const { stack } = build({ payloads: {} });
    const resources = resourcesOf(stack);
    const { role } = ids(resources);
    const [, key] = only(resources, 'AWS::KMS::Key');
    expect(key.DeletionPolicy).toBe('Retain');
    expect(key.Properties.EnableKeyRotation).toBe(true);
    const root = { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':root']] } };
    expect(key.Properties.KeyPolicy.Statement).toEqual([
      {
        Sid: 'AccountAdministersKey',
        Effect: 'Allow',
        Principal: root,
        Action: ['kms:Create*', 'kms:Describe*', 'kms:Enable*', 'kms:List*', 'kms:Put*', 'kms:Update*', 'kms:Revoke*', 'kms:Disable*', 'kms:Get*', 'kms:Delete*', 'kms:TagResource', 'kms:UntagResource', 'kms:ScheduleKeyDeletion', 'kms:CancelKeyDeletion'],
        Resource: '*',
      },
      {
        Sid: 'FunctionWrapsPayloadKeys',
        Effect: 'Allow',
        Principal: { AWS: { 'Fn::GetAtt': [role, 'Arn'] } },
        Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
        Resource: '*',
        Condition: { StringEquals: { 'kms:EncryptionContext:purpose': 'durable-lambda-payload' } },
      },
    ]);
    // The administration statement grants no use of the key.
    expect(JSON.stringify(key.Properties.KeyPolicy.Statement[0].Action)).not.toMatch(/Encrypt|Decrypt|GenerateDataKey|kms:\*/);
  });

  it('a bucket with encryption, blocked public access, a TLS-only policy and a lifecycle longer than timeout + retention', () => {
    const { stack } = build({ payloads: {} });
    const resources = resourcesOf(stack);
    const { bucket: bucketId } = ids(resources);
    const bucket = resources[bucketId]!;
    expect(bucket.DeletionPolicy).toBe('Retain');
    expect(bucket.Properties.BucketEncryption).toEqual({ ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] });
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    expect(bucket.Properties.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
    // 7 days of execution + 14 of retention + 1 of slack.
    expect(bucket.Properties.LifecycleConfiguration.Rules).toEqual([
      { Id: 'ExpireOffloadedPayloads', Status: 'Enabled', Prefix: 'durable-lambda/', ExpirationInDays: 22, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } },
    ]);
    const [, policy] = only(resources, 'AWS::S3::BucketPolicy');
    const both = [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/*']] }];
    expect(policy.Properties.Bucket).toEqual({ Ref: bucketId });
    expect(policy.Properties.PolicyDocument.Statement).toEqual([
      { Effect: 'Deny', Principal: { AWS: '*' }, Action: 's3:*', Resource: both, Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
      { Effect: 'Deny', Principal: { AWS: '*' }, Action: 's3:*', Resource: both, Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } },
    ]);
  });

  it('the role reads and writes the prefix only, and the environment names key, context, bucket and prefix', () => {
    const { stack } = build({ payloads: { prefix: 'orders/', encryptionContextPurpose: 'orders-payload' } });
    const resources = resourcesOf(stack);
    const { role, key, bucket } = ids(resources);
    const functionId = only(resources, 'AWS::Lambda::Function')[0];
    expect(identityStatements(resources)).toEqual([
      { roles: [role], statement: { Sid: 'CheckpointOwnExecutions', Effect: 'Allow', Action: ['lambda:CheckpointDurableExecution', 'lambda:GetDurableExecutionState'], Resource: allQualifiersOf(functionId) } },
      {
        roles: [role],
        statement: { Sid: 'FunctionReadsWritesOffloadedPayloads', Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucket, 'Arn'] }, '/orders/*']] } },
      },
    ]);
    expect(resources[functionId]!.Properties.Environment.Variables).toEqual({
      NODE_OPTIONS: '--enable-source-maps',
      DURABLE_LAMBDA_KMS_KEY_ARN: { 'Fn::GetAtt': [key, 'Arn'] },
      DURABLE_LAMBDA_KMS_ENCRYPTION_CONTEXT_PURPOSE: 'orders-payload',
      DURABLE_LAMBDA_PAYLOAD_BUCKET: { Ref: bucket },
      DURABLE_LAMBDA_PAYLOAD_PREFIX: 'orders/',
    });
    expect(resources[key]!.Properties.KeyPolicy.Statement[1].Condition).toEqual({ StringEquals: { 'kms:EncryptionContext:purpose': 'orders-payload' } });
    expect(resources[bucket]!.Properties.LifecycleConfiguration.Rules[0].Prefix).toBe('orders/');
  });

  it('imported key and bucket: identity grants on them, nothing created, a note about the lifecycle', async () => {
    const kms = await import('aws-cdk-lib/aws-kms');
    const s3 = await import('aws-cdk-lib/aws-s3');
    const stack = testStack();
    const keyArn = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const key = kms.Key.fromKeyArn(stack, 'Key', keyArn);
    const bucket = s3.Bucket.fromBucketName(stack, 'Bucket', 'shared-payloads');
    const fn = new DurableFunction(stack, 'Orders', { entry: ENTRY, durableConfig: week, payloads: { key, bucket } });
    const resources = resourcesOf(stack);
    expect(Object.values(resources).filter((r) => r.Type === 'AWS::KMS::Key' || r.Type === 'AWS::S3::Bucket')).toEqual([]);
    expect(fn.payloadKey).toBe(key);
    expect(fn.payloadBucket).toBe(bucket);
    const statements = identityStatements(resources).map((s) => s.statement);
    expect(statements.slice(1)).toEqual([
      { Sid: 'FunctionWrapsPayloadKeys', Effect: 'Allow', Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: keyArn, Condition: { StringEquals: { 'kms:EncryptionContext:purpose': 'durable-lambda-payload' } } },
      { Sid: 'FunctionReadsWritesOffloadedPayloads', Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::shared-payloads/durable-lambda/*']] } },
    ]);
    const env = only(resources, 'AWS::Lambda::Function')[1].Properties.Environment.Variables;
    expect(env).toMatchObject({ DURABLE_LAMBDA_KMS_KEY_ARN: keyArn, DURABLE_LAMBDA_PAYLOAD_BUCKET: 'shared-payloads', DURABLE_LAMBDA_PAYLOAD_PREFIX: 'durable-lambda/' });
    Annotations.fromStack(stack).hasInfo('/Test/Orders', Match.stringLikeRegexp('lifecycle .* longer than 22 days'));
  });

  it('a key shared from another durable function: the second role is added to the key policy', () => {
    const stack = testStack();
    const first = new DurableFunction(stack, 'Orders', { entry: ENTRY, durableConfig: week, payloads: {} });
    new DurableFunction(stack, 'Refunds', { entry: ENTRY, durableConfig: week, payloads: { key: first.payloadKey!, bucket: first.payloadBucket! } });
    const resources = resourcesOf(stack);
    const refundsRole = logicalIdOf(resources, 'AWS::IAM::Role', 'RefundsServiceRole');
    const [, key] = only(resources, 'AWS::KMS::Key');
    expect(key.Properties.KeyPolicy.Statement[2]).toEqual({
      Effect: 'Allow',
      Principal: { AWS: { 'Fn::GetAtt': [refundsRole, 'Arn'] } },
      Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
      Resource: '*',
      Condition: { StringEquals: { 'kms:EncryptionContext:purpose': 'durable-lambda-payload' } },
    });
    expect(identityStatements(resources).filter((s) => s.roles.includes(refundsRole)).map((s) => s.statement.Sid)).toEqual(['CheckpointOwnExecutions', 'FunctionReadsWritesOffloadedPayloads']);
  });

  it('key or bucket can be left out', () => {
    const { stack } = build({ payloads: { key: false } });
    const resources = resourcesOf(stack);
    expect(Object.values(resources).some((r) => r.Type === 'AWS::KMS::Key')).toBe(false);
    expect(Object.keys(only(resources, 'AWS::Lambda::Function')[1].Properties.Environment.Variables).sort()).toEqual([
      'DURABLE_LAMBDA_PAYLOAD_BUCKET',
      'DURABLE_LAMBDA_PAYLOAD_PREFIX',
      'NODE_OPTIONS',
    ]);
    const keyOnly = resourcesOf(build({ payloads: { bucket: false } }).stack);
    expect(Object.values(keyOnly).some((r) => r.Type === 'AWS::S3::Bucket')).toBe(false);
  });

  it('refuses a lifecycle that would expire payloads an execution or its history still needs', () => {
    expect(() => build({ payloads: { offloadExpiration: Duration.days(21) } })).toThrow(
      'Test/Orders: payloads.offloadExpiration is 21 days, but offloaded payloads must outlive the execution timeout and the retention period: at least 22 days',
    );
    const longer = resourcesOf(build({ payloads: { offloadExpiration: Duration.days(60) } }).stack);
    expect(only(longer, 'AWS::S3::Bucket')[1].Properties.LifecycleConfiguration.Rules[0].ExpirationInDays).toBe(60);
  });

  it('asks for the expiration when the durable configuration is a token', () => {
    const stack = testStack();
    const timeout = new CfnParameter(stack, 'TimeoutSeconds', { type: 'Number' });
    const durableConfig = { executionTimeout: Duration.seconds(Token.asNumber(timeout.valueAsNumber)) };
    expect(() => new DurableFunction(stack, 'Orders', { entry: ENTRY, durableConfig, payloads: {} })).toThrow(/durableConfig uses tokens.*set payloads.offloadExpiration/);
  });
});
