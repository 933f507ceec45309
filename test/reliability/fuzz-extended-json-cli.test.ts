/**
 * Fuzzing two more parsers (issue 19): the extended JSON decoder (random tagged trees and
 * random text) and the CLI's inputs (random arguments to decode and history). Every failure is
 * a typed error (PayloadError / a usage line), never a raw RangeError or TypeError, a crash
 * or a hang. Fixed seeds, bounded runs.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { PayloadError } from '../../src/serdes/errors.js';
import { createExtendedJson } from '../../src/serdes/extended-json.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20261205);
const NUM_RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const codec = createExtendedJson();

const tags = fc.constantFrom('undefined', 'BigInt', 'Number', 'Date', 'Map', 'Set', 'Buffer', 'ArrayBuffer', 'Object', 'Class', 'Float64Array', 'Int16Array', 'BigInt64Array', 'constructor', '__proto__', 'toString', 'x');
const node: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, fc.json({ maxDepth: 1 }).map((t) => JSON.parse(t) as unknown), tie('tagged'), fc.array(tie('value'), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 4 }), tie('value'), { maxKeys: 3 })),
  tagged: fc.record({ $x: tags, v: fc.oneof(fc.string({ maxLength: 12 }), fc.base64String({ maxLength: 16 }), fc.array(tie('value'), { maxLength: 3 }), tie('value')), n: fc.string({ maxLength: 4 }) }, { requiredKeys: ['$x'] }),
})).value;

describe('extended JSON decoder fuzz', () => {
  it('reads any tagged tree or fails with a PayloadError', () => {
    fc.assert(
      fc.property(node, (tree) => {
        const text = JSON.stringify(tree);
        if (text === undefined) return;
        try {
          codec.fromText(text, '1');
        } catch (error) {
          expect(error, text.slice(0, 200)).toBeInstanceOf(PayloadError);
        }
      }),
      { seed: SEED, numRuns: NUM_RUNS },
    );
  });

  it('round-trips what it writes', () => {
    fc.assert(
      fc.property(fc.anything({ withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withNullPrototype: false, maxDepth: 4 }), (value) => {
        const text = codec.toText(value, '1');
        expect(codec.toText(codec.fromText(text, '1'), '1')).toBe(text);
      }),
      { seed: SEED, numRuns: NUM_RUNS },
    );
  });
});

describe('CLI input fuzz', () => {
  it('answers any decode or history arguments with an exit code and readable lines', async () => {
    const arg = fc.oneof(fc.string({ maxLength: 30 }), fc.json({ maxDepth: 2 }), fc.constantFrom('--json', '--history', '--arn', '--operation-id', '--key-file', '--url', '@', '@/nonexistent', '@/dev/null', '{"$dl":1}', '{"$x":"BigInt","v":"1"}', '-h'));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('decode', 'history'), fc.array(arg, { maxLength: 4 }), async (command, args) => {
        const lines: string[] = [];
        const argv = [command, ...args];
        // history with an ARN would reach out to a service: point it at a closed port.
        const code = await runCli(command === 'history' ? [...argv, '--url', 'http://127.0.0.1:9'] : argv, { out: (l) => lines.push(l), err: (l) => lines.push(l) });
        expect(typeof code).toBe('number');
        for (const line of lines) expect(line, argv.join(' ')).not.toMatch(/TypeError|RangeError|ReferenceError|at .*\.ts:\d+/);
      }),
      { seed: SEED, numRuns: 150 },
    );
  }, 30_000);
});
