/**
 * Finds the durable code of a file once, for every rule: which variables hold a DurableContext
 * (handler parameters, `DurableContext`-typed parameters, child contexts of runInChildContext /
 * map / parallel, aliases, helper functions' parameters that receive a context), which calls are
 * durable operations, and which functions are step-like (step functions, waitForCondition checks,
 * waitForCallback submitters) or durable (their code replays).
 *
 * Cost: one walk of the AST plus one visit of each reference of each context variable, so the
 * analysis is linear in the file's size; rules share it through a per-file cache.
 */
import type { Scope, SourceCode } from 'eslint';
import {
  annotatedTypeName,
  importSource,
  isFunction,
  parentOf,
  propertyName,
  resolveFunction,
  resolveIdentifier,
  staticString,
  unwrap,
  type AstNode,
} from './ast.js';

/** Modules whose `withDurableExecution` starts durable code. */
export const SDK_MODULES: ReadonlySet<string> = new Set(['durable-lambda', '@aws/durable-execution-sdk-js']);

/** DurableContext methods that are durable operations, with where their callback sits. */
const OPERATIONS: Readonly<Record<string, 'step' | 'child' | 'none'>> = {
  step: 'step',
  waitForCondition: 'step',
  waitForCallback: 'step',
  runInChildContext: 'child',
  map: 'child',
  parallel: 'child',
  wait: 'none',
  createCallback: 'none',
  invoke: 'none',
};

/** `context.promise.*` combinators. */
const COMBINATORS: ReadonlySet<string> = new Set(['all', 'allSettled', 'any', 'race']);

/** A call of a durable operation. */
export interface DurableCall {
  readonly node: AstNode;
  readonly method: string;
  /** The context variable the call was made on (an alias or destructured method's origin). */
  readonly context: Scope.Variable;
  /** The operation's literal name, when it has one. */
  readonly name?: { readonly text: string; readonly node: AstNode };
}

/** Code whose kind matters: durable code (replays) or a step-like function (runs once per attempt). */
export interface Region {
  readonly kind: 'durable' | 'step';
  readonly fn: AstNode;
  /** For durable regions: the context variable the region's code was given. */
  readonly context?: Scope.Variable;
}

/** Everything the rules need about one file. */
export interface DurableAnalysis {
  readonly calls: readonly DurableCall[];
  /** `const { step } = context` and the like. */
  readonly destructurings: readonly AstNode[];
  /** The innermost region containing a node (undefined: not durable code). */
  regionOf(node: AstNode): Region | undefined;
  /** The context variable a context alias stems from (itself for an original). */
  originOf(variable: Scope.Variable): Scope.Variable;
}

const cache = new WeakMap<SourceCode, DurableAnalysis>();

/** The analysis of a file, computed on first use and shared by every rule. */
export function analyze(sourceCode: SourceCode): DurableAnalysis {
  let analysis = cache.get(sourceCode);
  if (!analysis) {
    analysis = new Analyzer(sourceCode).run();
    cache.set(sourceCode, analysis);
  }
  return analysis;
}

class Analyzer {
  private readonly regions = new Map<AstNode, Region>();
  private readonly origins = new Map<Scope.Variable, Scope.Variable>();
  private readonly queue: Scope.Variable[] = [];
  private readonly calls: DurableCall[] = [];
  private readonly destructurings: AstNode[] = [];
  private readonly regionCache = new Map<AstNode, Region | undefined>();

  constructor(private readonly sourceCode: SourceCode) {}

  run(): DurableAnalysis {
    this.walk(this.sourceCode.ast);
    while (this.queue.length > 0) this.follow(this.queue.pop() as Scope.Variable);
    return {
      calls: this.calls,
      destructurings: this.destructurings,
      regionOf: (node) => this.regionOf(node),
      originOf: (variable) => this.origins.get(variable) ?? variable,
    };
  }

