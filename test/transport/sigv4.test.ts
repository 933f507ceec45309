/**
 * SigV4 signing against the real signer (@smithy/signature-v4, what the AWS SDK signs with)
 * and against the published example of the AWS documentation.
 */
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import type { AwsCredentials } from '../../src/transport/credentials.js';
import { encodeRfc3986, signRequest } from '../../src/transport/sigv4.js';
import { NodeSha256 } from '../support/sigv4-verifier.js';

const DATE = new Date('2026-03-14T15:09:26Z');
const ARN = 'arn:aws:lambda:eu-west-1:123456789012:function:orders:$LATEST/durable-execution/order-7/6f1c2a9e-0d4b-4e3a-9b7c-1f2e3d4c5b6a';
const HOST = 'lambda.eu-west-1.amazonaws.com';
const WITH_TOKEN: AwsCredentials = { accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 'secret/with+chars=', sessionToken: 'FwoGZXIvYXdzE//token+/=' };
const WITHOUT_TOKEN: AwsCredentials = { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };

interface Case {
  title: string;
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, string>;
  body?: string;
  credentials: AwsCredentials;
}

const cases: Case[] = [
  {
    title: 'POST checkpoint with an ARN path and a session token',
    method: 'POST',
    path: `/2025-12-01/durable-executions/${encodeRfc3986(ARN)}/checkpoint`,
    body: JSON.stringify({ CheckpointToken: 'T1', Updates: [{ Id: 'a', Type: 'STEP', Action: 'START' }], ClientToken: 'c0ffee' }),
    credentials: WITH_TOKEN,
  },
  {
    title: 'POST checkpoint without a session token',
    method: 'POST',
    path: `/2025-12-01/durable-executions/${encodeRfc3986(ARN)}/checkpoint`,
    body: '{"CheckpointToken":"T2","Updates":[]}',
    credentials: WITHOUT_TOKEN,
  },
  {
    title: 'GET state with query values that need encoding',
    method: 'GET',
    path: `/2025-12-01/durable-executions/${encodeRfc3986(ARN)}/state`,
    query: { MaxItems: '1000', CheckpointToken: 'tok+en/with=chars & spaces*!', Marker: "m:1~'(x)" },
    credentials: WITH_TOKEN,
  },
  {
    title: 'GET state without a session token',
    method: 'GET',
    path: `/2025-12-01/durable-executions/${encodeRfc3986(ARN)}/state`,
    query: { CheckpointToken: 'T1', Marker: '' },
    credentials: WITHOUT_TOKEN,
  },
];

const smithyAuthorization = async (c: Case, applyChecksum: boolean): Promise<Record<string, string>> => {
  const signer = new SignatureV4({ credentials: c.credentials, region: 'eu-west-1', service: 'lambda', sha256: NodeSha256, applyChecksum });
  const headers: Record<string, string> = { host: HOST, 'user-agent': 'durable-lambda/0.1.0' };
  if (c.body !== undefined) headers['content-type'] = 'application/json';
  const signed = await signer.sign(
    { method: c.method, protocol: 'https:', hostname: HOST, path: c.path, query: c.query ?? {}, headers, ...(c.body === undefined ? {} : { body: c.body }) },
    { signingDate: DATE },
  );
  return signed.headers;
};

describe('signRequest', () => {
  it('encodes like the AWS SDK: RFC 3986 unreserved characters only, so ":" is %3A and "!\'()*" are escaped', () => {
    expect(encodeRfc3986("arn:aws:lambda:x/y$z!'()*~-_.")).toBe('arn%3Aaws%3Alambda%3Ax%2Fy%24z%21%27%28%29%2A~-_.');
  });

  for (const applyChecksum of [true, false]) {
    it.each(cases)(`gives the Authorization header @smithy/signature-v4 gives: $title (x-amz-content-sha256 ${applyChecksum ? 'on' : 'off'})`, async (c) => {
      const expected = await smithyAuthorization(c, applyChecksum);
      const ours = signRequest(
        {
          method: c.method,
          host: HOST,
          path: c.path,
          ...(c.query ? { query: c.query } : {}),
          headers: c.body === undefined ? {} : { 'content-type': 'application/json' },
          ...(c.body === undefined ? {} : { body: c.body }),
        },
        { credentials: c.credentials, region: 'eu-west-1', service: 'lambda', date: DATE, contentSha256Header: applyChecksum },
      );
      expect(ours.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=\w+\/20260314\/eu-west-1\/lambda\/aws4_request, SignedHeaders=[a-z0-9;-]+, Signature=[0-9a-f]{64}$/);
      expect(ours.authorization).toBe(expected.authorization);
      expect(ours['x-amz-date']).toBe(expected['x-amz-date']);
      expect(ours['x-amz-security-token']).toBe(expected['x-amz-security-token']);
      expect(ours['x-amz-content-sha256']).toBe(expected['x-amz-content-sha256']);
    });
  }

  it('a different body, path or date gives a different signature', () => {
    const base = { method: 'POST', host: HOST, path: '/2025-12-01/durable-executions/a/checkpoint', body: '{}' };
    const options = { credentials: WITHOUT_TOKEN, region: 'eu-west-1', service: 'lambda', date: DATE };
    const signature = (headers: Record<string, string>): string => headers.authorization?.split('Signature=')[1] ?? '';
    const reference = signature(signRequest(base, options));
    expect(signature(signRequest({ ...base, body: '{ }' }, options))).not.toBe(reference);
    expect(signature(signRequest({ ...base, path: '/2025-12-01/durable-executions/b/checkpoint' }, options))).not.toBe(reference);
    expect(signature(signRequest(base, { ...options, date: new Date(DATE.getTime() + 1000) }))).not.toBe(reference);
  });

  it('matches the published AWS example (IAM ListUsers, 20150830T123600Z)', () => {
    // From the AWS General Reference "Signature Version 4 signing process" walk-through.
    const headers = signRequest(
      {
        method: 'GET',
        host: 'iam.amazonaws.com',
        path: '/',
        query: { Action: 'ListUsers', Version: '2010-05-08' },
        headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8' },
      },
      {
        credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' },
        region: 'us-east-1',
        service: 'iam',
        date: new Date('2015-08-30T12:36:00Z'),
        contentSha256Header: false,
      },
    );
    expect(headers.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, ' +
        'Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7',
    );
  });

  it('matches the AWS SigV4 test suite vector get-vanilla', () => {
    const headers = signRequest(
      { method: 'GET', host: 'example.amazonaws.com', path: '/' },
      {
        credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' },
        region: 'us-east-1',
        service: 'service',
        date: new Date('2015-08-30T12:36:00Z'),
        contentSha256Header: false,
      },
    );
    expect(headers.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, ' +
        'Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
    );
  });
});
