/**
 * A KMS-protocol test host: node:http speaking AWS JSON 1.1 (`x-amz-target: TrentService.<Op>`),
 * driven by the real `@aws-sdk/client-kms`. Keys are AES-256 keys in memory; the encryption
 * context is bound as AES-GCM additional data, so a wrong context fails like real KMS. Faults can
 * be armed: disabled key, key pending deletion, throttling, 5xx.
 */
import { KMSClient } from '@aws-sdk/client-kms';
import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const REGION = 'us-east-1';
const ACCOUNT = '111122223333';

interface HostKey {
  id: string;
  arn: string;
  material: Buffer;
  state: 'Enabled' | 'Disabled' | 'PendingDeletion';
}

class KmsFault extends Error {
  constructor(readonly type: string, message: string, readonly status = 400) {
    super(message);
  }
}

/** A running KMS test host. */
export interface KmsHost {
  endpoint: string;
  /** Calls received per operation (including failed ones). */
  calls: Record<string, number>;
  /** Creates an enabled key; returns its ARN. `alias` (e.g. `alias/payloads`) is optional. */
  createKey(alias?: string): string;
  /** Points an alias at another key (how key rotation by alias looks to clients). */
  updateAlias(alias: string, keyIdOrArn: string): void;
  disableKey(keyIdOrArn: string): void;
  enableKey(keyIdOrArn: string): void;
  scheduleKeyDeletion(keyIdOrArn: string): void;
  /** The next `count` requests fail with `ThrottlingException`. */
  throttleNext(count: number): void;
  /** The next `count` requests fail with HTTP `status` `KMSInternalException`. */
  failNext(count: number, status?: number): void;
  /** A client for this host (no retries unless asked, so faults surface at once). */
  client(maxAttempts?: number): KMSClient;
  stop(): Promise<void>;
}

