/**
 * Reads a request body up to a cap. A declared `Content-Length` over the cap is refused before
 * any byte is read; a streamed body is refused as soon as it passes the cap. Listeners only
 * settle the promise: nothing is thrown from a stream listener.
 */
import type { IncomingMessage } from 'node:http';
import { DurableServiceError } from '../service-errors.js';

/** `RequestEntityTooLargeException` (HTTP 413). */
export const bodyTooLarge = (limit: number): DurableServiceError =>
  new DurableServiceError('RequestEntityTooLargeException', `Request must be smaller than ${limit} bytes for this operation.`, 413);

/** The whole body of `req`, at most `limit` bytes. */
export const readBody = (req: IncomingMessage, limit: number): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      reject(bodyTooLarge(limit));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const fail = (error: unknown): void => {
      if (done) return;
      done = true;
      req.removeAllListeners('data');
      reject(error);
    };
    req.on('data', (c: Buffer) => {
      size += c.byteLength;
      if (size > limit) fail(bodyTooLarge(limit));
      else chunks.push(c);
    });
    req.on('end', () => {
      if (done) return;
      done = true;
      try {
        resolve(Buffer.concat(chunks, size));
      } catch (error) {
        reject(error);
      }
    });
    req.on('error', fail);
  });
