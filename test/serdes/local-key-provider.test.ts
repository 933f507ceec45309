import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PayloadConfigurationError } from '../../src/serdes/errors.js';
import { isLambdaEnvironment } from '../../src/serdes/key-provider.js';
import { createLocalKeyProvider } from '../../src/serdes/local-key-provider.js';
import { createPayloadSerdes } from '../../src/serdes/payload-serdes.js';
import { ctx } from './memory-ports.js';

describe('local key provider', () => {
  let directory = '';
  beforeEach(async () => { directory = await mkdtemp(join(tmpdir(), 'keys-')); });
  afterEach(async () => { await rm(directory, { recursive: true, force: true }); });

  it('creates a private key file and encrypts payloads that a new process can read', async () => {
    const keyFile = join(directory, 'dev.key');
    const keyProvider = createLocalKeyProvider({ keyFile, env: {} });
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
    expect(Buffer.from((await readFile(keyFile, 'utf8')).trim(), 'base64')).toHaveLength(32);
    const data = await createPayloadSerdes({ encryption: { keyProvider } }).serialize({ pin: 1234 }, ctx('1'));
    const again = createLocalKeyProvider({ keyFile, env: {} });
    expect(await createPayloadSerdes({ encryption: { keyProvider: again } }).deserialize(data, ctx('1'))).toEqual({ pin: 1234 });
  });

  it('refuses to run in a Lambda environment unless explicitly allowed', () => {
    const keyFile = join(directory, 'dev.key');
    const lambda = { AWS_LAMBDA_FUNCTION_NAME: 'orders' };
    expect(() => createLocalKeyProvider({ keyFile, env: lambda })).toThrow(PayloadConfigurationError);
    expect(() => createLocalKeyProvider({ keyFile, env: lambda })).toThrow(/runs in AWS Lambda.*createKmsKeyProvider/);
    expect(() => createLocalKeyProvider({ keyFile, env: { AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x' } })).toThrow(/AWS Lambda/);
    expect(createLocalKeyProvider({ keyFile, env: lambda, allowInLambda: true })).toBeDefined();
    expect(isLambdaEnvironment({})).toBe(false);
    expect(isLambdaEnvironment({ LAMBDA_TASK_ROOT: '/var/task' })).toBe(true);
  });

  it('reads payloads of a previous key file after a key change, and rejects bad key files', async () => {
    const oldFile = join(directory, 'old.key');
    const newFile = join(directory, 'new.key');
    const oldData = await createPayloadSerdes({ encryption: { keyProvider: createLocalKeyProvider({ keyFile: oldFile, env: {} }) } }).serialize('legacy', ctx('1'));
    const withoutOld = createPayloadSerdes({ encryption: { keyProvider: createLocalKeyProvider({ keyFile: newFile, env: {} }) } });
    await expect(withoutOld.deserialize(oldData, ctx('1'))).rejects.toThrow(/not loaded; add its file to previousKeyFiles/);
    const withOld = createPayloadSerdes({ encryption: { keyProvider: createLocalKeyProvider({ keyFile: newFile, previousKeyFiles: [oldFile], env: {} }) } });
    expect(await withOld.deserialize(oldData, ctx('1'))).toBe('legacy');
    await writeFile(join(directory, 'short.key'), 'AAAA');
    expect(() => createLocalKeyProvider({ keyFile: join(directory, 'short.key'), env: {} })).toThrow(/32 bytes/);
    expect(() => createLocalKeyProvider({ keyFile: join(directory, 'none.key'), create: false, env: {} })).toThrow(/does not exist/);
  });
});
