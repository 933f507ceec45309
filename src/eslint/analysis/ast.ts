/**
 * Small AST helpers shared by the durable analysis and the rules. Nodes are ESTree nodes as
 * ESLint hands them (with `parent` set), TypeScript nodes included when the TypeScript parser
 * is used; they are read loosely because the ESTree types do not describe TS nodes.
 */
import type { Scope, SourceCode } from 'eslint';

/** An ESTree node as ESLint gives it to rules (TS nodes included). */
export type AstNode = { type: string; parent?: AstNode; range?: [number, number] } & Record<string, any>;

const FUNCTION_TYPES = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);

/** Whether a node is a function of any syntax. */
export const isFunction = (node: AstNode | null | undefined): boolean => node !== null && node !== undefined && FUNCTION_TYPES.has(node.type);

/** Strips wrappers that do not change a value (`x as T`, `x!`, `(x)`, `x satisfies T`). */
export function unwrap(node: AstNode): AstNode {
  let current = node;
  while (
    current.type === 'TSAsExpression' ||
    current.type === 'TSNonNullExpression' ||
    current.type === 'TSSatisfiesExpression' ||
    current.type === 'TSTypeAssertion' ||
    current.type === 'ChainExpression'
  ) {
    current = current.expression as AstNode;
  }
  return current;
}

/** The parent of a node, skipping value-preserving wrappers. */
export function parentOf(node: AstNode): AstNode | undefined {
  let parent = node.parent;
  while (parent && (parent.type === 'TSAsExpression' || parent.type === 'TSNonNullExpression' || parent.type === 'TSSatisfiesExpression' || parent.type === 'ChainExpression')) {
    parent = parent.parent;
  }
  return parent;
}

/** The static name of a member property (`a.b`, `a['b']`), if it has one. */
export function propertyName(member: AstNode): string | undefined {
  const property = member.property as AstNode;
  if (!member.computed && property.type === 'Identifier') return property.name as string;
  if (property.type === 'Literal' && typeof property.value === 'string') return property.value;
  return undefined;
}

/** The text of a string literal or of a template literal without expressions. */
export function staticString(node: AstNode | undefined): string | undefined {
  if (!node) return undefined;
  const value = unwrap(node);
  if (value.type === 'Literal' && typeof value.value === 'string') return value.value;
  if (value.type === 'TemplateLiteral' && (value.expressions as unknown[]).length === 0) {
    return (value.quasis as AstNode[])[0]?.value?.cooked as string | undefined;
  }
  return undefined;
}

/** The variable an identifier refers to, found through the scope manager. */
export function resolveIdentifier(sourceCode: SourceCode, identifier: AstNode): Scope.Variable | undefined {
  let scope: Scope.Scope | null = sourceCode.getScope(identifier as never);
  while (scope) {
    const reference = scope.references.find((candidate) => (candidate.identifier as unknown) === identifier);
    if (reference) return reference.resolved ?? undefined;
    const variable = scope.set.get(identifier.name as string);
    if (variable) return variable;
    scope = scope.upper;
  }
  return undefined;
}

/** The module a variable was imported from (`import { x } from 'm'`), if it was imported. */
export function importSource(variable: Scope.Variable | undefined): string | undefined {
  const definition = variable?.defs[0];
  if (definition?.type !== 'ImportBinding') return undefined;
  const declaration = (definition.node as AstNode).parent;
  return declaration?.type === 'ImportDeclaration' ? (declaration.source.value as string) : undefined;
}

/** The name a variable was imported under (`import { randomUUID as id }` gives `randomUUID`). */
export function importedName(variable: Scope.Variable | undefined): string | undefined {
  const definition = variable?.defs[0];
  if (definition?.type !== 'ImportBinding') return undefined;
  const specifier = definition.node as AstNode;
  if (specifier.type === 'ImportSpecifier') return staticString(specifier.imported) ?? (specifier.imported.name as string);
  return specifier.type === 'ImportDefaultSpecifier' ? 'default' : '*';
}

/** Whether an identifier names a global (no local variable declares it). */
export function isGlobal(sourceCode: SourceCode, identifier: AstNode): boolean {
  const variable = resolveIdentifier(sourceCode, identifier);
  return variable === undefined || variable.defs.length === 0;
}

/** The function node a callee or callback expression stands for: inline, or a named function. */
export function resolveFunction(sourceCode: SourceCode, node: AstNode | undefined): AstNode | undefined {
  if (!node) return undefined;
  const value = unwrap(node);
  if (isFunction(value)) return value;
  if (value.type !== 'Identifier') return undefined;
  const definition = resolveIdentifier(sourceCode, value)?.defs[0];
  if (!definition) return undefined;
  const declared = definition.node as AstNode;
  if (declared.type === 'FunctionDeclaration') return declared;
  if (declared.type === 'VariableDeclarator' && declared.init) {
    const init = unwrap(declared.init as AstNode);
    return isFunction(init) ? init : undefined;
  }
  return undefined;
}

/** The innermost function that lexically contains a node. */
export function enclosingFunction(node: AstNode): AstNode | undefined {
  let current = node.parent;
  while (current && !isFunction(current)) current = current.parent;
  return current;
}

/** The type name written on a parameter (`ctx: DurableContext<L>` gives `DurableContext`). */
export function annotatedTypeName(parameter: AstNode): string | undefined {
  const target = parameter.type === 'AssignmentPattern' ? (parameter.left as AstNode) : parameter;
  const annotation = target.typeAnnotation?.typeAnnotation as AstNode | undefined;
  if (annotation?.type !== 'TSTypeReference') return undefined;
  const name = annotation.typeName as AstNode;
  if (name.type === 'Identifier') return name.name as string;
  if (name.type === 'TSQualifiedName') return name.right.name as string;
  return undefined;
}
