/**
 * Loads the plugins of a wrapped handler: `config.plugins` first (in order), then one plugin per
 * module listed in `DURABLE_EXECUTION_PLUGINS`. A module that cannot be imported directly is
 * resolved from the application root (`LAMBDA_TASK_ROOT`, else the working directory), where
 * Lambda puts the function's node_modules. Any problem is a {@link PluginLoadError}.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PluginLoadError } from '../errors.js';
import type { DurableInstrumentationPlugin, DurableInstrumentationPluginProvider } from './types.js';
import { DURABLE_INSTRUMENTATION_PLUGIN_API_VERSION } from './types.js';

/** Environment variable listing plugin modules (comma-separated specifiers). */
export const PLUGIN_ENVIRONMENT_VARIABLE = 'DURABLE_EXECUTION_PLUGINS';
/** Export a plugin module must provide (directly or on its default export). */
export const PLUGIN_PROVIDER_EXPORT = 'durableExecutionPluginProvider';

type Environment = Readonly<Record<string, string | undefined>>;

/** Options of {@link loadPlugins} (tests inject the environment). */
export interface LoadPluginsOptions {
  environment?: Environment;
  importModule?: (specifier: string) => Promise<unknown>;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Specifiers from the environment; blanks and duplicates are errors. */
export function pluginSpecifiers(environment: Environment): string[] {
  const listed = environment[PLUGIN_ENVIRONMENT_VARIABLE];
  if (listed === undefined || listed.trim() === '') return [];
  const specifiers = listed.split(',').map((part) => part.trim());
  if (specifiers.includes('')) {
    throw new PluginLoadError(`${PLUGIN_ENVIRONMENT_VARIABLE} must contain non-empty, comma-separated package or module specifiers.`);
  }
  const seen = new Set<string>();
  for (const specifier of specifiers) {
    if (seen.has(specifier)) throw new PluginLoadError(`${PLUGIN_ENVIRONMENT_VARIABLE} contains duplicate module specifier '${specifier}'.`);
    seen.add(specifier);
  }
  return specifiers;
}

/** True for "this specifier itself was not found" (not: a module it imports is missing). */
function isSpecifierNotFound(error: unknown, specifier: string): boolean {
  if (!isObject(error) || (error.code !== 'ERR_MODULE_NOT_FOUND' && error.code !== 'MODULE_NOT_FOUND')) return false;
  const bare = !/^(\.|\/|[a-zA-Z][a-zA-Z\d+.-]*:)/.test(specifier);
  const packageName = bare ? specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/') : undefined;
  const message = messageOf(error);
  return [specifier, packageName].some(
    (target) => target && [`package '${target}'`, `package "${target}"`, `module '${target}'`, `module "${target}"`].some((p) => message.includes(`Cannot find ${p}`)),
  );
}

function defaultImporter(environment: Environment): (specifier: string) => Promise<unknown> {
  const root = environment.LAMBDA_TASK_ROOT?.trim() || process.cwd();
  const requireFromRoot = createRequire(join(root, 'package.json'));
  return async (specifier) => {
    try {
      return await import(specifier);
    } catch (importError) {
      if (!isSpecifierNotFound(importError, specifier)) throw importError;
      let resolved: string;
      try {
        resolved = requireFromRoot.resolve(specifier);
      } catch (resolveError) {
        throw new PluginLoadError(
          `Failed to load plugin module '${specifier}': unable to resolve it from ${root} (${messageOf(resolveError).split('\n')[0]}). ` +
            "Ensure the package is installed in the function artifact or an attached Lambda layer under 'nodejs/node_modules'.",
          { cause: new AggregateError([importError, resolveError]) },
        );
      }
      return import(pathToFileURL(resolved).href);
    }
  };
}

function providerOf(specifier: string, loaded: unknown): DurableInstrumentationPluginProvider {
  if (!isObject(loaded)) throw new PluginLoadError(`Plugin module '${specifier}' did not evaluate to a module namespace object.`);
  const direct = loaded[PLUGIN_PROVIDER_EXPORT];
  const nested = isObject(loaded.default) ? loaded.default[PLUGIN_PROVIDER_EXPORT] : undefined;
  const candidates = [...new Set([direct, nested].filter((candidate) => candidate !== undefined))];
  if (candidates.length === 0) throw new PluginLoadError(`Plugin module '${specifier}' must export '${PLUGIN_PROVIDER_EXPORT}'.`);
  if (candidates.length > 1) throw new PluginLoadError(`Plugin module '${specifier}' exposes multiple different '${PLUGIN_PROVIDER_EXPORT}' values.`);
  const provider = candidates[0];
  if (!isObject(provider)) throw new PluginLoadError(`Plugin module '${specifier}' exports an invalid provider; expected an object.`);
  if (provider.pluginApiVersion !== DURABLE_INSTRUMENTATION_PLUGIN_API_VERSION) {
    throw new PluginLoadError(
      `Plugin provider '${specifier}' declares plugin API version '${String(provider.pluginApiVersion)}', but durable-lambda supports ` +
        `version ${DURABLE_INSTRUMENTATION_PLUGIN_API_VERSION}. Install compatible SDK and plugin package versions.`,
    );
  }
  const type = provider.pluginType as { prototype?: unknown } | undefined;
  if (typeof type !== 'function' || !isObject(type.prototype)) {
    throw new PluginLoadError(`Plugin provider '${specifier}' must declare a constructable 'pluginType'.`);
  }
  if (typeof provider.createPlugin !== 'function') {
    throw new PluginLoadError(`Plugin provider '${specifier}' must define a 'createPlugin' factory function.`);
  }
  return provider as unknown as DurableInstrumentationPluginProvider;
}

function createFrom(specifier: string, provider: DurableInstrumentationPluginProvider): DurableInstrumentationPlugin {
  let plugin: unknown;
  try {
    plugin = provider.createPlugin();
  } catch (error) {
    throw new PluginLoadError(`Plugin provider '${specifier}' failed to create its plugin: ${messageOf(error)}`, { cause: error });
  }
  if (!(plugin instanceof (provider.pluginType as unknown as new () => object))) {
    const actual = plugin === null || plugin === undefined ? String(plugin) : ((plugin).constructor?.name ?? typeof plugin);
    throw new PluginLoadError(`Plugin provider '${specifier}' declared plugin type '${provider.pluginType.name}' but created '${actual}'.`);
  }
  return plugin;
}

/**
 * The explicit plugins followed by those the environment selects, in the listed order.
 * Rejects with a {@link PluginLoadError} naming the module and the problem.
 */
export async function loadPlugins(
  explicit: readonly DurableInstrumentationPlugin[] | undefined,
  options: LoadPluginsOptions = {},
): Promise<DurableInstrumentationPlugin[]> {
  if (explicit !== undefined && !Array.isArray(explicit)) {
    throw new PluginLoadError('config.plugins must be an array of plugin objects.');
  }
  const plugins = [...(explicit ?? [])];
  const environment = options.environment ?? process.env;
  const specifiers = pluginSpecifiers(environment);
  if (specifiers.length === 0) return plugins;
  const importModule = options.importModule ?? defaultImporter(environment);
  for (const specifier of specifiers) {
    let loaded: unknown;
    try {
      loaded = await importModule(specifier);
    } catch (error) {
      if (error instanceof PluginLoadError) throw error;
      throw new PluginLoadError(`Failed to load plugin module '${specifier}': ${messageOf(error)}`, { cause: error });
    }
    plugins.push(createFrom(specifier, providerOf(specifier, loaded)));
  }
  return plugins;
}
