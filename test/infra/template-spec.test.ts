import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  cfnResource,
  exportNames,
  importedNames,
  loadTemplate,
  nestedPropertyNames,
  parseTemplate,
  validateReferences,
  validateTemplate,
  type Template,
} from './cfn-template.js';
import { SAM_DURABLE_CONFIG } from './sam-function-spec.js';
// @ts-expect-error -- a plain .mjs build script without type declarations
import { exampleFunctions } from '../../scripts/build-examples.mjs';

const ROOT = join(import.meta.dirname, '..', '..');
const INFRA_FILES = readdirSync(join(ROOT, 'infra'))
  .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
  .map((f) => join('infra', f));
const template = loadTemplate(join(ROOT, 'template.yaml'));
const infra = loadTemplate(join(ROOT, 'infra', 'payload-resources.yaml'));

const clone = (t: Template): Template => structuredClone(t);
const functions = (t: Template): Record<string, Template> =>
  Object.fromEntries(Object.entries(t.Resources as Record<string, Template>).filter(([, r]) => r.Type === 'AWS::Serverless::Function'));
const statements = (fn: Template): Template[] => fn.Properties.Policies.flatMap((p: Template) => p.Statement ?? []);
const paramDefault = (t: Template, name: string): unknown => t.Parameters[name].Default;

describe('templates against the CloudFormation specification', () => {
  it('finds the infra templates', () => {
    expect(INFRA_FILES).toContain(join('infra', 'payload-resources.yaml'));
  });

  it('template.yaml: every resource and Globals property is valid', () => {
    expect(validateTemplate(template)).toEqual([]);
  });

  it.each(INFRA_FILES)('%s: every resource property is valid against the spec', (file) => {
    const t = loadTemplate(join(ROOT, file));
    expect(Object.keys(t.Resources).length).toBeGreaterThan(0);
    for (const resource of Object.values(t.Resources as Record<string, Template>)) {
      expect(cfnResource(String(resource.Type)), `${String(resource.Type)} is a CloudFormation type`).toBeDefined();
    }
    expect(validateTemplate(t)).toEqual([]);
  });

  it.each(['template.yaml', ...INFRA_FILES])('%s: every Ref, GetAtt and Sub variable resolves', (file) => {
    expect(validateReferences(loadTemplate(join(ROOT, file)))).toEqual([]);
  });
});

