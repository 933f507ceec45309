import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCli } from '../../src/cli/main.js';

const capture = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (line: string) => out.push(line), err: (line: string) => err.push(line) }, out, err };
};

describe('durable-lambda init', () => {
  it('writes the starter: handler, test, tsconfig, esbuild config, SAM template, scripts', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'init-')), 'My Workflow');
    const { io, out } = capture();
    expect(await runCli(['init', dir], io)).toBe(0);
    expect(out.join('\n')).toContain('npm install');
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    expect(pkg.name).toBe('my-workflow');
    expect(pkg.scripts).toMatchObject({ test: 'tsc --noEmit && vitest run', build: 'node esbuild.config.mjs', deploy: 'sam build && sam deploy --guided' });
    expect(Object.keys(pkg.devDependencies)).toEqual(['@types/node', 'esbuild', 'typescript', 'vitest']);
    for (const file of ['src/handler.ts', 'test/handler.test.ts', 'tsconfig.json', 'esbuild.config.mjs', 'events/order.json', '.gitignore']) expect(existsSync(join(dir, file))).toBe(true);
    const template = parse(readFileSync(join(dir, 'template.yaml'), 'utf8').replace(/!(Sub|Ref) /g, '')) as {
      Resources: { OrderFunction: { Metadata: { BuildMethod: string }; Properties: Record<string, any> } };
    };
    const fn = template.Resources.OrderFunction;
    expect(fn.Metadata.BuildMethod).toBe('esbuild');
    expect(fn.Properties.AutoPublishAlias).toBe('live');
    expect(fn.Properties.DurableConfig).toEqual({ ExecutionTimeout: 'ExecutionTimeoutSeconds', RetentionPeriodInDays: 'RetentionPeriodInDays' });
    const statement = fn.Properties.Policies[0].Statement[0];
    expect(statement.Action).toEqual(['lambda:CheckpointDurableExecution', 'lambda:GetDurableExecutionState']);
    expect(statement.Resource).toMatch(/function:\$\{AWS::StackName\}-order:\*$/);
  });

  it('writes nothing when a file it would write exists, and names it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'init-'));
    writeFileSync(join(dir, 'package.json'), '{"name":"mine"}');
    const { io, err } = capture();
    expect(await runCli(['init', dir], io)).toBe(2);
    expect(err.join('\n')).toMatch(/already has package\.json; nothing was written/);
    expect(readFileSync(join(dir, 'package.json'), 'utf8')).toBe('{"name":"mine"}');
    expect(existsSync(join(dir, 'src'))).toBe(false);
  });

  it('refuses an unknown --iac with the choices', async () => {
    const { io, err } = capture();
    expect(await runCli(['init', mkdtempSync(join(tmpdir(), 'init-')), '--iac', 'pulumi'], io)).toBe(2);
    expect(err.join('\n')).toContain('unknown --iac "pulumi" (choices: sam, cdk)');
  });

  it('--iac cdk: a CDK app with a DurableFunction, cdk.json, a template test, synth and deploy scripts', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'init-')), 'order-flow');
    const { io, out } = capture();
    expect(await runCli(['init', dir, '--iac', 'cdk'], io)).toBe(0);
    expect(out.join('\n')).toContain('--iac cdk');
    expect(out.join('\n')).toContain('npm run deploy');
    for (const file of ['infra/app.ts', 'infra/stack.ts', 'test/stack.test.ts', 'cdk.json', 'src/handler.ts', 'test/handler.test.ts']) expect(existsSync(join(dir, file)), file).toBe(true);
    expect(existsSync(join(dir, 'template.yaml'))).toBe(false);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    expect(pkg.scripts).toMatchObject({ test: 'tsc --noEmit && vitest run', build: 'node esbuild.config.mjs', synth: 'cdk synth', deploy: 'cdk deploy' });
    expect(Object.keys(pkg.devDependencies)).toEqual(['@types/node', 'aws-cdk', 'aws-cdk-lib', 'constructs', 'esbuild', 'tsx', 'typescript', 'vitest']);
    expect(pkg.devDependencies['aws-cdk-lib']).toBe('^2.237.0');
    expect(JSON.parse(readFileSync(join(dir, 'tsconfig.json'), 'utf8')).include).toEqual(['src', 'test', 'infra']);
    expect(readFileSync(join(dir, '.gitignore'), 'utf8').split('\n')).toContain('cdk.out/');
    expect(JSON.parse(readFileSync(join(dir, 'cdk.json'), 'utf8')).app).toBe('npx tsx infra/app.ts');
    const stack = readFileSync(join(dir, 'infra/stack.ts'), 'utf8');
    expect(stack).toContain("import { DurableFunction } from 'durable-lambda/cdk';");
    expect(stack).toContain("new URL('../src/handler.ts', import.meta.url)");
    expect(readFileSync(join(dir, 'infra/app.ts'), 'utf8')).toContain("new OrderStack(app, 'OrderFlow'");
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toContain('npx cdk bootstrap');
  });

  it('--iac sam keeps .aws-sam/ ignored and tsconfig on src and test', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'init-'));
    expect(await runCli(['init', dir], capture().io)).toBe(0);
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toBe('node_modules/\ndist/\n.durable-lambda/\n.aws-sam/\n');
    expect(JSON.parse(readFileSync(join(dir, 'tsconfig.json'), 'utf8')).include).toEqual(['src', 'test']);
  });
});
