/** Small formatting helpers of the page. */

export const formatDuration = (ms: number | undefined): string => {
  if (ms === undefined || !Number.isFinite(ms)) return '';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(s < 10 ? 2 : 1)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${Math.round(s % 60)}s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h ${m % 60}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
};

export const formatTime = (ms: number | undefined): string => (ms === undefined ? '' : new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z'));

export const formatBytes = (n: number): string => (n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`);

/** Route of the page: the list (optionally of a function) or an execution. */
export type Route = { view: 'list'; functionName?: string } | { view: 'execution'; arn: string };

export const parseRoute = (hash: string): Route => {
  const e = /^#\/e\/(.+)$/.exec(hash);
  if (e?.[1]) return { view: 'execution', arn: decodeURIComponent(e[1]) };
  const f = /^#\/f\/(.+)$/.exec(hash);
  if (f?.[1]) return { view: 'list', functionName: decodeURIComponent(f[1]) };
  return { view: 'list' };
};

export const executionHref = (arn: string): string => `#/e/${encodeURIComponent(arn)}`;
export const functionHref = (name: string): string => `#/f/${encodeURIComponent(name)}`;
