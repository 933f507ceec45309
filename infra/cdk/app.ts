/**
 * The CDK app of the examples: `npx aws-cdk@2 synth` (or deploy) in infra/cdk/, whose cdk.json
 * runs this file with tsx. Bundling uses the repository's esbuild (no Docker).
 */
import { App } from 'aws-cdk-lib';
import { DurableLambdaExamplesStack } from './examples-stack.js';

const app = new App();
new DurableLambdaExamplesStack(app, 'DurableLambdaExamples', {
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
app.synth();
