/** `durable-lambda decode`: reads encrypted, compressed or offloaded payloads. */
import { escapeControl } from './terminal-text.js';
import { inspect } from 'node:util';
import type { HistoryEvent } from '../protocol.js';
import type { BlobStore } from '../serdes/blob-store.js';
import { createFileBlobStore } from '../serdes/blob-store.js';
import { decodePayload } from '../serdes/decode-payload.js';
import { describePayload } from '../serdes/envelope.js';
import type { KeyProvider } from '../serdes/key-provider.js';
import { createLocalKeyProvider } from '../serdes/local-key-provider.js';
import { readTextArg, serviceUrl } from './cli-input.js';
import { CliUsageError, parseCommandArgs, type CliCommand, type CliIo } from './command.js';
import { fetchHistory, type ExecutionHistoryDocument } from './fetch-history.js';
import { recoverRawIds } from './raw-ids.js';

const HELP = `Usage: durable-lambda decode <payload|@file> [--arn <arn> --operation-id <raw-id>] [options]
       durable-lambda decode --history <execution-arn|@history.json> [options]

Decodes a checkpointed payload (plain, compressed, encrypted or offloaded; the envelope says
which), or every payload of a whole history, and prints the values.

Options:
  --history <arn|@file>   decode every payload of an execution: its ARN (read from a running
                          serve, see --url) or a file written by "durable-lambda history --json"
  --arn <arn>             execution ARN the payload belongs to (needed for encrypted payloads)
  --operation-id <id>     raw operation id ("1", "2-1") the payload belongs to (encrypted payloads)
  --key-file <file>       local key file (createLocalKeyProvider); repeat for older keys
  --kms-key <key-id>      AWS KMS key (createKmsKeyProvider; needs @aws-sdk/client-kms)
  --store-dir <dir>       file blob store of offloaded payloads (createFileBlobStore)
  --s3-bucket <bucket>    S3 blob store of offloaded payloads (needs @aws-sdk/client-s3)
  --kms-endpoint <url>    KMS endpoint other than AWS's (a local emulator)
  --s3-endpoint <url>     S3 endpoint other than AWS's (path-style: MinIO, s3rver, LocalStack)
  --url <url>             service endpoint for --history <arn>
  --json                  print JSON (one object per payload with --history)
  -h, --help              show this help

Example:
  durable-lambda decode --history @history.json --key-file .durable-lambda/dev.key --store-dir .payloads`;

interface Sources {
  keyProvider?: KeyProvider;
  store?: BlobStore;
}

/** An endpoint option, only together with the option it serves. */
const endpointOption = (name: string, value: unknown, serves: unknown): string | undefined => {
  if (typeof value !== 'string') return undefined;
  if (serves === undefined) throw new CliUsageError(`decode: --${name} goes with --${name.startsWith('kms') ? 'kms-key' : 's3-bucket'}`);
  if (!/^https?:\/\/[^/]/.test(value)) throw new CliUsageError(`decode: --${name} must be an http(s) URL, got ${JSON.stringify(value)}`);
  return value;
};

