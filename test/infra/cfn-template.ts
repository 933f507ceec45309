/**
 * Loads CloudFormation/SAM YAML (with short-form intrinsic tags) and validates resource
 * properties against the CloudFormation specification of `@aws-cdk/aws-service-spec`.
 *
 * SAM resources are not in that specification in their current form (its AWS::Serverless::Function
 * lacks DurableConfig), so they are checked against the explicit list in `sam-function-spec.ts`.
 */
import { readFileSync } from 'node:fs';
import { parseDocument, type CollectionTag, type ScalarTag } from 'yaml';
import { loadAwsServiceSpecSync } from '@aws-cdk/aws-service-spec';
import type { SpecDatabase, PropertyType, Resource, ResourceProperties } from '@aws-cdk/service-spec-types';
import { SAM_FUNCTION_PROPERTIES, SAM_ESBUILD_BUILD_PROPERTIES, type SamPropertyRule } from './sam-function-spec.js';

export type Template = Record<string, any>;

/** Short-form intrinsics and the long form they stand for. */
const INTRINSICS: Record<string, string> = {
  Ref: 'Ref',
  Condition: 'Condition',
  Sub: 'Fn::Sub',
  GetAtt: 'Fn::GetAtt',
  Join: 'Fn::Join',
  Select: 'Fn::Select',
  Split: 'Fn::Split',
  If: 'Fn::If',
  Equals: 'Fn::Equals',
  Not: 'Fn::Not',
  And: 'Fn::And',
  Or: 'Fn::Or',
  FindInMap: 'Fn::FindInMap',
  Base64: 'Fn::Base64',
  Cidr: 'Fn::Cidr',
  GetAZs: 'Fn::GetAZs',
  ImportValue: 'Fn::ImportValue',
  Transform: 'Fn::Transform',
  Length: 'Fn::Length',
  ToJsonString: 'Fn::ToJsonString',
};

function intrinsicTags(): (ScalarTag | CollectionTag)[] {
  const tags: (ScalarTag | CollectionTag)[] = [];
  for (const [short, long] of Object.entries(INTRINSICS)) {
    const tag = `!${short}`;
    // `!GetAtt A.B` is the scalar form of `Fn::GetAtt: [A, B]`.
    const scalar = (value: string) => ({ [long]: short === 'GetAtt' ? splitGetAtt(value) : value });
    tags.push({ tag, resolve: scalar });
    tags.push({ tag, collection: 'seq', resolve: (node) => ({ [long]: node.toJSON() }) });
    tags.push({ tag, collection: 'map', resolve: (node) => ({ [long]: node.toJSON() }) });
  }
  return tags;
}

function splitGetAtt(value: string): string[] {
  const dot = value.indexOf('.');
  return dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)];
}

/** Parses template text; unknown tags and YAML errors throw instead of passing silently. */
export function parseTemplate(text: string, name = 'template'): Template {
  const doc = parseDocument(text, { customTags: intrinsicTags() });
  const problems = [...doc.errors, ...doc.warnings];
  if (problems.length > 0) throw new Error(`${name}: ${problems.map((p) => p.message).join('; ')}`);
  const value: unknown = doc.toJSON();
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`${name}: not a mapping`);
  return value;
}

export function loadTemplate(path: string): Template {
  return parseTemplate(readFileSync(path, 'utf8'), path);
}

let cachedDb: SpecDatabase | undefined;
export function specDatabase(): SpecDatabase {
  cachedDb ??= loadAwsServiceSpecSync();
  return cachedDb;
}

export function cfnResource(type: string): Resource | undefined {
  const found = specDatabase().lookup('resource', 'cloudFormationType', 'equals', type);
  return found.length === 1 ? found[0] : undefined;
}

/** Names (sorted) and required names of a resource property whose type is a property type. */
export function nestedPropertyNames(resourceType: string, property: string): { fields: string[]; required: string[] } {
  const type = cfnResource(resourceType)?.properties[property]?.type;
  if (type?.type !== 'ref') throw new Error(`${resourceType}.${property} is not a property type in the spec`);
  const { properties } = specDatabase().get('typeDefinition', type.reference);
  return {
    fields: Object.keys(properties).sort(),
    required: Object.keys(properties).filter((k) => properties[k]?.required === true),
  };
}

