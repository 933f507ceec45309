/**
 * s3rver (a real S3-protocol server) started in-process on 127.0.0.1, port 0, in a temp directory,
 * behind a small pass-through proxy that can inject 5xx responses for fault tests.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
type S3rverConstructor = new (options: {
  address: string;
  port: number;
  directory: string;
  silent: boolean;
  configureBuckets?: Array<{ name: string }>;
}) => S3rverInstance;

// s3rver ships no type declarations; its constructor shape is described above.
const S3rver = createRequire(import.meta.url)('s3rver') as S3rverConstructor;

/** A running s3rver with a client configured for it. */
export interface S3rverHandle {
  /** Proxy endpoint (use this): forwards to s3rver unless a fault is armed. */
  endpoint: string;
  bucket: string;
  directory: string;
  client: S3Client;
  /** Requests that reached the proxy, by HTTP method. */
  requests: { GET: number; PUT: number; other: number };
  /** Headers of the last PUT request (s3rver does not echo SSE headers back). */
  lastPutHeaders: IncomingHttpHeaders | undefined;
  /** The next `count` requests answer HTTP `status` (default 503 SlowDown) without reaching s3rver. */
  failNext(count: number, status?: number): void;
  /** A client for a given endpoint with the settings s3rver needs. */
  clientFor(endpoint: string): S3Client;
  stop(): Promise<void>;
}

/** Settings s3rver needs: path-style URLs, its fixed credentials, no aws-chunked checksums. */
export function s3rverClient(endpoint: string): S3Client {
  return new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 1,
  });
}

/**
 * Starts s3rver with one bucket.
 *
 * @example
 * ```ts
 * const s3 = await startS3rver();
 * const store = createS3BlobStore({ bucket: s3.bucket, client: s3.client });
 * await s3.stop();
 * ```
 */
export async function startS3rver(bucket = 'payloads'): Promise<S3rverHandle> {
  const directory = await mkdtemp(join(tmpdir(), 's3rver-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, directory, silent: true, configureBuckets: [{ name: bucket }] });
  const target = await server.run();
  const requests = { GET: 0, PUT: 0, other: 0 };
  let faults: { count: number; status: number } = { count: 0, status: 503 };
  let lastPutHeaders: IncomingHttpHeaders | undefined;

  const proxy: Server = createServer((req, res) => {
    if (req.method === 'GET' || req.method === 'PUT') requests[req.method] += 1;
    else requests.other += 1;
    if (req.method === 'PUT') lastPutHeaders = req.headers;
    if (faults.count > 0) {
      faults.count -= 1;
      const code = faults.status === 503 ? 'SlowDown' : 'InternalError';
      req.resume();
      res.writeHead(faults.status, { 'content-type': 'application/xml' });
      res.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>injected fault</Message></Error>`);
      return;
    }
    const upstream = request({ host: '127.0.0.1', port: target.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', (error) => { res.writeHead(502); res.end(String(error)); });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  const client = s3rverClient(endpoint);

  return {
    endpoint,
    bucket,
    directory,
    client,
    requests,
    get lastPutHeaders() { return lastPutHeaders; },
    failNext: (count, status = 503) => { faults = { count, status }; },
    clientFor: s3rverClient,
    stop: async () => {
      client.destroy();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
