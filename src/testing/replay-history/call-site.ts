/** Where the handler's code made a durable call: the first stack frame outside the SDK. */

/** Frames of the SDK itself (sources or an installed/bundled package), skipped. */
const SDK_FRAME = /[\\/](?:src[\\/](?:context|operations|engine|testing[\\/]replay-history)|node_modules[\\/](?:durable-lambda|@aws[\\/]durable-execution-sdk-js))[\\/]|\b(?:DurableContextImpl|RecordingProbe|beginOperation)\b|node:internal/;

/** `file:line:column` of the first frame of the caller's code, if the stack shows one. */
export function callSite(): string | undefined {
  const stack = new Error().stack?.split('\n').slice(1) ?? [];
  for (const frame of stack) {
    if (SDK_FRAME.test(frame) || frame.includes('call-site')) continue;
    const location = /\(?((?:file:\/\/)?[^\s()]+:\d+:\d+)\)?\s*$/.exec(frame.trim())?.[1];
    if (location) return location.replace(/^file:\/\//, '');
  }
  return undefined;
}