const sourcesFrom = async (values: Record<string, unknown>): Promise<Sources> => {
  const keyFiles = (values['key-file'] as string[] | undefined) ?? [];
  if (keyFiles.length > 0 && values['kms-key'] !== undefined) throw new CliUsageError('decode: give --key-file or --kms-key, not both');
  if (values['store-dir'] !== undefined && values['s3-bucket'] !== undefined) throw new CliUsageError('decode: give --store-dir or --s3-bucket, not both');
  const sources: Sources = {};
  const [keyFile, ...previousKeyFiles] = keyFiles;
  if (keyFile !== undefined) {
    try {
      sources.keyProvider = createLocalKeyProvider({ keyFile, previousKeyFiles, create: false, allowInLambda: true });
    } catch (error) {
      throw new CliUsageError(`decode: ${(error as Error).message}`);
    }
  }
  const kmsEndpoint = endpointOption('kms-endpoint', values['kms-endpoint'], values['kms-key']);
  const s3Endpoint = endpointOption('s3-endpoint', values['s3-endpoint'], values['s3-bucket']);
  if (typeof values['kms-key'] === 'string') {
    const { createKmsKeyProvider } = await import('../kms.js');
    sources.keyProvider = createKmsKeyProvider({ keyId: values['kms-key'], ...(kmsEndpoint ? { clientConfig: { endpoint: kmsEndpoint } } : {}) });
  }
  if (typeof values['store-dir'] === 'string') sources.store = createFileBlobStore({ directory: values['store-dir'] });
  if (typeof values['s3-bucket'] === 'string') {
    const { createS3BlobStore } = await import('../s3.js');
    sources.store = createS3BlobStore({ bucket: values['s3-bucket'], ...(s3Endpoint ? { clientConfig: { endpoint: s3Endpoint, forcePathStyle: true } } : {}) });
  }
  return sources;
};

/** True for values JSON represents exactly (no Date, Map, BigInt, undefined...). */
const isPlainJson = (value: unknown): boolean => {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(isPlainJson);
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) return Object.values(value).every(isPlainJson);
  return false;
};

/** JSON when exact, else Node's inspection (extended types: Date, Map, BigInt...). */
const render = (value: unknown): string => (isPlainJson(value) ? JSON.stringify(value) : inspect(value, { depth: null, breakLength: Infinity }));

/** A JSON value for `--json` output: the value itself when exact, else its inspection text. */
const jsonValue = (value: unknown): Record<string, unknown> => (isPlainJson(value) ? { value } : { inspected: render(value) });

const describeShort = (data: string): string => {
  const d = describePayload(data);
  if (d.kind === 'plain') return `plain, ${d.checkpointBytes} B`;
  return [d.format, d.compression, d.encryption ? `encrypted with ${d.encryption.keyId}` : undefined, d.offload ? `offloaded ${d.offload.bytes} B` : undefined]
    .filter((s) => s !== undefined)
    .join(', ');
};

const decodeOne = async (data: string, context: { durableExecutionArn: string; entityId: string }, sources: Sources): Promise<unknown> => {
  const d = describePayload(data);
  if (d.encryption && !sources.keyProvider) throw new Error(`the payload is encrypted with ${d.encryption.keyId}: pass --key-file or --kms-key`);
  if (d.offload && !sources.store) throw new Error(`the payload is offloaded (${d.offload.key}): pass --store-dir or --s3-bucket`);
  return decodePayload(data, { context, ...sources });
};

/** Every payload of a history with where it came from. */
const payloadsOf = (events: readonly HistoryEvent[]): { event: HistoryEvent; field: string; data: string }[] => {
  const out: { event: HistoryEvent; field: string; data: string }[] = [];
  for (const event of events) {
    const details = event[`${event.EventType}Details` as keyof HistoryEvent] as Record<string, { Payload?: unknown }> | undefined;
    for (const field of ['Input', 'Result']) {
      const data = details?.[field]?.Payload;
      if (typeof data === 'string') out.push({ event, field, data });
    }
  }
  return out;
};

const loadHistory = async (value: string, url: string): Promise<ExecutionHistoryDocument> => {
  if (!value.startsWith('@')) return fetchHistory(url, value);
  const text = readTextArg('decode', '--history', value);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new CliUsageError(`decode: --history file is not valid JSON: ${(error as Error).message}`);
  }
  const doc = parsed as Partial<ExecutionHistoryDocument>;
  if (doc === null || typeof doc !== 'object' || !Array.isArray(doc.Events) || typeof doc.DurableExecutionArn !== 'string') {
    throw new CliUsageError('decode: --history file must be the output of "durable-lambda history --json" ({DurableExecutionArn, Events})');
  }
  return doc as ExecutionHistoryDocument;
};

