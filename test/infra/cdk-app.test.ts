/**
 * `cdk synth` of infra/cdk, offline: the app's stack synthesized with real bundling (the local
 * esbuild, no Docker) into a temporary cloud assembly, then checked resource by resource,
 * against the CloudFormation specification, and with cfn-lint.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, type CfnElement } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DurableLambdaExamplesStack, EXAMPLE_FUNCTIONS, REPOSITORY_ROOT, type ExampleFunctionName } from '../../infra/cdk/examples-stack.js';
import { allQualifiersOf, identityStatements, statementResources, type Json } from '../cdk/synth.js';
import { validateReferences, validateTemplate } from './cfn-template.js';
// @ts-expect-error -- a plain .mjs build script without type declarations
import { exampleFunctions } from '../../scripts/build-examples.mjs';

let outdir = '';
let templateFile = '';
let template: Json = {};
let resources: Record<string, Json> = {};

/** Logical id of a construct's CloudFormation resource. */
let stack: DurableLambdaExamplesStack;

/** The logical id of a construct's CloudFormation resource. */
const idOf = (construct: IConstruct): string => stack.getLogicalId(construct.node.defaultChild as CfnElement);
const fn = (name: string) => stack.functions[name as ExampleFunctionName];
const functionId = (name: string) => idOf(fn(name).unqualifiedFunction);
const aliasId = (name: string) => idOf(fn(name).alias);
const roleId = (name: string) => idOf(fn(name).role);

// CI runs this suite again under `npx -p node@22 -- node ...`, which leaves npm_config_package
// in the environment; aws-cdk-lib bundles with `npx --no-install esbuild`, and that nested npx
// would then look for the node package instead of the project's esbuild.
const inheritedNpxPackage = process.env.npm_config_package;

beforeAll(() => {
  delete process.env.npm_config_package;
  outdir = mkdtempSync(join(tmpdir(), 'durable-lambda-cdk-'));
  const app = new App({ outdir });
  stack = new DurableLambdaExamplesStack(app, 'DurableLambdaExamples');
  const assembly = app.synth();
  templateFile = join(outdir, assembly.getStackByName('DurableLambdaExamples').templateFile);
  template = JSON.parse(readFileSync(templateFile, 'utf8'));
  resources = template.Resources;
}, 180_000);

afterAll(() => {
  if (inheritedNpxPackage !== undefined) process.env.npm_config_package = inheritedNpxPackage;
  if (outdir) rmSync(outdir, { recursive: true, force: true });
});

