/**
 * `durable-lambda init [dir]`: scaffolds a TypeScript project with a durable handler, its test on
 * the local runner, a Lambda bundle build and deployment files (`--iac`, SAM by default).
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { SDK_VERSION } from '../../version.js';
import { CliUsageError, parseCommandArgs, type CliCommand, type CliIo } from '../command.js';
import { iacTemplateSets } from './iac-template-sets.js';
import type { StarterContext } from './starter-types.js';
import { typescriptProjectFiles } from './typescript-project.js';

const HELP = `Usage: durable-lambda init [dir] [options]

Creates a TypeScript project for a durable Lambda function in <dir> (default: the current
directory): src/handler.ts, test/handler.test.ts (the local runner, virtual time),
tsconfig.json, esbuild.config.mjs, package.json scripts and deployment files.
Existing files are never overwritten: init stops and names them.

Options:
  --iac <name>     deployment files (default: ${iacTemplateSets[0]?.name ?? 'sam'}):
${iacTemplateSets.map((set) => `                     ${set.name.padEnd(6)}${set.summary}`).join('\n')}
  --name <name>    the package name (default: the directory's name)
  -h, --help       show this help

Then:
  cd <dir> && npm install && npm test && npm run build`;

/** npm's rules for a package name, simplified: lower case, URL-safe, at most 214 characters. */
const toPackageName = (name: string): string =>
  name.toLowerCase().replace(/[^a-z0-9._~-]+/g, '-').replace(/^[._-]+/, '').slice(0, 214) || 'durable-function';

const run = async (args: string[], io: CliIo): Promise<number> => {
  const { values, positionals } = parseCommandArgs('init', args, {
    iac: { type: 'string' },
    name: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  if (positionals.length > 1) throw new CliUsageError(`init: expected at most one directory, got ${positionals.length}`);
  const iacName = typeof values.iac === 'string' ? values.iac : iacTemplateSets[0]?.name;
  const iac = iacTemplateSets.find((set) => set.name === iacName);
  if (!iac) throw new CliUsageError(`init: unknown --iac "${String(iacName)}" (choices: ${iacTemplateSets.map((set) => set.name).join(', ')})`);
  const dir = resolve(positionals[0] ?? '.');
  const projectName = toPackageName(typeof values.name === 'string' ? values.name : basename(dir));
  const context: StarterContext = {
    projectName,
    durableLambdaRange: `^${SDK_VERSION}`,
    handlerSource: 'src/handler.ts',
    bundleFile: 'dist/handler.mjs',
  };
  const files = typescriptProjectFiles(context, iac);
  const existing = files.filter((file) => existsSync(join(dir, file.path))).map((file) => file.path);
  if (existing.length > 0) {
    throw new CliUsageError(`init: ${relative(process.cwd(), dir) || '.'} already has ${existing.join(', ')}; nothing was written (use an empty or new directory)`);
  }
  for (const file of files) {
    const target = join(dir, file.path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, file.content, { flag: 'wx' });
  }
  const shown = relative(process.cwd(), dir) || '.';
  io.out(`Created ${projectName} in ${shown} (${files.length} files, --iac ${iac.name}): ${readdirSync(dir).sort().join(', ')}`);
  io.out('');
  io.out('Next:');
  if (shown !== '.') io.out(`  cd ${shown}`);
  io.out('  npm install');
  io.out('  npm test          # type-check, then the handler test on the local runner');
  io.out('  npm start         # one local execution with its timeline');
  io.out('  npm run build     # the Lambda bundle');
  for (const script of Object.keys(iac.scripts(context))) io.out(`  npm run ${script}`);
  return 0;
};

/**
 * The `init` command.
 *
 * @example
 * ```ts
 * await initCommand.run(['my-workflow'], io);
 * ```
 */
export const initCommand: CliCommand = {
  name: 'init',
  summary: 'create a TypeScript project for a durable function (handler, test, build, template)',
  help: HELP,
  run,
};