const decodeHistory = async (doc: ExecutionHistoryDocument, sources: Sources, json: boolean, io: CliIo): Promise<number> => {
  const rawIds = recoverRawIds(doc.Events);
  let failures = 0;
  const payloads = payloadsOf(doc.Events);
  for (const { event, field, data } of payloads) {
    const isExecution = event.EventType.startsWith('Execution');
    const entityId = isExecution ? '' : event.Id === undefined ? undefined : rawIds.get(event.Id);
    const where = `${event.EventType}${event.Name !== undefined ? ` ${event.Name}` : ''}${entityId ? ` [${entityId}]` : ''} ${field}`;
    try {
      if (entityId === undefined) throw new Error(`cannot tell the raw id of operation ${event.Id ?? '?'}`);
      const value = await decodeOne(data, { durableExecutionArn: doc.DurableExecutionArn, entityId }, sources);
      if (json) io.out(JSON.stringify({ eventId: event.EventId, eventType: event.EventType, id: event.Id, rawId: entityId, name: event.Name, field, encoding: describeShort(data), ...jsonValue(value) }));
      else io.out(escapeControl(`#${event.EventId} ${where} (${describeShort(data)}): ${render(value)}`));
    } catch (error) {
      failures += 1;
      const message = (error as Error).message.replace(/\s+/g, ' ');
      if (json) io.out(JSON.stringify({ eventId: event.EventId, eventType: event.EventType, id: event.Id, field, error: message }));
      else io.out(escapeControl(`#${event.EventId} ${where}: cannot decode: ${message}`));
    }
  }
  if (failures > 0) io.err(`durable-lambda decode: ${failures} of ${payloads.length} payloads could not be decoded`);
  return failures === 0 ? 0 : 1;
};

export const decodeCommand: CliCommand = {
  name: 'decode',
  summary: 'decode encrypted, compressed or offloaded payloads (one, or a whole history)',
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs('decode', args, {
      history: { type: 'string' },
      arn: { type: 'string' },
      'operation-id': { type: 'string' },
      'key-file': { type: 'string', multiple: true },
      'kms-key': { type: 'string' },
      'store-dir': { type: 'string' },
      's3-bucket': { type: 'string' },
      'kms-endpoint': { type: 'string' },
      's3-endpoint': { type: 'string' },
      url: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    });
    if (values.help === true) {
      io.out(HELP);
      return 0;
    }
    const json = values.json === true;
    if (typeof values.history === 'string') {
      if (positionals.length > 0) throw new CliUsageError('decode: give a payload or --history, not both');
      const sources = await sourcesFrom(values);
      return decodeHistory(await loadHistory(values.history, serviceUrl('decode', values.url)), sources, json, io);
    }
    const [payload, ...extra] = positionals;
    if (payload === undefined) throw new CliUsageError('decode: give a payload (text or @file) or --history <arn|@file>');
    if (extra.length > 0) throw new CliUsageError(`decode: unexpected argument ${JSON.stringify(extra[0])}`);
    const data = readTextArg('decode', 'payload', payload).trim();
    const sources = await sourcesFrom(values);
    const encrypted = describePayload(data).encryption !== undefined;
    if (encrypted && (typeof values.arn !== 'string' || typeof values['operation-id'] !== 'string')) {
      throw new CliUsageError('decode: the payload is encrypted and bound to its execution and operation: pass --arn <execution-arn> and --operation-id <raw id, e.g. 2-1>');
    }
    const context = { durableExecutionArn: typeof values.arn === 'string' ? values.arn : '', entityId: typeof values['operation-id'] === 'string' ? values['operation-id'] : '' };
    const value = await decodeOne(data, context, sources);
    io.out(json ? JSON.stringify({ encoding: describeShort(data), ...jsonValue(value) }) : escapeControl(`${describeShort(data)}: ${render(value)}`));
    return 0;
  },
};
