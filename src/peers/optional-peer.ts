/**
 * Loading of optional peer packages: a feature that needs one (the AWS SDK clients, esbuild,
 * yaml) imports it when it is used, and a missing package becomes one line naming what to
 * install, instead of Node's multi-line ERR_MODULE_NOT_FOUND at the package's load time.
 */

/** Error code of {@link MissingPeerError}, for callers that branch on it. */
export const MISSING_PEER_CODE = 'DURABLE_LAMBDA_MISSING_PEER';

/**
 * An optional peer package that a feature needs is not installed. The message is one line:
 * the feature, the package and the command that installs it.
 *
 * @example
 * ```ts
 * try { await store.put(key, bytes); } catch (error) {
 *   if (error instanceof MissingPeerError) console.error(error.message);
 * }
 * ```
 */
export class MissingPeerError extends Error {
  override name = 'MissingPeerError';
  readonly code = MISSING_PEER_CODE;

  constructor(
    /** The packages to install, e.g. `['@aws-sdk/client-kms']`. */
    readonly packages: readonly string[],
    /** What needed them, e.g. `durable-lambda/kms`. */
    readonly feature: string,
    options?: { cause?: unknown },
  ) {
    super(`${feature} needs ${packages.join(' and ')}, which is not installed: npm install ${packages.join(' ')}`, options);
  }
}

/** True when `error` says that `pkg` itself (not something inside it) could not be found. */
export const isPackageNotFound = (error: unknown, pkg: string): boolean => {
  const e = error as { code?: unknown; message?: unknown } | null;
  if (e === null || typeof e !== 'object') return false;
  if (e.code !== 'ERR_MODULE_NOT_FOUND' && e.code !== 'MODULE_NOT_FOUND') return false;
  const message = typeof e.message === 'string' ? e.message : '';
  return message.includes(`'${pkg}'`) || message.includes(`"${pkg}"`);
};

/**
 * Runs `load` (a literal `import('pkg')`, so that a user's bundler still sees the package) and
 * turns "not installed" into a {@link MissingPeerError}; any other failure passes through.
 *
 * @example
 * ```ts
 * const kms = await importPeer(() => import('@aws-sdk/client-kms'), '@aws-sdk/client-kms', 'durable-lambda/kms');
 * ```
 */
export const importPeer = async <T>(load: () => Promise<T>, pkg: string, feature: string): Promise<T> => {
  try {
    return await load();
  } catch (error) {
    if (isPackageNotFound(error, pkg)) throw new MissingPeerError([pkg], feature, { cause: error });
    throw error;
  }
};
