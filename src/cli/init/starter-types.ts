/**
 * The shapes `durable-lambda init` composes a starter from: the TypeScript project every starter
 * has, plus one template set per infrastructure-as-code tool (`--iac`).
 */

/** One file of the starter, relative to the project directory. */
export interface StarterFile {
  path: string;
  content: string;
}

/** What a template set is told about the project it writes into. */
export interface StarterContext {
  /** The npm package name (from the directory name). */
  projectName: string;
  /** The durable-lambda version range the starter depends on. */
  durableLambdaRange: string;
  /** The handler's source file and exported name, e.g. `src/handler.ts` and `handler`. */
  handlerSource: string;
  /** Where `npm run build` writes the Lambda bundle, e.g. `dist/handler.mjs`. */
  bundleFile: string;
}

/** The deployment part of a starter: its files and the package.json entries it adds. */
export interface IacTemplateSet {
  /** The `--iac` value, e.g. `sam`. */
  name: string;
  /** One line for `init --help`. */
  summary: string;
  files(context: StarterContext): StarterFile[];
  /** package.json scripts (e.g. `deploy`). */
  scripts(context: StarterContext): Record<string, string>;
  /** devDependencies the template set needs beyond the TypeScript project's. */
  devDependencies: Record<string, string>;
  /** Folders besides `src` and `test` that tsconfig.json includes (type-checked by `npm test`). */
  typecheckedFolders?: string[];
  /** Lines for .gitignore besides the TypeScript project's (build output of the tool). */
  ignoredPaths?: string[];
  /** Lines for the starter's README "Deploy" section. */
  deployNotes(context: StarterContext): string[];
}