const contextAad = (context: unknown): Buffer => {
  if (context === undefined || context === null) return Buffer.alloc(0);
  if (typeof context !== 'object') throw new KmsFault('ValidationException', 'EncryptionContext must be a map');
  const entries = Object.entries(context as Record<string, string>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Buffer.from(JSON.stringify(entries), 'utf8');
};

/**
 * Starts the KMS test host on 127.0.0.1 (port 0).
 *
 * @example
 * ```ts
 * const kms = await startKmsHost();
 * const keyArn = kms.createKey('alias/payloads');
 * const provider = createKmsKeyProvider({ keyId: 'alias/payloads', client: kms.client() });
 * ```
 */
export async function startKmsHost(): Promise<KmsHost> {
  const keys = new Map<string, HostKey>();
  const aliases = new Map<string, string>();
  const calls: Record<string, number> = {};
  let throttles = 0;
  let failures = { count: 0, status: 500 };
  const clients: KMSClient[] = [];

  const resolveKey = (keyId: unknown): HostKey => {
    if (typeof keyId !== 'string' || keyId === '') throw new KmsFault('ValidationException', 'KeyId is required');
    let id = keyId;
    const aliasName = /^(?:arn:aws:kms:[^:]+:\d+:)?(alias\/.+)$/.exec(keyId)?.[1];
    if (aliasName !== undefined) id = aliases.get(aliasName) ?? '';
    id = /key\/([^/]+)$/.exec(id)?.[1] ?? id;
    const key = keys.get(id);
    if (key === undefined) throw new KmsFault('NotFoundException', `Key '${keyId}' does not exist`);
    return key;
  };
  const usable = (key: HostKey): HostKey => {
    if (key.state === 'Disabled') throw new KmsFault('DisabledException', `${key.arn} is disabled.`);
    if (key.state === 'PendingDeletion') throw new KmsFault('KMSInvalidStateException', `${key.arn} is pending deletion.`);
    return key;
  };
  const base64 = (value: unknown, field: string): Buffer => {
    if (typeof value !== 'string') throw new KmsFault('ValidationException', `${field} is required`);
    return Buffer.from(value, 'base64');
  };

  const seal = (key: HostKey, plaintext: Buffer, context: unknown): Buffer => {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key.material, iv);
    cipher.setAAD(contextAad(context));
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    const id = Buffer.from(key.id, 'utf8');
    return Buffer.concat([Buffer.from([1, id.length]), id, iv, cipher.getAuthTag(), body]);
  };
  const open = (blob: Buffer, context: unknown, expectedKeyId: unknown): { key: HostKey; plaintext: Buffer } => {
    const invalid = (): never => { throw new KmsFault('InvalidCiphertextException', ''); };
    if (blob.length < 2 || blob[0] !== 1) invalid();
    const idLength = blob[1] ?? 0;
    const key = keys.get(blob.subarray(2, 2 + idLength).toString('utf8'));
    if (key === undefined) return invalid();
    if (expectedKeyId !== undefined && resolveKey(expectedKeyId).id !== key.id) {
      throw new KmsFault('IncorrectKeyException', 'The key ID in the request does not identify a CMK that can perform this operation.');
    }
    usable(key);
    const rest = blob.subarray(2 + idLength);
    if (rest.length < 28) invalid();
    try {
      const decipher = createDecipheriv('aes-256-gcm', key.material, rest.subarray(0, 12));
      decipher.setAAD(contextAad(context));
      decipher.setAuthTag(rest.subarray(12, 28));
      return { key, plaintext: Buffer.concat([decipher.update(rest.subarray(28)), decipher.final()]) };
    } catch {
      return invalid();
    }
  };

  const operations: Record<string, (body: Record<string, unknown>) => Record<string, unknown>> = {
    GenerateDataKey: (body) => {
      const key = usable(resolveKey(body['KeyId']));
      const spec = body['KeySpec'] ?? 'AES_256';
      const bytes = spec === 'AES_256' ? 32 : spec === 'AES_128' ? 16 : typeof body['NumberOfBytes'] === 'number' ? body['NumberOfBytes'] : 0;
      if (bytes < 1 || bytes > 1024) throw new KmsFault('ValidationException', 'KeySpec or NumberOfBytes is required');
      const plaintext = randomBytes(bytes);
      return { KeyId: key.arn, Plaintext: plaintext.toString('base64'), CiphertextBlob: seal(key, plaintext, body['EncryptionContext']).toString('base64') };
    },
    Encrypt: (body) => {
      const key = usable(resolveKey(body['KeyId']));
      const blob = seal(key, base64(body['Plaintext'], 'Plaintext'), body['EncryptionContext']);
      return { KeyId: key.arn, CiphertextBlob: blob.toString('base64'), EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' };
    },
    Decrypt: (body) => {
      const { key, plaintext } = open(base64(body['CiphertextBlob'], 'CiphertextBlob'), body['EncryptionContext'], body['KeyId']);
      return { KeyId: key.arn, Plaintext: plaintext.toString('base64'), EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' };
    },
    DescribeKey: (body) => {
      const key = resolveKey(body['KeyId']);
      return { KeyMetadata: { KeyId: key.id, Arn: key.arn, Enabled: key.state === 'Enabled', KeyState: key.state, KeySpec: 'SYMMETRIC_DEFAULT', KeyUsage: 'ENCRYPT_DECRYPT' } };
    },
  };

  const send = (res: ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': randomUUID() });
    res.end(JSON.stringify(body));
  };

  const handle = (req: IncomingMessage, res: ServerResponse, raw: string): void => {
    const target = String(req.headers['x-amz-target'] ?? '');
    const operation = target.startsWith('TrentService.') ? target.slice('TrentService.'.length) : '';
    calls[operation] = (calls[operation] ?? 0) + 1;
    try {
      if (req.method !== 'POST' || !String(req.headers['content-type'] ?? '').startsWith('application/x-amz-json-1.1')) {
        throw new KmsFault('ValidationException', 'Expected POST with application/x-amz-json-1.1');
      }
      const run = operations[operation];
      if (run === undefined) throw new KmsFault('UnknownOperationException', `Unknown operation ${target}`);
      if (throttles > 0) { throttles -= 1; throw new KmsFault('ThrottlingException', 'Rate exceeded'); }
      if (failures.count > 0) { failures.count -= 1; throw new KmsFault('KMSInternalException', 'Injected internal failure', failures.status); }
      let body: unknown;
      try { body = raw === '' ? {} : JSON.parse(raw); } catch { throw new KmsFault('SerializationException', 'Malformed JSON'); }
      send(res, 200, run(body as Record<string, unknown>));
    } catch (error) {
      if (error instanceof KmsFault) send(res, error.status, { __type: error.type, message: error.message });
      else send(res, 500, { __type: 'KMSInternalException', message: String(error) });
    }
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    endpoint,
    calls,
    createKey(alias) {
      const id = randomUUID();
      const key: HostKey = { id, arn: `arn:aws:kms:${REGION}:${ACCOUNT}:key/${id}`, material: randomBytes(32), state: 'Enabled' };
      keys.set(id, key);
      if (alias !== undefined) aliases.set(alias, id);
      return key.arn;
    },
    updateAlias: (alias, keyId) => { aliases.set(alias, resolveKey(keyId).id); },
    disableKey: (keyId) => { resolveKey(keyId).state = 'Disabled'; },
    enableKey: (keyId) => { resolveKey(keyId).state = 'Enabled'; },
    scheduleKeyDeletion: (keyId) => { resolveKey(keyId).state = 'PendingDeletion'; },
    throttleNext: (count) => { throttles = count; },
    failNext: (count, status = 500) => { failures = { count, status }; },
    client(maxAttempts = 1) {
      const client = new KMSClient({ endpoint, region: REGION, credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts });
      clients.push(client);
      return client;
    },
    stop: async () => {
      for (const client of clients) client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
