/**
 * Server-side SigV4 check for loopback test servers: recomputes the signature of a received
 * request with the real signer (@smithy/signature-v4, what the AWS SDK signs with) from the
 * headers the request says it signed.
 */
import { createHash, createHmac } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { SignatureV4 } from '@smithy/signature-v4';

/** node:crypto in the shape @smithy/signature-v4 takes (a Checksum constructor). */
export class NodeSha256 {
  private readonly hash;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', toBuffer(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(toBuffer(data));
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.hash.digest()));
  }
  reset(): void {}
}

function toBuffer(data: string | ArrayBuffer | ArrayBufferView): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}

const AUTHORIZATION = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/;

/** What the check found. */
export type SignatureCheck = { valid: true; accessKeyId: string; region: string; service: string; signedHeaders: string[] } | { valid: false; reason: string };

/**
 * Whether `req` (with body `body`) carries a valid signature for the secret key that
 * `secretFor` gives its access key id.
 *
 * @example
 * ```ts
 * const check = await verifySignature(req, raw, () => 'secret');
 * if (!check.valid) return reply(res, 403, { message: check.reason });
 * ```
 */
export async function verifySignature(req: IncomingMessage, body: string, secretFor: (accessKeyId: string) => string | undefined): Promise<SignatureCheck> {
  const match = AUTHORIZATION.exec(String(req.headers.authorization ?? ''));
  if (!match) return { valid: false, reason: `malformed authorization header: ${req.headers.authorization}` };
  const [, accessKeyId = '', , region = '', service = '', signedList = ''] = match;
  const secretAccessKey = secretFor(accessKeyId);
  if (!secretAccessKey) return { valid: false, reason: `unknown access key ${accessKeyId}` };
  const signedHeaders = signedList.split(';');
  const headers: Record<string, string> = {};
  for (const name of signedHeaders) {
    const value = req.headers[name];
    if (value === undefined) return { valid: false, reason: `signed header ${name} is missing` };
    headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const stamp = String(req.headers['x-amz-date'] ?? '');
  const signingDate = new Date(stamp.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'));
  if (Number.isNaN(signingDate.getTime())) return { valid: false, reason: `bad x-amz-date ${stamp}` };
  const sessionToken = req.headers['x-amz-security-token'];
  const signer = new SignatureV4({
    credentials: { accessKeyId, secretAccessKey, ...(typeof sessionToken === 'string' ? { sessionToken } : {}) },
    region,
    service,
    sha256: NodeSha256,
    applyChecksum: signedHeaders.includes('x-amz-content-sha256'),
  });
  const url = new URL(req.url ?? '/', 'http://localhost');
  const query: Record<string, string> = {};
  url.searchParams.forEach((value, key) => (query[key] = value));
  const expected = await signer.sign(
    { method: req.method ?? 'GET', protocol: 'http:', hostname: String(req.headers.host ?? ''), path: url.pathname, query, headers, ...(body ? { body } : {}) },
    { signingDate },
  );
  if (expected.headers.authorization !== req.headers.authorization) {
    return { valid: false, reason: `signature mismatch: expected ${expected.headers.authorization}` };
  }
  return { valid: true, accessKeyId, region, service, signedHeaders };
}
