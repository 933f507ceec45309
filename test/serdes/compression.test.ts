import { describe, expect, it } from 'vitest';
import { createCompressor, decompress, zstdAvailable } from '../../src/serdes/compression.js';
import { describePayload } from '../../src/serdes/envelope.js';
import { PayloadConfigurationError, PayloadFormatError } from '../../src/serdes/errors.js';
import { createPayloadSerdes } from '../../src/serdes/payload-serdes.js';
import { ctx, noise } from './memory-ports.js';

const records = Array.from({ length: 2000 }, (_, i) => ({ id: i, name: `customer ${i}`, city: 'Lisbon', active: i % 2 === 0 }));

describe('compression codec', () => {
  it('compresses with brotli quality 4 by default and records the algorithm', async () => {
    const serdes = createPayloadSerdes({ compression: {} });
    const data = await serdes.serialize(records, ctx('1'));
    expect(data).toBeDefined();
    const description = describePayload(data as string);
    expect(description.compression).toBe('br');
    expect(description.checkpointBytes).toBeLessThan(JSON.stringify(records).length / 4);
    expect(await serdes.deserialize(data, ctx('1'))).toEqual(records);
  });

  it('supports gzip, and decoding follows the envelope, not the current configuration', async () => {
    const gzip = createPayloadSerdes({ compression: { algorithm: 'gzip', level: 9 } });
    const data = await gzip.serialize(records, ctx('1'));
    expect(describePayload(data as string).compression).toBe('gzip');
    const brotliReader = createPayloadSerdes({ compression: { algorithm: 'brotli' } });
    expect(await brotliReader.deserialize(data, ctx('1'))).toEqual(records);
    const plainReader = createPayloadSerdes();
    expect(await plainReader.deserialize(data, ctx('1'))).toEqual(records);
  });

  it('leaves values under the threshold, and incompressible values, plain', async () => {
    const serdes = createPayloadSerdes({ compression: { thresholdBytes: 1024 } });
    expect(await serdes.serialize({ small: true }, ctx('1'))).toBe('{"small":true}');
    const random = noise(4000);
    const data = await serdes.serialize(random, ctx('1'));
    expect(data).toBe(JSON.stringify(random));
  });

  it('uses zstd only where the runtime has it', async () => {
    if (zstdAvailable()) {
      const serdes = createPayloadSerdes({ compression: { algorithm: 'zstd' } });
      const data = await serdes.serialize(records, ctx('1'));
      expect(describePayload(data as string).compression).toBe('zstd');
      expect(await serdes.deserialize(data, ctx('1'))).toEqual(records);
    } else {
      expect(() => createCompressor({ algorithm: 'zstd' })).toThrow(PayloadConfigurationError);
      expect(() => createCompressor({ algorithm: 'zstd' })).toThrow(/Node >= 22\.15/);
      expect(() => decompress('zstd', Buffer.from([1, 2]), '7')).toThrow(/zstd.*Node >= 22\.15/);
    }
  });

  it('rejects bad levels and corrupted or oversized compressed data', () => {
    expect(() => createCompressor({ algorithm: 'brotli', level: 12 })).toThrow(/out of range/);
    expect(() => createCompressor({ algorithm: 'gzip', level: 0 })).toThrow(/out of range/);
    expect(() => decompress('gzip', Buffer.from('not gzip'), '3')).toThrow(PayloadFormatError);
    const bomb = createCompressor({ algorithm: 'gzip' }).compress(Buffer.alloc(1024 * 1024));
    expect(() => decompress('gzip', bomb, '3', 1000)).toThrow(/larger than 1000 bytes/);
  });
});
