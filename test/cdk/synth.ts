/**
 * Test helpers for CDK stacks: a stack whose NodejsFunction bundling is skipped (the
 * `aws:cdk:bundling-stacks` context; bundling itself is exercised by the infra/cdk synth test),
 * and readers for the synthesized template's IAM statements.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';

export type Json = Record<string, any>;

/** A stack in an app that skips asset bundling, so synth is offline and fast. */
export const testStack = (): Stack => new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Test');

/** The synthesized resources of a stack. */
export const resourcesOf = (stack: Stack): Record<string, Json> => Template.fromStack(stack).toJSON().Resources as Record<string, Json>;

/** The one resource of a type (fails unless there is exactly one). */
export const only = (resources: Record<string, Json>, type: string): [string, Json] => {
  const found = Object.entries(resources).filter(([, resource]) => resource.Type === type);
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}: ${found.map(([id]) => id).join(', ')}`);
  return found[0]!;
};

export const logicalIdOf = (resources: Record<string, Json>, type: string, prefix: string): string => {
  const ids = Object.keys(resources).filter((id) => resources[id]!.Type === type && id.startsWith(prefix));
  if (ids.length !== 1) throw new Error(`expected one ${type} starting with ${prefix}, found ${ids.join(', ') || 'none'}`);
  return ids[0]!;
};

/** An identity statement with the roles it is attached to (logical ids). */
export interface AttachedStatement {
  roles: string[];
  statement: Json;
}

const asList = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** Every identity-policy statement of the stack: AWS::IAM::Policy documents and role inline policies. */
export const identityStatements = (resources: Record<string, Json>): AttachedStatement[] => {
  const found: AttachedStatement[] = [];
  for (const [id, resource] of Object.entries(resources)) {
    if (resource.Type === 'AWS::IAM::Policy') {
      const roles = asList(resource.Properties.Roles).map((role: Json) => String(role.Ref));
      for (const statement of resource.Properties.PolicyDocument.Statement) found.push({ roles, statement });
    }
    if (resource.Type === 'AWS::IAM::Role') {
      for (const policy of asList(resource.Properties.Policies)) for (const statement of (policy as Json).PolicyDocument.Statement) found.push({ roles: [id], statement });
    }
  }
  return found;
};

/** Resource values of statements, flattened. */
export const statementResources = (statement: Json): unknown[] => asList(statement.Resource);

/** `{ "Fn::Join": ["", [<GetAtt id.Arn>, ":*"]] }`: the `function:<name>:*` form. */
export const allQualifiersOf = (functionId: string): Json => ({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [functionId, 'Arn'] }, ':*']] });

/** The managed policy ARN form CDK writes. */
export const managedPolicy = (name: string): Json => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::aws:policy/${name}`]] });