  /** One walk: seeds are handlers given to withDurableExecution and DurableContext-typed params. */
  private walk(root: AstNode): void {
    const keys = this.sourceCode.visitorKeys as Record<string, readonly string[] | undefined>;
    const stack: AstNode[] = [root];
    while (stack.length > 0) {
      const node = stack.pop() as AstNode;
      if (isFunction(node)) this.seedTypedParameters(node);
      else if (node.type === 'CallExpression') this.seedHandler(node);
      for (const key of keys[node.type] ?? []) {
        const child = node[key] as AstNode | AstNode[] | null | undefined;
        if (Array.isArray(child)) {
          for (const item of child) if (item) stack.push(item);
        } else if (child && typeof child.type === 'string') {
          stack.push(child);
        }
      }
    }
  }

  private seedTypedParameters(fn: AstNode): void {
    (fn.params as AstNode[]).forEach((parameter, index) => {
      if (annotatedTypeName(parameter) === 'DurableContext') this.enterDurable(fn, index);
    });
  }

  private seedHandler(call: AstNode): void {
    const callee = unwrap(call.callee as AstNode);
    const calleeName = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? propertyName(callee) : undefined;
    if (calleeName !== 'withDurableExecution') return;
    const root = callee.type === 'Identifier' ? callee : unwrap(callee.object as AstNode);
    if (root.type !== 'Identifier' || !SDK_MODULES.has(importSource(resolveIdentifier(this.sourceCode, root)) ?? '')) return;
    const handler = resolveFunction(this.sourceCode, (call.arguments as AstNode[])[0]);
    if (handler) this.enterDurable(handler, 1);
  }

  /** Marks a function as durable code whose parameter at `index` is a context. */
  private enterDurable(fn: AstNode, index: number): void {
    const parameter = (fn.params as AstNode[])[index];
    const target = parameter?.type === 'AssignmentPattern' ? (parameter.left as AstNode) : parameter;
    if (target?.type !== 'Identifier') {
      if (!this.regions.has(fn)) this.regions.set(fn, { kind: 'durable', fn });
      return;
    }
    const variable = this.sourceCode.getDeclaredVariables(fn as never).find((candidate) => candidate.name === target.name);
    const existing = this.regions.get(fn);
    if (existing?.context) return;
    this.regions.set(fn, variable ? { kind: 'durable', fn, context: variable } : { kind: 'durable', fn });
    if (variable) this.addContext(variable, variable);
  }

  private addContext(variable: Scope.Variable, origin: Scope.Variable): void {
    if (this.origins.has(variable)) return;
    this.origins.set(variable, origin);
    this.queue.push(variable);
  }

  /** Visits every use of a context variable. */
  private follow(variable: Scope.Variable): void {
    const origin = this.origins.get(variable) ?? variable;
    for (const reference of variable.references) {
      if (!reference.isRead()) continue;
      const identifier = reference.identifier as unknown as AstNode;
      const parent = parentOf(identifier);
      if (!parent) continue;
      if (parent.type === 'VariableDeclarator' && unwrap(parent.init as AstNode) === identifier) {
        this.aliasOrDestructure(parent.id as AstNode, parent, origin);
      } else if (parent.type === 'AssignmentExpression' && unwrap(parent.right as AstNode) === identifier) {
        this.aliasOrDestructure(parent.left as AstNode, parent, origin);
      } else if (parent.type === 'MemberExpression' && unwrap(parent.object as AstNode) === identifier) {
        this.memberUse(parent, variable);
      } else if ((parent.type === 'CallExpression' || parent.type === 'NewExpression') && parent.callee !== identifier) {
        const index = (parent.arguments as AstNode[]).findIndex((argument) => unwrap(argument) === identifier);
        const helper = resolveFunction(this.sourceCode, parent.callee as AstNode);
        if (helper && index >= 0 && !this.regions.has(helper)) this.enterDurable(helper, index);
      }
    }
  }