describe('the validator catches mistakes', () => {
  it('a misspelled top-level property', () => {
    const t = clone(infra);
    t.Resources.PayloadBucket.Properties.VersioningConfiguraton = t.Resources.PayloadBucket.Properties.VersioningConfiguration;
    expect(validateTemplate(t)).toEqual(['PayloadBucket.Properties.VersioningConfiguraton: unknown property']);
  });

  it('a misspelled nested property (inside a property type)', () => {
    const t = clone(infra);
    const block = t.Resources.PayloadBucket.Properties.PublicAccessBlockConfiguration;
    block.BlockPublicAcl = block.BlockPublicAcls;
    delete block.BlockPublicAcls;
    expect(validateTemplate(t)).toEqual(['PayloadBucket.Properties.PublicAccessBlockConfiguration.BlockPublicAcl: unknown property']);
  });

  it('a misspelled property inside a list of property types', () => {
    const t = clone(infra);
    t.Resources.PayloadBucket.Properties.LifecycleConfiguration.Rules[0].ExpirationInDay = 3;
    expect(validateTemplate(t)).toEqual(['PayloadBucket.Properties.LifecycleConfiguration.Rules[0].ExpirationInDay: unknown property']);
  });

  it('a missing required property, top-level and nested', () => {
    const t = clone(infra);
    delete t.Resources.PayloadKeyAlias.Properties.TargetKeyId;
    delete t.Resources.PayloadBucket.Properties.VersioningConfiguration.Status;
    expect(validateTemplate(t).sort()).toEqual([
      'PayloadBucket.Properties.VersioningConfiguration.Status: required property missing',
      'PayloadKeyAlias.Properties.TargetKeyId: required property missing',
    ]);
  });

  it('a list where an object is expected, and an object where a scalar is', () => {
    const t = clone(infra);
    t.Resources.PayloadBucket.Properties.VersioningConfiguration = [{ Status: 'Enabled' }];
    t.Resources.PayloadKey.Properties.EnableKeyRotation = { yes: true };
    expect(validateTemplate(t).sort()).toEqual([
      'PayloadBucket.Properties.VersioningConfiguration: expected an object',
      'PayloadKey.Properties.EnableKeyRotation: expected a boolean, got an object',
    ]);
  });

  it('a malformed tag', () => {
    const t = clone(infra);
    t.Resources.PayloadKey.Properties.Tags = [{ Key: 'app', Valeu: 'x' }];
    expect(validateTemplate(t).sort()).toEqual([
      'PayloadKey.Properties.Tags[0].Valeu: unknown property',
      'PayloadKey.Properties.Tags[0].Value: required property missing',
    ]);
  });

  it('an unknown resource type and an unknown resource attribute', () => {
    const t = clone(infra);
    t.Resources.PayloadKeyAlias.Type = 'AWS::KMS::Alais';
    t.Resources.PayloadKey.DeletionPolcy = 'Retain';
    expect(validateTemplate(t).sort()).toEqual([
      'PayloadKey.DeletionPolcy: unknown resource attribute',
      'PayloadKeyAlias.Type: unknown resource type "AWS::KMS::Alais"',
    ]);
  });

  it('SAM: a misspelled function property, a missing DurableConfig field, a bad esbuild property', () => {
    const t = clone(template);
    const fn = t.Resources.OrderWorkflowFunction;
    fn.Properties.AutoPublishAlais = 'live';
    delete fn.Properties.DurableConfig.ExecutionTimeout;
    fn.Properties.DurableConfig.RetentionPeriod = 3;
    fn.Metadata.BuildProperties.SourceMap = true;
    t.Globals.Function.Runtim = 'nodejs22.x';
    expect(validateTemplate(t).sort()).toEqual([
      'Globals.Function.Runtim: unknown property',
      'OrderWorkflowFunction.Metadata.BuildProperties.SourceMap: unknown property',
      'OrderWorkflowFunction.Properties.AutoPublishAlais: unknown property',
      'OrderWorkflowFunction.Properties.DurableConfig.ExecutionTimeout: required property missing',
      'OrderWorkflowFunction.Properties.DurableConfig.RetentionPeriod: unknown property',
    ]);
  });

  it('SAM: pass-through properties are checked against AWS::Lambda::Function', () => {
    const t = clone(template);
    t.Globals.Function.LoggingConfig.LogFormatt = 'JSON';
    expect(validateTemplate(t)).toEqual(['Globals.Function.LoggingConfig.LogFormatt: unknown property']);
  });

  it('unknown Refs, Sub variables and GetAtt attributes', () => {
    const t = clone(infra);
    t.Resources.PayloadKeyAlias.Properties.TargetKeyId = { Ref: 'PayloadKee' };
    t.Resources.PayloadKeyAlias.Properties.AliasName = { 'Fn::Sub': 'alias/${StackNam}' };
    t.Outputs.KeyArn.Value = { 'Fn::GetAtt': ['PayloadKey', 'Arnn'] };
    expect(validateReferences(t).sort()).toEqual([
      'Outputs.KeyArn.Value: AWS::KMS::Key has no attribute Arnn',
      'Resources.PayloadKeyAlias.Properties.AliasName: Sub variable ${StackNam} is unknown',
      'Resources.PayloadKeyAlias.Properties.TargetKeyId: Ref to unknown PayloadKee',
    ]);
  });

  it('the YAML loader resolves short-form intrinsics and rejects unknown tags', () => {
    const parsed = parseTemplate(
      [
        'A: !Ref X',
        'B: !GetAtt Key.Arn',
        "C: !Sub ['${A}', {A: !Ref Y}]",
        'D:',
        "  Fn::ImportValue: !Sub '${S}-KeyArn'",
        "E: !Join ['', [!Ref Z, !Select [0, !GetAZs '']]]",
      ].join('\n'),
    );
    expect(parsed).toEqual({
      A: { Ref: 'X' },
      B: { 'Fn::GetAtt': ['Key', 'Arn'] },
      C: { 'Fn::Sub': ['${A}', { A: { Ref: 'Y' } }] },
      D: { 'Fn::ImportValue': { 'Fn::Sub': '${S}-KeyArn' } },
      E: { 'Fn::Join': ['', [{ Ref: 'Z' }, { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] }]] },
    });
    expect(() => parseTemplate('A: !Reff X')).toThrow(/Reff/);
  });
});