/** An object of exactly one key that is an intrinsic function: its value is known only at deploy time. */
export function isIntrinsic(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0] === 'Condition' || (keys[0]?.startsWith('Fn::') ?? false));
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const RESOURCE_ATTRIBUTES = new Set([
  'Type',
  'Properties',
  'DependsOn',
  'Metadata',
  'Condition',
  'DeletionPolicy',
  'UpdateReplacePolicy',
  'UpdatePolicy',
  'CreationPolicy',
]);

/** Validates an object against spec properties: names, required ones, and value shapes. */
function checkProperties(props: ResourceProperties, value: unknown, path: string, errors: string[]): void {
  if (isIntrinsic(value)) return;
  if (!isPlainObject(value)) {
    errors.push(`${path}: expected an object`);
    return;
  }
  for (const key of Object.keys(value)) {
    if (!Object.hasOwn(props, key)) errors.push(`${path}.${key}: unknown property`);
  }
  for (const [key, prop] of Object.entries(props)) {
    if (prop.required && !(key in value)) errors.push(`${path}.${key}: required property missing`);
    if (key in value) checkType(prop.type, value[key], `${path}.${key}`, errors);
  }
}

function checkType(type: PropertyType, value: unknown, path: string, errors: string[]): void {
  if (isIntrinsic(value)) return;
  switch (type.type) {
    case 'json':
      return;
    case 'string':
    case 'number':
    case 'integer':
    case 'boolean':
    case 'date-time':
      // CloudFormation coerces scalars (`'1.2'` for a number is fine), but never objects or lists.
      if (typeof value === 'object' && value !== null) errors.push(`${path}: expected a ${type.type}, got ${Array.isArray(value) ? 'a list' : 'an object'}`);
      return;
    case 'null':
      return;
    case 'tag':
      checkTag(value, path, errors);
      return;
    case 'array':
      if (!Array.isArray(value)) {
        errors.push(`${path}: expected a list`);
        return;
      }
      value.forEach((item, i) => checkType(type.element, item, `${path}[${i}]`, errors));
      return;
    case 'map':
      if (!isPlainObject(value)) {
        errors.push(`${path}: expected a map`);
        return;
      }
      for (const [k, v] of Object.entries(value)) checkType(type.element, v, `${path}.${k}`, errors);
      return;
    case 'union': {
      const attempts = type.types.map((member) => {
        const found: string[] = [];
        checkType(member, value, path, found);
        return found;
      });
      if (!attempts.some((found) => found.length === 0)) errors.push(...(attempts[0] ?? [`${path}: matches no allowed type`]));
      return;
    }
    case 'ref': {
      const definition = specDatabase().get('typeDefinition', type.reference);
      checkProperties(definition.properties, value, path, errors);
      return;
    }
  }
}

function checkTag(value: unknown, path: string, errors: string[]): void {
  if (!isPlainObject(value)) {
    errors.push(`${path}: a tag must be {Key, Value}`);
    return;
  }
  for (const key of Object.keys(value)) if (key !== 'Key' && key !== 'Value') errors.push(`${path}.${key}: unknown property`);
  for (const key of ['Key', 'Value']) if (!(key in value)) errors.push(`${path}.${key}: required property missing`);
}

function checkSamProperties(rules: Record<string, SamPropertyRule>, value: unknown, path: string, errors: string[], required: string[] = []): void {
  if (isIntrinsic(value)) return;
  if (!isPlainObject(value)) {
    errors.push(`${path}: expected an object`);
    return;
  }
  for (const key of required) if (!(key in value)) errors.push(`${path}.${key}: required property missing`);
  for (const [key, child] of Object.entries(value)) {
    const rule = rules[key];
    if (!Object.hasOwn(rules, key) || rule === undefined) {
      errors.push(`${path}.${key}: unknown property`);
      continue;
    }
    if (rule === 'any') continue;
    if ('lambdaProperty' in rule) {
      const lambda = cfnResource('AWS::Lambda::Function');
      const prop = lambda?.properties[rule.lambdaProperty];
      if (!prop) throw new Error(`spec has no AWS::Lambda::Function.${rule.lambdaProperty}`);
      checkType(prop.type, child, `${path}.${key}`, errors);
    } else {
      checkSamProperties(rule.fields, child, `${path}.${key}`, errors, rule.required);
    }
  }
}

