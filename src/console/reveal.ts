/**
 * Reveals an execution's payloads: decodes every payload of its history through the user's
 * pipeline in the console's Node process, on the user's request only. What cannot be decoded
 * says why (no key, access denied, missing blob, ...), per payload.
 */
import { inspect } from 'node:util';
import { recoverRawIds } from '../cli/raw-ids.js';
import type { EventPayload, HistoryEvent } from '../protocol.js';
import { decodePayload } from '../serdes/decode-payload.js';
import { describePayload } from '../serdes/envelope.js';
import type { PayloadSources } from './payload-sources.js';
import type { RevealedPayload } from './view-types.js';

const VALUE_LIMIT = 64 * 1024;

/** Every payload of a history with the event and field it came from. */
const payloadsOf = (events: readonly HistoryEvent[]): { event: HistoryEvent; field: string; data: string }[] => {
  const out: { event: HistoryEvent; field: string; data: string }[] = [];
  for (const event of events) {
    const details = event[`${event.EventType}Details` as keyof HistoryEvent] as Record<string, EventPayload | undefined> | undefined;
    for (const field of ['Input', 'Result']) {
      const data = details?.[field]?.Payload;
      if (typeof data === 'string') out.push({ event, field, data });
    }
  }
  return out;
};

const render = (value: unknown): string => {
  let text: string;
  try {
    text = JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v), 2) ?? inspect(value);
  } catch {
    text = inspect(value, { depth: 8 });
  }
  return text.length > VALUE_LIMIT ? `${text.slice(0, VALUE_LIMIT)}\n… (cut at ${VALUE_LIMIT} characters)` : text;
};

/** Why a payload could not be decoded, in words a user acts on. */
export const whyNotDecoded = (error: unknown): string => {
  const e = error as { name?: string; message?: string; providerErrorName?: string; cause?: { name?: string; code?: string } };
  const names = [e.name, e.providerErrorName, e.cause?.name, e.cause?.code].filter((n): n is string => typeof n === 'string');
  const message = (e.message ?? String(error)).replace(/\s+/g, ' ');
  if (names.some((n) => /AccessDenied|UnrecognizedClient|InvalidSignature|ExpiredToken|Forbidden/i.test(n))) return `access denied: ${message}`;
  if (names.includes('BlobNotFoundError')) return `missing blob: ${message}`;
  if (names.includes('DecryptionFailedError')) return `wrong key or tampered payload: ${message}`;
  return message;
};

/**
 * Decodes every payload of `events` with `sources`.
 *
 * @example
 * const revealed = await revealPayloads({ arn, events, sources });
 * revealed.filter((p) => p.error !== undefined);
 */
export const revealPayloads = async (input: { arn: string; events: readonly HistoryEvent[]; sources: PayloadSources }): Promise<RevealedPayload[]> => {
  const rawIds = recoverRawIds(input.events);
  const out: RevealedPayload[] = [];
  for (const { event, field, data } of payloadsOf(input.events)) {
    const entry: RevealedPayload = { eventId: event.EventId, field };
    try {
      const description = describePayload(data);
      if (description.encryption && !input.sources.keyProvider) throw new Error(`no key: the payload is encrypted with ${description.encryption.keyId}; start the console with --key-file or --kms-key`);
      if (description.offload && !input.sources.store) throw new Error(`no blob store: the payload is offloaded (${description.offload.key}); start the console with --store-dir or --s3-bucket`);
      const isExecution = event.EventType.startsWith('Execution');
      const entityId = isExecution ? '' : event.Id === undefined ? undefined : rawIds.get(event.Id);
      if (entityId === undefined) throw new Error(`cannot tell the raw id of operation ${event.Id ?? '?'}`);
      entry.value = render(await decodePayload(data, { context: { durableExecutionArn: input.arn, entityId }, ...input.sources }));
    } catch (error) {
      entry.error = whyNotDecoded(error);
    }
    out.push(entry);
  }
  return out;
};