describe('infra/cdk: the examples as a CDK app', () => {
  it('has a durable function for every example function, bundled into an ESM asset', () => {
    const entries = (exampleFunctions(join(REPOSITORY_ROOT, 'examples')) as { example: string; file: string }[]).map((f) => `${f.example}/${f.file}`);
    expect(Object.values(EXAMPLE_FUNCTIONS).sort()).toEqual(entries.sort());
    const functions = Object.values(resources).filter((r) => r.Type === 'AWS::Lambda::Function');
    expect(functions).toHaveLength(entries.length);
    for (const name of Object.keys(EXAMPLE_FUNCTIONS)) {
      const resource = resources[functionId(name)]!;
      expect(resource.Properties.DurableConfig).toEqual({ ExecutionTimeout: 604_800, RetentionPeriodInDays: 14 });
      expect(resource.Properties).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'], Handler: 'index.handler', Timeout: 120, MemorySize: 512 });
      // The code asset is staged as asset.<hash>/ beside the template; its S3 key is <hash>.zip.
      const assetDir = join(outdir, `asset.${String(resource.Properties.Code.S3Key).replace(/\.zip$/, '')}`);
      const bundle = join(assetDir, 'index.mjs');
      expect(existsSync(bundle), `${name}: ${bundle}`).toBe(true);
      expect(statSync(bundle).size).toBeGreaterThan(10_000);
      expect(existsSync(join(assetDir, 'index.mjs.map'))).toBe(true);
      expect(resources[aliasId(name)]!.Properties.Name).toBe('live');
    }
  });

  it('passes the CloudFormation specification and every reference resolves', () => {
    expect(validateTemplate(template)).toEqual([]);
    expect(validateReferences(template)).toEqual([]);
  });

  it('each function role may checkpoint its own executions, on function:<name>:*', () => {
    const statements = identityStatements(resources);
    for (const name of Object.keys(EXAMPLE_FUNCTIONS)) {
      const own = statements.filter((s) => s.roles.includes(roleId(name)) && s.statement.Sid === 'CheckpointOwnExecutions');
      expect(own.map((s) => s.statement.Resource), name).toEqual([allQualifiersOf(functionId(name))]);
    }
  });

  it('the checkout may invoke the payment alias, and no other invoke permission exists', () => {
    const invokes = identityStatements(resources).filter((s) => JSON.stringify(s.statement.Action).includes('lambda:InvokeFunction'));
    expect(invokes).toEqual([{ roles: [roleId('Checkout')], statement: { Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: { Ref: aliasId('Payment') } } }]);
    const env = resources[functionId('Checkout')]!.Properties.Environment.Variables;
    expect(env.PAYMENT_FUNCTION_NAME).toEqual({ 'Fn::Join': ['', [{ 'Fn::Select': [6, { 'Fn::Split': [':', { Ref: aliasId('Payment') }] }] }, ':live']] });
  });

  it('the order workflow has its key, bucket, grants and payload environment', () => {
    const keyId = idOf(fn('OrderWorkflow').payloadKey!);
    const bucketId = idOf(fn('OrderWorkflow').payloadBucket!);
    expect(resources[keyId]!.Properties.KeyPolicy.Statement[1]).toMatchObject({
      Principal: { AWS: { 'Fn::GetAtt': [roleId('OrderWorkflow'), 'Arn'] } },
      Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
    });
    expect(resources[bucketId]!.Properties.LifecycleConfiguration.Rules[0]).toMatchObject({ Prefix: 'durable-lambda/', ExpirationInDays: 22 });
    expect(resources[functionId('OrderWorkflow')]!.Properties.Environment.Variables).toEqual({
      NODE_OPTIONS: '--enable-source-maps',
      DURABLE_LAMBDA_KMS_KEY_ARN: { 'Fn::GetAtt': [keyId, 'Arn'] },
      DURABLE_LAMBDA_KMS_ENCRYPTION_CONTEXT_PURPOSE: 'durable-lambda-payload',
      DURABLE_LAMBDA_PAYLOAD_BUCKET: { Ref: bucketId },
      DURABLE_LAMBDA_PAYLOAD_PREFIX: 'durable-lambda/',
    });
    // Only the order workflow uses the pipeline.
    for (const name of Object.keys(EXAMPLE_FUNCTIONS).filter((n) => n !== 'OrderWorkflow')) {
      expect(Object.keys(resources[functionId(name)]!.Properties.Environment.Variables).filter((v) => v.startsWith('DURABLE_LAMBDA_'))).toEqual([]);
    }
  });

  it('the approval sender may send callbacks to the two approval workflows, and nothing else', () => {
    const senderId = idOf(stack.approvalSender);
    const actions = ['lambda:SendDurableExecutionCallbackSuccess', 'lambda:SendDurableExecutionCallbackFailure', 'lambda:SendDurableExecutionCallbackHeartbeat'];
    expect(identityStatements(resources).filter((s) => s.roles.includes(senderId)).map((s) => s.statement)).toEqual([
      { Effect: 'Allow', Action: actions, Resource: allQualifiersOf(functionId('HumanApproval')) },
      { Effect: 'Allow', Action: actions, Resource: allQualifiersOf(functionId('OrderWorkflow')) },
    ]);
  });

  it('no identity statement grants on a wildcard resource, and no role has the broad durable managed policy', () => {
    for (const { statement } of identityStatements(resources)) {
      for (const resource of statementResources(statement)) expect(JSON.stringify(resource)).not.toMatch(/^"\*"$|:function:\*/);
    }
    expect(JSON.stringify(template)).not.toContain('AWSLambdaBasicDurableExecutionRolePolicy');
  });

  it('outputs the qualified ARN of every function', () => {
    for (const name of Object.keys(EXAMPLE_FUNCTIONS)) expect(template.Outputs[`${name}AliasArn`].Value).toEqual({ Ref: aliasId(name) });
  });

  // cfn-lint is a Python tool: not on the npm registry in a current version (the npm `cfn-lint`
  // is another, stale project) and PyPI is not reachable here; this machine image has it.
  // W3005 ("dependency already enforced by GetAtt") is how aws-cdk-lib writes every function's
  // DependsOn on its role; every other warning and error fails.
  it('passes cfn-lint', () => {
    const run = spawnSync('cfn-lint', ['--ignore-checks', 'W3005', '--', templateFile], { encoding: 'utf8', timeout: 120_000 });
    if (run.error) throw new Error(`cfn-lint could not run (${run.error.message}); it ships with this machine image (pip package cfn-lint)`);
    expect(`${run.stdout}${run.stderr}`.trim()).toBe('');
    expect(run.status).toBe(0);
  }, 150_000);
});