describe('template.yaml content', () => {
  const fn = template.Resources.OrderWorkflowFunction;

  it('is a SAM template with nodejs22.x globals', () => {
    expect(template.AWSTemplateFormatVersion).toBe('2010-09-09');
    expect(template.Transform).toBe('AWS::Serverless-2016-10-31');
    expect(template.Globals.Function.Runtime).toBe('nodejs22.x');
    expect(template.Globals.Function.Architectures).toEqual([{ Ref: 'Architecture' }]);
  });

  it('declares the order workflow as a durable function on an alias, built with esbuild', () => {
    expect(fn.Type).toBe('AWS::Serverless::Function');
    expect(fn.Properties.CodeUri).toBe('./');
    expect(fn.Properties.Handler).toBe('handler.handler');
    expect(fn.Properties.AutoPublishAlias).toBe('live');
    expect(fn.Properties.DurableConfig).toEqual({
      ExecutionTimeout: { Ref: 'ExecutionTimeoutSeconds' },
      RetentionPeriodInDays: { Ref: 'RetentionPeriodInDays' },
    });
    expect(fn.Metadata.BuildMethod).toBe('esbuild');
    expect(fn.Metadata.BuildProperties).toMatchObject({
      Format: 'esm',
      Target: 'es2022',
      Sourcemap: true,
      EntryPoints: ['examples/order-workflow/handler.ts'],
      External: ['@aws-sdk/*'],
    });
  });

  it('keeps DurableConfig parameters inside the service limits', () => {
    expect(template.Parameters.ExecutionTimeoutSeconds).toMatchObject({ MinValue: 1, MaxValue: 31622400 });
    expect(template.Parameters.RetentionPeriodInDays).toMatchObject({ MinValue: 1, MaxValue: 90 });
  });

  it('the SAM DurableConfig list matches the CloudFormation spec of AWS::Lambda::Function.DurableConfig', () => {
    const { fields: specFields, required: specRequired } = nestedPropertyNames('AWS::Lambda::Function', 'DurableConfig');
    expect(specFields).toContain('ExecutionTimeout');
    if (SAM_DURABLE_CONFIG === 'any' || !('fields' in SAM_DURABLE_CONFIG)) throw new Error('DurableConfig rule must list fields');
    expect(Object.keys(SAM_DURABLE_CONFIG.fields).sort()).toEqual(specFields);
    expect(SAM_DURABLE_CONFIG.required).toEqual(specRequired);
  });

  it('grants checkpointing only on the function own qualified ARNs', () => {
    const checkpoint = statements(fn).find((s) => s.Sid === 'CheckpointOwnExecutions');
    expect(checkpoint?.Action).toEqual(['lambda:CheckpointDurableExecution', 'lambda:GetDurableExecutionState']);
    const arn = checkpoint?.Resource['Fn::Sub'] as string;
    const name = fn.Properties.FunctionName['Fn::Sub'] as string;
    expect(arn).toBe(`arn:\${AWS::Partition}:lambda:\${AWS::Region}:\${AWS::AccountId}:function:${name}:*`);
  });

  it('grants only data-key use on the payload key and Get/Put under the offload prefix', () => {
    const all = statements(fn);
    expect(all.map((s) => s.Effect)).toEqual(['Allow', 'Allow', 'Allow']);
    const kms = all.find((s) => s.Sid === 'WrapPayloadDataKeys');
    expect(kms?.Action).toEqual(['kms:GenerateDataKey', 'kms:Decrypt']);
    expect(kms?.Resource).toEqual({ 'Fn::ImportValue': { 'Fn::Sub': '${PayloadStackName}-KeyArn' } });
    const s3 = all.find((s) => s.Sid === 'ReadWriteOffloadedPayloads');
    expect(s3?.Action).toEqual(['s3:GetObject', 's3:PutObject']);
    expect(s3?.Resource['Fn::Sub'][0]).toBe('arn:${AWS::Partition}:s3:::${Bucket}/${Prefix}*');
    for (const statement of all) expect(JSON.stringify(statement.Action)).not.toContain('*"');
  });

  it('passes the serdes configuration to the order workflow only, through its environment', () => {
    const serdesVariables = [
      'DURABLE_LAMBDA_KMS_KEY_ARN',
      'DURABLE_LAMBDA_KMS_ENCRYPTION_CONTEXT_PURPOSE',
      'DURABLE_LAMBDA_PAYLOAD_BUCKET',
      'DURABLE_LAMBDA_PAYLOAD_PREFIX',
    ];
    expect(Object.keys(fn.Properties.Environment.Variables)).toEqual(expect.arrayContaining(serdesVariables));
    expect(Object.keys(template.Globals.Function.Environment.Variables)).toEqual(['NODE_OPTIONS']);
    for (const [id, other] of Object.entries(functions(template))) {
      if (id === 'OrderWorkflowFunction') continue;
      const names = Object.keys(other.Properties.Environment?.Variables ?? {});
      expect(names.filter((n) => serdesVariables.includes(n)), id).toEqual([]);
    }
  });

  it('imports only names the infra stack exports', () => {
    const stack = String(paramDefault(template, 'PayloadStackName'));
    const imported = importedNames(template, { PayloadStackName: stack });
    expect(imported.length).toBeGreaterThan(0);
    expect(exportNames(infra, stack)).toEqual(expect.arrayContaining([...new Set(imported)]));
  });
});

