/**
 * The internal API an operation module works with (see docs/architecture.md, "Adding an
 * operation"): one handle per durable call, created by `DurableContextImpl.beginOperation`,
 * holding the operation's ids and giving access to its record, replay validation, checkpoints,
 * lifecycle states, serdes with failure handling, and waiting.
 */
import { afterTurns, valueAfterTurns } from '../engine/durable-promise.js';
import { anchorShape } from '../engine/shape-anchors.js';
import { SerdesFailedError } from '../errors.js';
import type { OperationRecord } from '../engine/execution-state.js';
import { hashOperationId } from '../engine/ids.js';
import type { Invocation } from '../engine/invocation.js';
import type { PendingUpdate } from '../engine/checkpoint-pipeline.js';
import { replayMismatch } from '../engine/replay-validation.js';
import type { OperationLifecycleState } from '../engine/suspension.js';
import type { OperationType } from '../protocol.js';
import { defaultSerdes } from '../serdes/serdes.js';
import type { Serdes, SerdesContext } from '../serdes/serdes.js';

/** Type and subtype an operation writes (and that replay validation compares). */
export interface OperationKind {
  readonly type: OperationType;
  readonly subType: string | undefined;
}

/** One durable call in progress. */
export class OperationHandle {
  /** Wire id (md5-16 of {@link rawId}). */
  readonly wireId: string;

  constructor(
    readonly invocation: Invocation,
    /** Raw counter-path id, e.g. `"2-1"`. */
    readonly rawId: string,
    /** Raw id written as `ParentId` (undefined at the root and under root-level virtual contexts). */
    readonly parentRawId: string | undefined,
    /** The user's name, verbatim. */
    readonly name: string | undefined,
    readonly kind: OperationKind,
    /** Precomputed {@link wireId}, when the caller hashed `rawId` already. */
    wireId?: string,
  ) {
    this.wireId = wireId ?? hashOperationId(rawId);
  }

  /** The operation's current record (live: checkpoint responses update it). */
  record(): OperationRecord | undefined {
    return this.invocation.state.get(this.wireId);
  }

  /** What serdes receive for this operation. */
  get serdesContext(): SerdesContext {
    return { entityId: this.rawId, durableExecutionArn: this.invocation.durableExecutionArn };
  }

  /**
   * Replay validation (§4.5) of `record` (the current one by default). On mismatch the
   * execution ends FAILED and `false` is returned; the caller then returns {@link park}.
   */
  validateReplay(record: OperationRecord | undefined = this.record()): boolean {
    const mismatch = replayMismatch({
      rawId: this.rawId,
      record,
      expected: { type: this.kind.type, name: this.name, subType: this.kind.subType },
    });
    if (!mismatch) return true;
    this.invocation.tracker.terminate({ kind: 'fail', reason: 'NON_DETERMINISM', error: mismatch });
    return false;
  }

  /**
   * Queues an update for this operation (Id, ParentId, Name, Type and SubType filled in);
   * resolves when acknowledged.
   */
  checkpoint(update: PendingUpdate['update']): Promise<void> {
    return this.invocation.pipeline.enqueue({
      rawId: this.rawId,
      parentRawId: this.parentRawId,
      update: { Type: this.kind.type, SubType: this.kind.subType, Name: this.name, ...update },
    });
  }

  /** Reports the operation's lifecycle state to the suspension tracker. */
  setState(state: OperationLifecycleState): void {
    this.invocation.tracker.setState(this.rawId, state, this.kind.subType);
  }

  /** Serialises `value`; a throwing serdes ends the invocation (SerdesFailedError, retried). */
  async serialize<T>(serdes: Pick<Serdes<T>, 'serialize'>, value: T | undefined): Promise<string | undefined> {
    try {
      return await serdes.serialize(value, this.serdesContext);
    } catch (error) {
      return this.halt(this.serdesError('Serialization', error));
    }
  }

  /** Deserialises `data`; a throwing serdes ends the invocation (SerdesFailedError, retried). */
  deserialize<T>(serdes: Pick<Serdes<T>, 'deserialize'>, data: string | undefined): Promise<T> {
    return this.deserializeAfterTurns(serdes, data, 0);
  }

  /**
   * {@link deserialize}, settled `turns` microtask turns later; never rejects (a failing serdes
   * ends the invocation). The default serdes is plain JSON, parsed here without promises of its
   * own (the replay hot path).
   */
  deserializeAfterTurns<T>(serdes: Pick<Serdes<T>, 'deserialize'>, data: string | undefined, turns: number): Promise<T> {
    if (serdes !== defaultSerdes) return afterTurns(this.deserializeWith(serdes, data), turns);
    let value: T;
    try {
      value = (data === undefined ? undefined : JSON.parse(data)) as T;
    } catch (error) {
      return this.halt(this.serdesError('Deserialization', error));
    }
    return valueAfterTurns(value, turns);
  }

  private async deserializeWith<T>(serdes: Pick<Serdes<T>, 'deserialize'>, data: string | undefined): Promise<T> {
    try {
      return (await serdes.deserialize(data, this.serdesContext)) as T;
    } catch (error) {
      return this.halt(this.serdesError('Deserialization', error));
    }
  }

  /** Serialise then deserialise: first-run values equal what replay returns (§6). */
  async roundTrip<T>(serdes: Serdes<T>, value: T | undefined): Promise<{ serialized: string | undefined; value: T }> {
    const serialized = await this.serialize(serdes, value);
    return { serialized, value: await this.deserialize(serdes, serialized) };
  }

  /** Ends the invocation with `error` (classified by the invocation); never settles. */
  halt<T = never>(error: unknown): Promise<T> {
    const reason = error instanceof SerdesFailedError ? 'SERDES_FAILED' : 'UNRECOVERABLE';
    return this.invocation.halt<T>(error, reason);
  }

  /** A promise that never settles: the invocation is ending. */
  park<T = never>(): Promise<T> {
    return this.invocation.tracker.park<T>();
  }

  /** Waits until the record's status differs from `fromStatus`, polling as §5.4 describes. */
  waitForStatusChange(fromStatus: string | undefined, endTime?: Date): Promise<OperationRecord> {
    return this.invocation.waiter.waitForStatusChange(this.wireId, fromStatus, endTime);
  }

  private serdesError(what: 'Serialization' | 'Deserialization', error: unknown): SerdesFailedError {
    const detail = error instanceof Error ? error.message : String(error);
    const label = this.name === undefined ? `(${this.rawId})` : `"${this.name}" (${this.rawId})`;
    return new SerdesFailedError(
      `${what} failed for step ${label}: ${detail}`,
      error instanceof Error ? error : undefined,
    );
  }
}

// See engine/shape-anchors.ts: a replay creates one handle per operation and drops them all.
anchorShape(new OperationHandle(undefined as never, '0', undefined, undefined, { type: 'STEP', subType: 'Step' }, '0'));