/** Every property problem of every resource (and of SAM Globals), as readable strings. */
export function validateTemplate(template: Template): string[] {
  const errors: string[] = [];
  const resources = template.Resources;
  if (!isPlainObject(resources) || Object.keys(resources).length === 0) return ['Resources: missing or empty'];
  for (const [id, resource] of Object.entries(resources)) {
    if (!isPlainObject(resource)) {
      errors.push(`${id}: not an object`);
      continue;
    }
    for (const key of Object.keys(resource)) if (!RESOURCE_ATTRIBUTES.has(key)) errors.push(`${id}.${key}: unknown resource attribute`);
    const type = resource.Type;
    if (type === 'AWS::Serverless::Function') {
      checkSamProperties(SAM_FUNCTION_PROPERTIES, resource.Properties ?? {}, `${id}.Properties`, errors);
      checkSamBuildMetadata(resource.Metadata, `${id}.Metadata`, errors);
      continue;
    }
    const spec = typeof type === 'string' ? cfnResource(type) : undefined;
    if (!spec) {
      errors.push(`${id}.Type: unknown resource type ${JSON.stringify(type)}`);
      continue;
    }
    checkProperties(spec.properties, resource.Properties ?? {}, `${id}.Properties`, errors);
  }
  const globals = template.Globals;
  if (globals !== undefined) {
    if (!isPlainObject(globals)) errors.push('Globals: not an object');
    else {
      for (const [section, value] of Object.entries(globals)) {
        if (section === 'Function') checkSamProperties(SAM_FUNCTION_PROPERTIES, value, 'Globals.Function', errors);
        else errors.push(`Globals.${section}: not validated by this test; add its SAM property list first`);
      }
    }
  }
  return errors;
}

function checkSamBuildMetadata(metadata: unknown, path: string, errors: string[]): void {
  if (metadata === undefined) return;
  if (!isPlainObject(metadata)) {
    errors.push(`${path}: expected an object`);
    return;
  }
  if (metadata.BuildMethod !== undefined && metadata.BuildMethod !== 'esbuild') return; // only esbuild is described here
  if (metadata.BuildProperties !== undefined) {
    checkSamProperties(SAM_ESBUILD_BUILD_PROPERTIES, metadata.BuildProperties, `${path}.BuildProperties`, errors);
  }
}

// --- References ----------------------------------------------------------------------------

const PSEUDO_PARAMETERS = new Set([
  'AWS::AccountId',
  'AWS::NotificationARNs',
  'AWS::NoValue',
  'AWS::Partition',
  'AWS::Region',
  'AWS::StackId',
  'AWS::StackName',
  'AWS::URLSuffix',
]);

/** Logical ids SAM generates for a function, with the CloudFormation type of each. */
function samGenerated(id: string, resource: Record<string, any>, globals: Record<string, any>): Record<string, string> {
  const generated: Record<string, string> = {};
  const props = (resource.Properties ?? {}) as Record<string, unknown>;
  if (props.Role === undefined) generated[`${id}Role`] = 'AWS::IAM::Role';
  if (props.AutoPublishAlias !== undefined || globals.AutoPublishAlias !== undefined) {
    generated[`${id}.Alias`] = 'AWS::Lambda::Alias';
    generated[`${id}.Version`] = 'AWS::Lambda::Version';
  }
  return generated;
}