describe('template.yaml: one durable function per example', () => {
  const EXAMPLES = readdirSync(join(ROOT, 'examples'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
  const ENTRIES = (exampleFunctions(join(ROOT, 'examples')) as { example: string; file: string }[]).map((f) => `examples/${f.example}/${f.file}`);
  const all = functions(template);
  const byEntry = new Map(Object.entries(all).map(([id, f]) => [String(f.Metadata?.BuildProperties?.EntryPoints?.[0]), { id, fn: f }]));
  const nameOf = (f: Template): string => f.Properties.FunctionName['Fn::Sub'] as string;

  it('has a function for every example folder and every function entry in it', () => {
    expect(EXAMPLES.length).toBeGreaterThanOrEqual(6);
    for (const example of EXAMPLES) expect(byEntry.has(`examples/${example}/handler.ts`), `examples/${example}`).toBe(true);
    expect(ENTRIES).toContain('examples/chained-invoke/payment.ts');
    expect([...byEntry.keys()].sort()).toEqual([...ENTRIES].sort());
  });

  it.each(Object.keys(all))('%s: durable, on the live alias, bundled by esbuild as Node 22 ESM from the project root', (id) => {
    const f = all[id] as Template;
    const entry = String(f.Metadata.BuildProperties.EntryPoints[0]);
    expect(f.Properties.CodeUri).toBe('./');
    expect(f.Properties.Handler).toBe(`${entry.split('/').at(-1)?.replace(/\.ts$/, '')}.handler`);
    expect(f.Properties.AutoPublishAlias).toBe('live');
    expect(f.Properties.DurableConfig).toEqual({ ExecutionTimeout: { Ref: 'ExecutionTimeoutSeconds' }, RetentionPeriodInDays: { Ref: 'RetentionPeriodInDays' } });
    expect(f.Metadata.BuildMethod).toBe('esbuild');
    expect(f.Metadata.BuildProperties).toMatchObject({ Format: 'esm', Sourcemap: true, External: ['@aws-sdk/*'], OutExtension: ['.js=.mjs'] });
    expect(nameOf(f)).toMatch(/^\$\{AWS::StackName\}-[a-z-]+$/);
    expect(template.Outputs[`${id}AliasArn`]?.Value).toEqual({ Ref: `${id}.Alias` });
  });

  it.each(Object.keys(all))('%s: least privilege (checkpoint on its own name; KMS and S3 only for the order workflow)', (id) => {
    const f = all[id] as Template;
    const all_ = statements(f);
    expect(all_.every((s) => s.Effect === 'Allow')).toBe(true);
    for (const statement of all_) expect(JSON.stringify(statement.Action)).not.toContain('*"');
    const checkpoint = all_.find((s) => s.Sid === 'CheckpointOwnExecutions');
    expect(checkpoint?.Resource['Fn::Sub']).toBe(`arn:\${AWS::Partition}:lambda:\${AWS::Region}:\${AWS::AccountId}:function:${nameOf(f)}:*`);
    const sids = all_.map((s) => s.Sid).sort();
    if (id === 'OrderWorkflowFunction') expect(sids).toEqual(['CheckpointOwnExecutions', 'ReadWriteOffloadedPayloads', 'WrapPayloadDataKeys']);
    else if (id === 'CheckoutFunction') expect(sids).toEqual(['CheckpointOwnExecutions', 'InvokePaymentFunction']);
    else expect(sids).toEqual(['CheckpointOwnExecutions']);
  });

  it('the checkout may invoke exactly the payment function live alias, which it is told by name', () => {
    const checkout = byEntry.get('examples/chained-invoke/handler.ts')?.fn as Template;
    const payment = byEntry.get('examples/chained-invoke/payment.ts')?.fn as Template;
    const target = `${nameOf(payment)}:live`;
    const invoke = statements(checkout).find((s) => s.Sid === 'InvokePaymentFunction');
    expect(invoke?.Action).toEqual(['lambda:InvokeFunction']);
    expect(invoke?.Resource['Fn::Sub']).toBe(`arn:\${AWS::Partition}:lambda:\${AWS::Region}:\${AWS::AccountId}:function:${target}`);
    expect(checkout.Properties.Environment.Variables.PAYMENT_FUNCTION_NAME).toEqual({ 'Fn::Sub': target });
  });
});

describe('infra/payload-resources.yaml content', () => {
  const { PayloadKey, PayloadBucket, PayloadBucketPolicy } = infra.Resources;

  it('rotates the key; the account administers but does not use it', () => {
    expect(PayloadKey.Properties.EnableKeyRotation).toBe(true);
    const [admin, ...usage] = PayloadKey.Properties.KeyPolicy.Statement as Template[];
    expect(admin?.Principal.AWS['Fn::Sub']).toBe('arn:${AWS::Partition}:iam::${AWS::AccountId}:root');
    expect(admin?.Action).not.toEqual(expect.arrayContaining(['kms:Decrypt']));
    expect(admin?.Action).not.toContain('kms:*');
    expect(usage).toHaveLength(2);
    for (const statement of usage) {
      expect(statement.Action).toEqual(['kms:GenerateDataKey', 'kms:Decrypt']);
      expect(statement.Condition.ArnLike['aws:PrincipalArn']['Fn::Sub']).toBe(
        'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${AppStackName}-*',
      );
    }
    expect(usage[0]?.Condition.StringEquals).toEqual({ 'kms:EncryptionContext:purpose': { Ref: 'EncryptionContextPurpose' } });
    expect(usage[1]?.Condition.StringEquals).toEqual({ 'kms:ViaService': { 'Fn::Sub': 's3.${AWS::Region}.amazonaws.com' } });
  });

  it('trusts the role pattern of the default application stack name', () => {
    expect(paramDefault(infra, 'AppStackName')).toBe('durable-lambda-app');
  });

  it('encrypts, versions and locks down the bucket', () => {
    const props = PayloadBucket.Properties;
    expect(props.BucketEncryption.ServerSideEncryptionConfiguration[0]).toMatchObject({
      ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' },
      BucketKeyEnabled: true,
    });
    expect(props.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(props.VersioningConfiguration).toEqual({ Status: 'Enabled' });
  });

  it('expires offloaded payloads only after the longest execution plus retention', () => {
    const rule = (PayloadBucket.Properties.LifecycleConfiguration.Rules as Template[]).find((r) => r.ExpirationInDays !== undefined);
    expect(rule?.Prefix).toEqual({ Ref: 'OffloadPrefix' });
    expect(rule?.ExpirationInDays).toEqual({ Ref: 'OffloadExpirationDays' });
    const timeoutDays = Math.ceil(Number(paramDefault(template, 'ExecutionTimeoutSeconds')) / 86400);
    const retentionDays = Number(paramDefault(template, 'RetentionPeriodInDays'));
    expect(Number(paramDefault(infra, 'OffloadExpirationDays'))).toBeGreaterThan(timeoutDays + retentionDays);
  });

  it('refuses plain-HTTP access to the bucket', () => {
    const deny = PayloadBucketPolicy.Properties.PolicyDocument.Statement.find((s: Template) => s.Sid === 'DenyInsecureTransport');
    expect(deny).toMatchObject({ Effect: 'Deny', Principal: '*', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
    expect(deny.Resource).toEqual([{ 'Fn::GetAtt': ['PayloadBucket', 'Arn'] }, { 'Fn::Sub': '${PayloadBucket.Arn}/*' }]);
  });

  it('exports what the application imports, named after its own stack', () => {
    expect(exportNames(infra, 'payloads')).toEqual([
      'payloads-KeyArn',
      'payloads-BucketName',
      'payloads-OffloadPrefix',
      'payloads-EncryptionContextPurpose',
    ]);
  });
});