  private aliasOrDestructure(target: AstNode, declaration: AstNode, origin: Scope.Variable): void {
    if (target.type === 'Identifier') {
      const alias = this.variableNamed(declaration, target);
      if (alias) this.addContext(alias, origin);
      return;
    }
    if (target.type !== 'ObjectPattern') return;
    this.destructurings.push(declaration);
    for (const property of target.properties as AstNode[]) {
      if (property.type !== 'Property') continue;
      const key = property.computed ? undefined : (property.key.name as string | undefined) ?? staticString(property.key);
      const value = property.value.type === 'AssignmentPattern' ? (property.value.left as AstNode) : (property.value as AstNode);
      if (!key || !(key in OPERATIONS) || value.type !== 'Identifier') continue;
      const method = this.variableNamed(declaration, value);
      for (const reference of method?.references ?? []) {
        const call = parentOf(reference.identifier);
        if (call?.type === 'CallExpression' && unwrap(call.callee as AstNode) === (reference.identifier as unknown)) this.operationCall(call, key, origin);
      }
    }
  }

  private variableNamed(declaration: AstNode, identifier: AstNode): Scope.Variable | undefined {
    const declared = declaration.type === 'VariableDeclarator' ? this.sourceCode.getDeclaredVariables(declaration as never) : [];
    return declared.find((candidate) => candidate.name === identifier.name) ?? resolveIdentifier(this.sourceCode, identifier);
  }

  private memberUse(member: AstNode, variable: Scope.Variable): void {
    const name = propertyName(member);
    const outer = parentOf(member);
    if (!name || !outer) return;
    if (name in OPERATIONS && outer.type === 'CallExpression' && unwrap(outer.callee as AstNode) === member) {
      this.operationCall(outer, name, variable);
    } else if (name === 'promise' && outer.type === 'MemberExpression' && unwrap(outer.object as AstNode) === member) {
      const combinator = propertyName(outer);
      const call = parentOf(outer);
      if (combinator && COMBINATORS.has(combinator) && call?.type === 'CallExpression' && unwrap(call.callee as AstNode) === outer) {
        this.calls.push({ node: call, method: `promise.${combinator}`, context: variable });
      }
    }
  }

  private operationCall(call: AstNode, method: string, context: Scope.Variable): void {
    const args = call.arguments as AstNode[];
    const first = args[0] ? unwrap(args[0]) : undefined;
    const named = first !== undefined && (staticString(first) !== undefined || (first.type === 'Identifier' && first.name === 'undefined'));
    const text = staticString(first);
    this.calls.push(text !== undefined && first ? { node: call, method, context, name: { text, node: first } } : { node: call, method, context });
    const rest = named ? args.slice(1) : args;
    const kind = OPERATIONS[method];
    if (kind === 'step') {
      const fn = resolveFunction(this.sourceCode, rest[0]);
      if (fn && !this.regions.has(fn)) this.regions.set(fn, { kind: 'step', fn });
    } else if (kind === 'child') {
      for (const fn of this.childFunctions(method, rest)) this.enterDurable(fn, 0);
    }
  }

  /** The functions that receive a child context: runInChildContext's, map's, parallel's branches. */
  private childFunctions(method: string, args: readonly AstNode[]): AstNode[] {
    const candidate = method === 'map' ? args[1] : args[0];
    if (method !== 'parallel') {
      const fn = resolveFunction(this.sourceCode, candidate);
      return fn ? [fn] : [];
    }
    const branches = candidate ? unwrap(candidate) : undefined;
    if (branches?.type !== 'ArrayExpression') return [];
    const functions: AstNode[] = [];
    for (const element of branches.elements as (AstNode | null)[]) {
      if (!element) continue;
      const value = unwrap(element);
      const func = value.type === 'ObjectExpression' ? (value.properties as AstNode[]).find((p) => p.type === 'Property' && propertyName({ ...p, property: p.key }) === 'func')?.value : value;
      const fn = resolveFunction(this.sourceCode, func as AstNode | undefined);
      if (fn) functions.push(fn);
    }
    return functions;
  }

  private regionOf(node: AstNode): Region | undefined {
    let current: AstNode | undefined = node.parent;
    const visited: AstNode[] = [];
    let found: Region | undefined;
    while (current) {
      if (isFunction(current)) {
        if (this.regionCache.has(current)) {
          found = this.regionCache.get(current);
          break;
        }
        visited.push(current);
        const region = this.regions.get(current);
        if (region) {
          found = region;
          break;
        }
      }
      current = current.parent;
    }
    for (const fn of visited) this.regionCache.set(fn, found);
    return found;
  }
}