/** Every Ref, GetAtt and Sub variable must name a parameter, resource, pseudo parameter or SAM-generated id. */
export function validateReferences(template: Template): string[] {
  const errors: string[] = [];
  const types = new Map<string, string>();
  const globalsFunction = (template.Globals?.Function ?? {}) as Record<string, any>;
  for (const [id, resource] of Object.entries((template.Resources ?? {}) as Record<string, any>)) {
    types.set(id, String(resource.Type));
    if (resource.Type === 'AWS::Serverless::Function') {
      for (const [generated, type] of Object.entries(samGenerated(id, resource, globalsFunction))) types.set(generated, type);
    }
  }
  const parameters = new Set(Object.keys((template.Parameters ?? {}) as object));
  const known = (name: string, locals: Set<string>) => locals.has(name) || parameters.has(name) || PSEUDO_PARAMETERS.has(name) || types.has(name);

  const checkGetAtt = (target: string, attribute: string | undefined, path: string) => {
    const type = types.get(target);
    if (type === undefined) {
      errors.push(`${path}: GetAtt of unknown resource ${target}`);
      return;
    }
    if (attribute === undefined) {
      errors.push(`${path}: GetAtt ${target} names no attribute`);
      return;
    }
    const spec = cfnResource(type);
    if (spec && !Object.hasOwn(spec.attributes, attribute)) errors.push(`${path}: ${type} has no attribute ${attribute}`);
  };

  const walk = (node: unknown, path: string, locals: Set<string>): void => {
    if (Array.isArray(node)) {
      node.forEach((item, i) => walk(item, `${path}[${i}]`, locals));
      return;
    }
    if (!isPlainObject(node)) return;
    if (isIntrinsic(node)) {
      const [fn, arg] = Object.entries(node)[0] as [string, unknown];
      if (fn === 'Ref' && typeof arg === 'string' && !known(arg, locals)) errors.push(`${path}: Ref to unknown ${arg}`);
      if (fn === 'Fn::GetAtt' && Array.isArray(arg)) checkGetAtt(String(arg[0]), arg[1] === undefined ? undefined : String(arg[1]), path);
      if (fn === 'Fn::Sub') {
        const [text, variables] = Array.isArray(arg) ? [arg[0], arg[1]] : [arg, undefined];
        const subLocals = new Set([...locals, ...Object.keys(isPlainObject(variables) ? variables : {})]);
        if (typeof text === 'string') {
          for (const match of text.matchAll(/\$\{([^!}][^}]*)\}/g)) {
            const variable = match[1] ?? '';
            const dot = variable.indexOf('.');
            if (dot > 0 && !known(variable, subLocals)) checkGetAtt(variable.slice(0, dot), variable.slice(dot + 1), path);
            else if (!known(variable, subLocals)) errors.push(`${path}: Sub variable \${${variable}} is unknown`);
          }
        }
        if (variables !== undefined) walk(variables, `${path}.Fn::Sub[1]`, locals);
        return;
      }
      walk(arg, `${path}.${fn}`, locals);
      return;
    }
    for (const [key, value] of Object.entries(node)) walk(value, `${path}.${key}`, locals);
  };

  for (const section of ['Resources', 'Outputs', 'Globals', 'Conditions']) walk(template[section], section, new Set());
  return errors;
}

/** Export names of a template's Outputs, with `${AWS::StackName}` replaced by `stackName`. */
export function exportNames(template: Template, stackName: string): string[] {
  return Object.values((template.Outputs ?? {}) as Record<string, any>)
    .map((output) => output?.Export?.Name as unknown)
    .map((name) => (isIntrinsic(name) && typeof name['Fn::Sub'] === 'string' ? name['Fn::Sub'] : name))
    .filter((name): name is string => typeof name === 'string')
    .map((name) => name.replaceAll('${AWS::StackName}', stackName));
}

/** Every `Fn::ImportValue` name in a template, with `${Param}` replaced by the given values. */
export function importedNames(template: Template, parameterValues: Record<string, string>): string[] {
  const names: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (isPlainObject(node)) {
      if ('Fn::ImportValue' in node) {
        const arg = node['Fn::ImportValue'];
        const text = isIntrinsic(arg) ? arg['Fn::Sub'] : arg;
        if (typeof text !== 'string') throw new Error(`ImportValue with an unsupported argument: ${JSON.stringify(arg)}`);
        names.push(text.replace(/\$\{([^}]+)\}/g, (_, p: string) => parameterValues[p] ?? `\${${p}}`));
      } else Object.values(node).forEach(walk);
    }
  };
  walk(template);
  return names;
}
