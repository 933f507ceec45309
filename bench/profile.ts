/**
 * `--profile`: samples the CPU while one side of a scenario runs (node:inspector, in process) and
 * summarises self time per function, so a ratio that misses its target comes with the functions
 * that explain it. Sampling slows the run: figures of a profiled run are not comparable.
 */
import { Session } from 'node:inspector/promises';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
}

/** One line of a profile summary. */
export interface HotFunction {
  name: string;
  location: string;
  selfMs: number;
  share: number;
}

/** Shortens a script URL to its package-relative path. */
const shortLocation = (url: string, line: number): string => {
  const path = url.replace(/^file:\/\//, '').replace(/^.*\/node_modules\//, '').replace(/^.*\/work\/main\//, '');
  return path === '' ? '(native)' : `${path}:${line + 1}`;
};

/** Self time per function, largest first. */
export const summariseProfile = (profile: CpuProfile, limit: number): HotFunction[] => {
  const selfByNode = new Map<number, number>();
  (profile.samples ?? []).forEach((nodeId, index) => {
    selfByNode.set(nodeId, (selfByNode.get(nodeId) ?? 0) + (profile.timeDeltas?.[index] ?? 0));
  });
  const byFunction = new Map<string, HotFunction>();
  for (const node of profile.nodes) {
    const self = selfByNode.get(node.id) ?? 0;
    const name = node.callFrame.functionName || '(anonymous)';
    const location = shortLocation(node.callFrame.url, node.callFrame.lineNumber);
    const key = `${name} ${location}`;
    const entry = byFunction.get(key) ?? { name, location, selfMs: 0, share: 0 };
    entry.selfMs += self / 1000;
    byFunction.set(key, entry);
  }
  const total = [...byFunction.values()].reduce((sum, entry) => sum + entry.selfMs, 0);
  return [...byFunction.values()]
    .map((entry) => ({ ...entry, share: total === 0 ? 0 : entry.selfMs / total }))
    .sort((a, b) => b.selfMs - a.selfMs)
    .slice(0, limit);
};

/** Runs `work` under the sampling profiler and returns its result with the hottest functions. */
export const profiled = async <T>(work: () => Promise<T>, limit = 15): Promise<{ result: T; hot: HotFunction[] }> => {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    await session.post('Profiler.start');
    let hot: HotFunction[] = [];
    let result: T;
    try {
      result = await work();
    } finally {
      const { profile } = await session.post('Profiler.stop');
      hot = summariseProfile(profile, limit);
    }
    return { result, hot };
  } finally {
    session.disconnect();
  }
};

/** Formats a summary as indented lines. */
export const formatProfile = (hot: readonly HotFunction[]): string =>
  hot
    .map((entry) => `    ${entry.selfMs.toFixed(1).padStart(8)} ms ${(entry.share * 100).toFixed(1).padStart(5)} %  ${entry.name}  ${entry.location}`)
    .join('\n');
