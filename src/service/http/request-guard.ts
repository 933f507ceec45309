/**
 * The request guard shared by the local service's REST front and the durable console: what a
 * loopback HTTP server must check before it routes a request, because any web page the user
 * opens can send requests to it.
 *
 * - Host allow-listing on every route: a DNS-rebinding page reaches the server under the
 *   attacker's host name, so only loopback names, the bound address and names the user adds
 *   are served.
 * - Origin on state-changing requests: a `text/plain` POST from another site needs no
 *   preflight, so a request whose `Origin` is not the server's own is refused. Non-browser
 *   clients (the AWS SDK, our transport, the CLI) send no `Origin` and pass.
 * - Body caps: a body is read only up to the route's limit; larger ones get 413 before they
 *   are buffered.
 */
import type { IncomingMessage } from 'node:http';

/** A refused request: the status and a one-line reason, for the caller to answer in its format. */
export interface GuardRefusal {
  status: 400 | 403 | 413;
  /** Error name (`x-amzn-errortype` on the REST front). */
  code: 'ForbiddenException' | 'InvalidRequestContentException' | 'RequestTooLargeException';
  message: string;
}

/** Options of {@link createRequestGuard}. */
export interface RequestGuardOptions {
  /** The address the server is bound to; it is an accepted host name too. */
  boundHost: string;
  /** More host names to accept (e.g. a machine name when bound with `--host`), without port. */
  allowedHosts?: readonly string[];
}

/** Checks requests before routing; see the module comment. */
export interface RequestGuard {
  /** Host check (every request) and Origin check (state-changing ones); undefined when allowed. */
  check(req: IncomingMessage): GuardRefusal | undefined;
  /** The origin (`http://host:port`) the request was addressed to, from its (checked) Host header. */
  ownOrigin(req: IncomingMessage): string;
}

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '::1'];

/** Methods that do not change state (browsers may send them cross-site freely). */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The host name of a Host header value (`name:port`, `[v6]:port`), lower-cased, or undefined when malformed. */
export const hostNameOf = (host: string): string | undefined => {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([A-Za-z0-9.-]+))(?::(\d{1,5}))?$/.exec(host.trim());
  if (!m) return undefined;
  return (m[1] ?? m[2] ?? '').toLowerCase();
};

const stripBrackets = (host: string): string => host.replace(/^\[(.*)\]$/, '$1').toLowerCase();

/**
 * Creates the guard for a server bound to `boundHost`.
 *
 * @example
 * const guard = createRequestGuard({ boundHost: '127.0.0.1' });
 * const server = createServer((req, res) => {
 *   const refusal = guard.check(req);
 *   if (refusal) { res.writeHead(refusal.status); res.end(refusal.message); return; }
 *   // ... route
 * });
 */
export const createRequestGuard = (options: RequestGuardOptions): RequestGuard => {
  const allowed = new Set([...LOOPBACK_NAMES, stripBrackets(options.boundHost), ...(options.allowedHosts ?? []).map(stripBrackets)]);
  // A wildcard bind is not a name a client can use; only the listed names are accepted then.
  allowed.delete('0.0.0.0');
  allowed.delete('::');
  const hostHeader = (req: IncomingMessage): string => req.headers.host ?? '';
  return {
    check(req) {
      const name = hostNameOf(hostHeader(req));
      if (name === undefined || !allowed.has(name)) {
        return {
          status: 403,
          code: 'ForbiddenException',
          message: `Host ${JSON.stringify(hostHeader(req))} is not served here (allowed: ${[...allowed].join(', ')}; add names with --allow-host).`,
        };
      }
      const origin = req.headers.origin;
      if (origin !== undefined && !SAFE_METHODS.has(req.method ?? 'GET') && origin !== `http://${hostHeader(req)}`) {
        return { status: 403, code: 'ForbiddenException', message: `Cross-origin request refused (Origin ${JSON.stringify(origin)}).` };
      }
      return undefined;
    },
    ownOrigin: (req) => `http://${hostHeader(req)}`,
  };
};

/** Thrown by {@link readCappedBody} when a body is over its limit or malformed in length. */
export class BodyRefusedError extends Error {
  override name = 'BodyRefusedError';
  constructor(readonly refusal: GuardRefusal) {
    super(refusal.message);
  }
}

/**
 * Reads a request body of at most `maxBytes`: a larger declared length is refused before any
 * byte is read, and a stream that grows past the limit is cut off. Never throws from a stream
 * listener; rejects with {@link BodyRefusedError} instead.
 *
 * @example
 * const body = await readCappedBody(req, 6 * 1024 * 1024);
 */
export const readCappedBody = (req: IncomingMessage, maxBytes: number): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const tooLarge = (): BodyRefusedError =>
      new BodyRefusedError({ status: 413, code: 'RequestTooLargeException', message: `Request body is larger than ${maxBytes} bytes.` });
    const declared = req.headers['content-length'];
    if (declared !== undefined) {
      if (!/^\d+$/.test(declared)) {
        reject(new BodyRefusedError({ status: 400, code: 'InvalidRequestContentException', message: 'Invalid Content-Length.' }));
        req.resume();
        return;
      }
      if (Number(declared) > maxBytes) {
        reject(tooLarge());
        req.resume();
        return;
      }
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > maxBytes) {
        done = true;
        chunks.length = 0;
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (done) return;
      done = true;
      resolve(Buffer.concat(chunks, size));
    });
    req.on('error', (error) => {
      if (done) return;
      done = true;
      reject(error);
    });
  });
