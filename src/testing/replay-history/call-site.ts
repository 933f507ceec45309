/** Where the handler's code made a durable call: the first stack frame outside the SDK. */
import { readFileSync } from 'node:fs';
import { findSourceMap, SourceMap } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Frames of the SDK itself (sources or an installed/bundled package), skipped. */
const SDK_FRAME = /[\\/](?:src[\\/](?:context|operations|engine|testing[\\/]replay-history)|node_modules[\\/](?:durable-lambda|@aws[\\/]durable-execution-sdk-js))[\\/]|\b(?:DurableContextImpl|RecordingProbe|beginOperation)\b|node:internal/;

const inlineMaps = new Map<string, SourceMap | undefined>();

/** The file's inline source map, read here: a loader such as tsx can keep Node from registering it. */
function inlineMapOf(path: string): SourceMap | undefined {
  if (!inlineMaps.has(path)) {
    let map: SourceMap | undefined;
    try {
      const data = /\/\/# sourceMappingURL=data:application\/json;(?:charset=utf-8;)?base64,([A-Za-z0-9+/=]+)\s*$/.exec(readFileSync(path, 'utf8'))?.[1];
      if (data !== undefined) map = new SourceMap(JSON.parse(Buffer.from(data, 'base64').toString('utf8')) as never);
    } catch {
      map = undefined;
    }
    inlineMaps.set(path, map);
  }
  return inlineMaps.get(path);
}

type Entry = { originalSource?: string; originalLine?: number; originalColumn?: number };

/** A bundled file's position mapped back to the user's source, when the bundle has a source map. */
function original(file: string, line: number, column: number): string {
  const path = file.startsWith('file://') ? fileURLToPath(file) : file;
  const lookup = (map: SourceMap | undefined): Entry | undefined => map?.findEntry(line - 1, column - 1);
  // The bundle's own inline map first: a loader (tsx) may register an identity map for it.
  let entry = lookup(inlineMapOf(path));
  if (entry?.originalSource === undefined) entry = lookup(findSourceMap(path));
  if (entry?.originalSource === undefined || entry.originalLine === undefined) return `${path}:${line}:${column}`;
  const source = entry.originalSource.startsWith('file://') ? fileURLToPath(entry.originalSource) : resolve(dirname(path), entry.originalSource);
  return `${source}:${entry.originalLine + 1}:${(entry.originalColumn ?? 0) + 1}`;
}

/** `file:line:column` of the first frame of the caller's code, if the stack shows one. */
export function callSite(): string | undefined {
  const stack = new Error().stack?.split('\n').slice(1) ?? [];
  for (const frame of stack) {
    if (SDK_FRAME.test(frame) || frame.includes('call-site')) continue;
    const match = /\(?((?:file:\/\/)?[^\s()]+):(\d+):(\d+)\)?\s*$/.exec(frame.trim());
    if (match?.[1] === undefined) continue;
    // In a bundle the SDK and the user's code share one file: judge the mapped position.
    const location = original(match[1], Number(match[2]), Number(match[3]));
    if (!SDK_FRAME.test(location)) return location;
  }
  return undefined;
}
