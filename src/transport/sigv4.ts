/**
 * AWS Signature Version 4 for one HTTP request, written from the documented algorithm
 * (canonical request, string to sign, derived signing key, Authorization header).
 */
import { createHash, createHmac } from 'node:crypto';
import type { AwsCredentials } from './credentials.js';

/** A request to sign: `path` is already percent-encoded as it goes on the wire. */
export interface SignableRequest {
  method: string;
  /** Host header value (host, plus `:port` when it is not the scheme's default). */
  host: string;
  path: string;
  /** Raw (unencoded) query parameters. */
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: string;
}

/** What to sign with. */
export interface SigningOptions {
  credentials: AwsCredentials;
  region: string;
  service: string;
  /** Signing time; now by default. */
  date?: Date;
  /** Also send and sign `x-amz-content-sha256` (the AWS SDK does by default). Default true. */
  contentSha256Header?: boolean;
}

const ALGORITHM = 'AWS4-HMAC-SHA256';

/** Percent-encoding of RFC 3986: everything but `A-Z a-z 0-9 - _ . ~`. */
export function encodeRfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

const sha256Hex = (data: string): string => createHash('sha256').update(data, 'utf8').digest('hex');
const hmac = (key: string | Buffer, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest();

/** `20150830T123600Z` */
export function amzDate(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/**
 * For services other than S3 the canonical URI is the wire path encoded once more, segment by
 * segment (so `%3A` becomes `%253A`).
 */
function canonicalUri(path: string): string {
  if (path === '' || path === '/') return '/';
  return path
    .split('/')
    .map((segment) => encodeRfc3986(segment))
    .join('/');
}

function canonicalQuery(query: Record<string, string> | undefined): string {
  if (!query) return '';
  return Object.entries(query)
    .map(([key, value]) => [encodeRfc3986(key), encodeRfc3986(value)] as const)
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
}

const canonicalHeaderValue = (value: string): string => value.trim().replace(/\s+/g, ' ');

/**
 * The signing key for a day, region and service: HMAC chain from `AWS4` + secret key.
 */
function signingKey(secretAccessKey: string, day: string, region: string, service: string): Buffer {
  return hmac(hmac(hmac(hmac(`AWS4${secretAccessKey}`, day), region), service), 'aws4_request');
}

/**
 * The headers to send for `request`, signed: the request's own plus `host`, `x-amz-date`,
 * `x-amz-security-token` (with a session token), `x-amz-content-sha256` and `authorization`.
 *
 * @example
 * ```ts
 * const headers = signRequest(
 *   { method: 'GET', host: 'lambda.eu-west-1.amazonaws.com', path: '/2025-12-01/durable-executions/arn%3A.../state', query: { CheckpointToken: 't' } },
 *   { credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' }, region: 'eu-west-1', service: 'lambda' },
 * );
 * ```
 */
export function signRequest(request: SignableRequest, options: SigningOptions): Record<string, string> {
  const { credentials, region, service } = options;
  const stamp = amzDate(options.date ?? new Date());
  const day = stamp.slice(0, 8);
  const payloadHash = sha256Hex(request.body ?? '');

  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers ?? {})) headers[name.toLowerCase()] = value;
  headers.host = request.host;
  headers['x-amz-date'] = stamp;
  if (credentials.sessionToken) headers['x-amz-security-token'] = credentials.sessionToken;
  if (options.contentSha256Header ?? true) headers['x-amz-content-sha256'] = payloadHash;
  delete headers.authorization;

  // user-agent is left unsigned: proxies may rewrite it.
  const names = Object.keys(headers)
    .filter((name) => name !== 'user-agent')
    .sort();
  const signedHeaders = names.join(';');
  const canonicalRequest = [
    request.method.toUpperCase(),
    canonicalUri(request.path),
    canonicalQuery(request.query),
    names.map((name) => `${name}:${canonicalHeaderValue(headers[name] ?? '')}\n`).join(''),
    signedHeaders,
    payloadHash,
  ].join('\n');

  const scope = `${day}/${region}/${service}/aws4_request`;
  const stringToSign = [ALGORITHM, stamp, scope, sha256Hex(canonicalRequest)].join('\n');
  const signature = createHmac('sha256', signingKey(credentials.secretAccessKey, day, region, service))
    .update(stringToSign, 'utf8')
    .digest('hex');
  headers.authorization = `${ALGORITHM} Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return headers;
}
