/**
 * A loopback HTTP proxy in front of the local service's HTTP front that injects faults into
 * CheckpointDurableExecution calls the way a real network and service produce them: a 500, a
 * 429, a stale token, a response lost after the service committed the request (connection
 * reset), or a response held past the client's timeout. Everything else passes through.
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type HttpFault = 'http500' | 'http429' | 'invalidToken' | 'lostResponse' | 'heldResponse';

/** One checkpoint request as the proxy saw it. */
export interface ProxiedCheckpoint {
  index: number;
  clientToken: string | undefined;
  checkpointToken: string | undefined;
  updates: number;
  fault: HttpFault | undefined;
}

export interface FaultProxy {
  url: string;
  /** Every checkpoint request, in arrival order. */
  readonly checkpoints: ProxiedCheckpoint[];
  /** Requests of any kind received so far. */
  requests(): number;
  close(): Promise<void>;
}

const readBody = (req: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

const sendError = (res: ServerResponse, status: number, name: string, message: string): void => {
  res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-errortype': name });
  res.end(JSON.stringify({ Type: status >= 500 ? 'Service' : 'User', message }));
};

interface Upstream {
  status: number;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

const forward = (target: URL, req: IncomingMessage, body: Buffer): Promise<Upstream> =>
  new Promise((resolve, reject) => {
    const headers = { ...req.headers, host: target.host, 'content-length': String(body.length) };
    const out = httpRequest({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers }, (res) => {
      void readBody(res).then((b) => resolve({ status: res.statusCode ?? 500, headers: res.headers, body: b }), reject);
    });
    out.on('error', reject);
    out.end(body);
  });

/**
 * Starts the proxy. `decide` picks the fault for the n-th checkpoint request (or none).
 * A held response is released only when the proxy closes; the client must time out first.
 *
 * @example
 * const proxy = await startFaultProxy({ target: front.url, decide: (c) => (c.index === 1 ? 'lostResponse' : undefined) });
 */
export const startFaultProxy = async (options: {
  target: string;
  decide: (checkpoint: Omit<ProxiedCheckpoint, 'fault'>) => HttpFault | undefined;
  /** Keep every checkpoint in {@link FaultProxy.checkpoints} (default true; off for long runs). */
  keepLog?: boolean;
}): Promise<FaultProxy> => {
  const target = new URL(options.target);
  const checkpoints: ProxiedCheckpoint[] = [];
  let seenCheckpoints = 0;
  const held: ServerResponse[] = [];
  let requests = 0;
  const server: Server = createServer((req, res) => {
    requests += 1;
    void (async () => {
      try {
        let body = await readBody(req);
        const isCheckpoint = req.method === 'POST' && /\/durable-executions\/[^/]+\/checkpoint$/.test(req.url ?? '');
        if (!isCheckpoint) {
          const up = await forward(target, req, body);
          res.writeHead(up.status, up.headers);
          res.end(up.body);
          return;
        }
        const parsed = JSON.parse(body.toString('utf8') || '{}') as { ClientToken?: string; CheckpointToken?: string; Updates?: unknown[] };
        const seen = { index: seenCheckpoints++, clientToken: parsed.ClientToken, checkpointToken: parsed.CheckpointToken, updates: parsed.Updates?.length ?? 0 };
        const fault = options.decide(seen);
        if (options.keepLog !== false) checkpoints.push({ ...seen, fault });
        if (fault === 'http500') return sendError(res, 500, 'ServiceException', 'Injected: internal service error');
        if (fault === 'http429') return sendError(res, 429, 'TooManyRequestsException', 'Injected: rate exceeded');
        if (fault === 'invalidToken') body = Buffer.from(JSON.stringify({ ...parsed, CheckpointToken: `${parsed.CheckpointToken ?? ''}-tampered` }));
        const up = await forward(target, req, body);
        if (fault === 'lostResponse') {
          // The service committed the request; the client never hears back.
          req.socket.destroy();
          return;
        }
        if (fault === 'heldResponse') {
          held.push(res);
          return;
        }
        res.writeHead(up.status, up.headers);
        res.end(up.body);
      } catch (error) {
        sendError(res, 502, 'ServiceException', `proxy: ${error instanceof Error ? error.message : String(error)}`);
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    checkpoints,
    requests: () => requests,
    close: () =>
      new Promise((resolve) => {
        for (const res of held) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
