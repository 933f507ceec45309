/** The page's calls to the console's Node side; state-changing ones carry the per-start token. */
import type { ConsoleInfo, ExecutionPage, ExecutionView, RevealedPayload } from '../view-types.js';

const TOKEN_KEY = 'durable-console-token';

/** Takes the token from the URL fragment the console printed (`#token=...`), once, into this tab's storage. */
export const adoptToken = (): void => {
  // `#token=X` or `#/e/<arn>?token=X` (a printed link straight to an execution).
  const m = /^(#\/[^?]*)?[#?&]?token=([A-Za-z0-9_-]+)$/.exec(location.hash);
  if (m?.[2]) {
    sessionStorage.setItem(TOKEN_KEY, m[2]);
    history.replaceState(null, '', `${location.pathname}${m[1] ?? '#/'}`);
  }
};

export const hasToken = (): boolean => sessionStorage.getItem(TOKEN_KEY) !== null;

const failure = async (res: Response): Promise<Error> => {
  let message = `${res.status} ${res.statusText}`;
  try {
    const body = (await res.json()) as { error?: string };
    if (body.error) message = body.error;
  } catch {
    // not JSON: keep the status line
  }
  return new Error(message);
};

const getJson = async <T>(path: string): Promise<T> => {
  const res = await fetch(path, { headers: { accept: 'application/json' } });
  if (!res.ok) throw await failure(res);
  return (await res.json()) as T;
};

const postJson = async <T>(path: string, body: unknown): Promise<T> => {
  const res = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-console-token': sessionStorage.getItem(TOKEN_KEY) ?? '' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw await failure(res);
  return (await res.json()) as T;
};

export interface ListQuery {
  functionName: string;
  status: string;
  name: string;
  after: string;
  before: string;
  marker?: string;
}

const iso = (local: string): string => (local === '' ? '' : new Date(local).toISOString());

export const api = {
  info: () => getJson<ConsoleInfo>('/api/info'),
  executions: (q: ListQuery) => {
    const params = new URLSearchParams({ function: q.functionName });
    if (q.status !== '') params.append('status', q.status);
    if (q.name !== '') params.set('name', q.name);
    if (q.after !== '') params.set('after', iso(q.after));
    if (q.before !== '') params.set('before', iso(q.before));
    if (q.marker !== undefined) params.set('marker', q.marker);
    return getJson<ExecutionPage>(`/api/executions?${params.toString()}`);
  },
  execution: (arn: string) => getJson<ExecutionView>(`/api/execution?arn=${encodeURIComponent(arn)}`),
  exportUrl: (arn: string) => `/api/export?arn=${encodeURIComponent(arn)}`,
  reveal: (arn: string) => postJson<RevealedPayload[]>('/api/reveal', { arn }),
  stop: (arn: string) => postJson<object>('/api/stop', { arn }),
  callback: (body: { callbackId: string; outcome: 'success' | 'failure' | 'heartbeat'; result?: string; errorType?: string; errorMessage?: string }) =>
    postJson<object>('/api/callback', body),
  start: (body: { function: string; input: string; name?: string }) => postJson<{ arn?: string }>('/api/start', body),
  startAgain: (arn: string) => postJson<{ arn?: string }>('/api/start-again', { arn }),
};
