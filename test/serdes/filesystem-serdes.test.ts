import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  buildPreview as officialBuildPreview,
  createFileSystemSerdes as officialCreateFileSystemSerdes,
  FileSystemPathEncoding as OfficialPathEncoding,
  FileSystemSerdesMode as OfficialMode,
} from '@aws/durable-execution-sdk-js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashOperationId } from '../../src/engine/ids.js';
import { withDurableExecution } from '../../src/handler.js';
import { BlobStoreError, PayloadFormatError, PayloadSerializationError } from '../../src/serdes/errors.js';
import {
  buildPreview,
  createFileSystemSerdes,
  FileSystemPathEncoding,
  FileSystemSerdesMode,
  PreviewMode,
} from '../../src/serdes/filesystem-serdes.js';
import type { DurableContext } from '../../src/types.js';
import { driveToCompletion } from '../support/drive.js';
import { FakeCheckpointClient, TEST_ARN } from '../support/fake-checkpoint-client.js';

const context = { entityId: '2-1', durableExecutionArn: TEST_ARN };
let base: string;

beforeEach(async () => {
  base = await mkdtemp(join(tmpdir(), 'fs-serdes-'));
});
afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

describe('createFileSystemSerdes', () => {
  it('ALWAYS (default): writes <base>/<function>/<execution>/<invocation>/<entityId>.json and checkpoints a pointer', async () => {
    const serdes = createFileSystemSerdes(base);
    const data = await serdes.serialize({ id: 7, items: [1, 2] }, context);
    const path = join(base, 'fn', 'exec-1', 'inv-1', '2-1.json');
    expect(data).toBe(JSON.stringify({ file: path }));
    expect(await readFile(path, 'utf8')).toBe('{"id":7,"items":[1,2]}');
    expect(await serdes.deserialize(data, context)).toEqual({ id: 7, items: [1, 2] });
    expect(await serdes.serialize(undefined, context)).toBeUndefined();
    expect(await serdes.deserialize(undefined, context)).toBeUndefined();
  });

  it('adds the preview next to the pointer', async () => {
    const serdes = createFileSystemSerdes(base, {
      generatePreview: (value) => buildPreview(value, { mode: PreviewMode.EXCLUDE_ALL, include: [{ name: 'id' }], mask: [{ name: 'email' }] }),
    });
    const data = await serdes.serialize({ id: 'o-1', user: { email: 'a@b.c', name: 'A' } }, context);
    expect(JSON.parse(data as string)).toEqual({ file: join(base, 'fn', 'exec-1', 'inv-1', '2-1.json'), preview: { id: 'o-1', user: { email: '***' } } });
    // No preview (undefined) means no "preview" key.
    const bare = await createFileSystemSerdes(base, { generatePreview: () => undefined }).serialize(1, context);
    expect(JSON.parse(bare as string)).toEqual({ file: join(base, 'fn', 'exec-1', 'inv-1', '2-1.json') });
  });

  it('OVERFLOW keeps values inline until the envelope passes 256 KiB - 1 KiB, then writes a file', async () => {
    const serdes = createFileSystemSerdes(base, { storageMode: FileSystemSerdesMode.OVERFLOW });
    const small = await serdes.serialize({ a: 1 }, context);
    expect(small).toBe(JSON.stringify({ data: '{"a":1}' }));
    expect(await serdes.deserialize(small, context)).toEqual({ a: 1 });
    const limit = 256 * 1024 - 1024;
    const fits = 'x'.repeat(limit - JSON.stringify({ data: JSON.stringify('') }).length);
    expect(Buffer.byteLength(JSON.stringify({ data: JSON.stringify(fits) }))).toBe(limit);
    expect(JSON.parse((await serdes.serialize(fits, context)) as string)).toHaveProperty('data');
    const big = `${fits}x`;
    const overflowed = await serdes.serialize(big, context);
    expect(JSON.parse(overflowed as string)).toEqual({ file: join(base, 'fn', 'exec-1', 'inv-1', '2-1.json') });
    expect(await serdes.deserialize(overflowed, context)).toBe(big);
  });

  it('HASH encodes the ARN and the entity id as SHA-256 names; URI falls back to one encoded directory for other ARNs', async () => {
    const sha = (s: string) => createHash('sha256').update(s).digest('hex');
    const hashed = await createFileSystemSerdes(base, { pathEncoding: FileSystemPathEncoding.HASH }).serialize('v', context);
    expect(hashed).toBe(JSON.stringify({ file: join(base, sha(TEST_ARN), `${sha('2-1')}.json`) }));
    const local = { entityId: 'a/b', durableExecutionArn: 'local:exec/1' };
    const uri = await createFileSystemSerdes(base).serialize('v', local);
    expect(uri).toBe(JSON.stringify({ file: join(base, encodeURIComponent('local:exec/1'), 'a%2Fb.json') }));
    expect(await createFileSystemSerdes(base).deserialize(uri, local)).toBe('v');
  });

  it('writes exactly what the official SDK writes, and each reads the other', async () => {
    const values = [{ id: 1, nested: { list: [1, 'two', null] } }, 'text', 0, null, [true]];
    for (const [mode, officialMode] of [
      [FileSystemSerdesMode.ALWAYS, OfficialMode.ALWAYS],
      [FileSystemSerdesMode.OVERFLOW, OfficialMode.OVERFLOW],
    ] as const) {
      for (const [encoding, officialEncoding] of [
        [FileSystemPathEncoding.URI, OfficialPathEncoding.URI],
        [FileSystemPathEncoding.HASH, OfficialPathEncoding.HASH],
      ] as const) {
        const preview = (value: unknown) => buildPreview(value, { mode: PreviewMode.INCLUDE_ALL });
        const officialPreview = (value: unknown) => officialBuildPreview(value, { mode: 'INCLUDE_ALL' as never });
        const ours = createFileSystemSerdes(join(base, 'ours'), { storageMode: mode, pathEncoding: encoding, generatePreview: preview });
        const theirs = officialCreateFileSystemSerdes(join(base, 'ours'), { storageMode: officialMode, pathEncoding: officialEncoding, generatePreview: officialPreview });
        for (const value of values) {
          const ourData = await ours.serialize(value, context);
          const ourFile = mode === FileSystemSerdesMode.ALWAYS ? await readFile(JSON.parse(ourData as string).file as string, 'utf8') : undefined;
          const theirData = await theirs.serialize(value, context);
          expect(ourData).toBe(theirData);
          if (ourFile !== undefined) expect(await readFile(JSON.parse(theirData as string).file as string, 'utf8')).toBe(ourFile);
          expect(await ours.deserialize(theirData, context)).toEqual(value);
          expect(await theirs.deserialize(ourData, context)).toEqual(value);
        }
      }
    }
  });

  it('rejects what it cannot read with clear errors', async () => {
    const serdes = createFileSystemSerdes(base);
    await expect(serdes.deserialize('not json', context)).rejects.toThrow(PayloadFormatError);
    await expect(serdes.deserialize('not json', context)).rejects.toThrow('is not a JSON envelope');
    for (const data of ['42', '{"other":1}', '{"file":5}', 'null']) {
      await expect(serdes.deserialize(data, context)).rejects.toThrow('is not a {"file":…} or {"data":…} envelope');
    }
    await expect(serdes.deserialize('{"data":"{broken"}', context)).rejects.toThrow('the inline value of operation "2-1" is not valid JSON');
    const missing = join(base, 'gone.json');
    const notFound = serdes.deserialize(JSON.stringify({ file: missing }), context);
    await expect(notFound).rejects.toBeInstanceOf(BlobStoreError);
    await expect(notFound).rejects.toThrow(/could not read .*gone\.json.*shared, durable mount/);
    const corrupt = join(base, 'corrupt.json');
    await writeFile(corrupt, '{"half":');
    await expect(serdes.deserialize(JSON.stringify({ file: corrupt }), context)).rejects.toThrow(`the file ${corrupt} of operation "2-1" is not valid JSON`);
    await expect(serdes.serialize(() => 1, context)).rejects.toBeInstanceOf(PayloadSerializationError);
  });

  it('reports a write failure as a BlobStoreError naming the file', async () => {
    // A file where the execution directory should be: mkdir fails whoever runs the test.
    await writeFile(join(base, 'fn'), 'in the way');
    const failure = createFileSystemSerdes(base).serialize({ a: 1 }, context);
    await expect(failure).rejects.toBeInstanceOf(BlobStoreError);
    await expect(failure).rejects.toThrow(/could not write "fn\/exec-1\/inv-1\/2-1\.json"/);
  });

  it('works as the context default serdes end to end (replay reads the files back)', async () => {
    const handler = withDurableExecution(async (_e, ctx: DurableContext) => {
      ctx.configureSerdes({ defaultSerdes: createFileSystemSerdes(base) });
      const order = await ctx.step('load', async () => ({ id: 'o-9', total: 12 }));
      await ctx.wait({ seconds: 1 });
      return ctx.step('total', async () => order.total * 2);
    });
    const service = new FakeCheckpointClient();
    const outputs = await driveToCompletion({ handler, service });
    expect(outputs.at(-1)).toEqual({ Status: 'SUCCEEDED', Result: '24' });
    expect(service.get(hashOperationId('1'))?.StepDetails?.Result).toBe(JSON.stringify({ file: join(base, 'fn', 'exec-1', 'inv-1', '1.json') }));
  });
});
