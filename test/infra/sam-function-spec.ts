/**
 * The properties of `AWS::Serverless::Function`, from the SAM specification
 * (docs: sam-resource-function.html, sam-property-function-*.html, and
 * building-esbuild.html for the esbuild build properties).
 *
 * Written out here because the CloudFormation spec package carries a SAM function definition that
 * predates durable functions (no DurableConfig).
 *
 * A rule is `'any'` (value not inspected: SAM-specific shapes such as Events or Policies),
 * `{ lambdaProperty }` (SAM passes it through unchanged to AWS::Lambda::Function, so the
 * CloudFormation spec of that property applies), or `{ fields, required }` (a nested object).
 */

export type SamPropertyRule = 'any' | { lambdaProperty: string } | { fields: Record<string, SamPropertyRule>; required?: string[] };

/** `DurableConfig` of a durable function (SAM passes it to AWS::Lambda::Function.DurableConfig). */
export const SAM_DURABLE_CONFIG: SamPropertyRule = {
  fields: { ExecutionTimeout: 'any', RetentionPeriodInDays: 'any', KMSKeyArn: 'any' },
  required: ['ExecutionTimeout'],
};

export const SAM_FUNCTION_PROPERTIES: Record<string, SamPropertyRule> = {
  Architectures: { lambdaProperty: 'Architectures' },
  AssumeRolePolicyDocument: 'any',
  AutoPublishAlias: 'any',
  AutoPublishAliasAllProperties: 'any',
  AutoPublishCodeSha256: 'any',
  CapacityProviderConfig: { lambdaProperty: 'CapacityProviderConfig' },
  CodeSigningConfigArn: 'any',
  CodeUri: 'any',
  DeadLetterQueue: { fields: { Type: 'any', TargetArn: 'any' }, required: ['Type', 'TargetArn'] },
  DeploymentPreference: 'any',
  Description: 'any',
  DurableConfig: SAM_DURABLE_CONFIG,
  Environment: { fields: { Variables: 'any' } },
  EphemeralStorage: { lambdaProperty: 'EphemeralStorage' },
  EventInvokeConfig: 'any',
  Events: 'any',
  FileSystemConfigs: { lambdaProperty: 'FileSystemConfigs' },
  FunctionName: 'any',
  FunctionScalingConfig: { lambdaProperty: 'FunctionScalingConfig' },
  FunctionUrlConfig: 'any',
  Handler: 'any',
  ImageConfig: { lambdaProperty: 'ImageConfig' },
  ImageUri: 'any',
  InlineCode: 'any',
  KmsKeyArn: 'any',
  Layers: 'any',
  LoggingConfig: { lambdaProperty: 'LoggingConfig' },
  MemorySize: 'any',
  PackageType: 'any',
  PermissionsBoundary: 'any',
  Policies: 'any',
  PropagateTags: 'any',
  ProvisionedConcurrencyConfig: 'any',
  PublishToLatestPublished: 'any',
  RecursiveLoop: 'any',
  ReservedConcurrentExecutions: 'any',
  Role: 'any',
  RolePath: 'any',
  Runtime: 'any',
  RuntimeManagementConfig: { lambdaProperty: 'RuntimeManagementConfig' },
  SnapStart: { lambdaProperty: 'SnapStart' },
  SourceKMSKeyArn: 'any',
  Tags: 'any',
  TenancyConfig: { lambdaProperty: 'TenancyConfig' },
  Timeout: 'any',
  Tracing: 'any',
  VersionDeletionPolicy: 'any',
  VersionDescription: 'any',
  VpcConfig: { lambdaProperty: 'VpcConfig' },
};

/** `Metadata.BuildProperties` accepted with `BuildMethod: esbuild`. */
export const SAM_ESBUILD_BUILD_PROPERTIES: Record<string, SamPropertyRule> = {
  Banner: 'any',
  EntryPoints: 'any',
  External: 'any',
  Footer: 'any',
  Format: 'any',
  Loader: 'any',
  MainFields: 'any',
  Minify: 'any',
  OutExtension: 'any',
  Sourcemap: 'any',
  Target: 'any',
};
