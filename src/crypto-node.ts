// SHA-256 and HMAC-SHA256 for the AK/SK signer on Node (and Deno, Bun): `node:crypto`, synchronous.
// Chosen through the package's `imports` map (`#crypto`, condition `node`); browsers get
// crypto-web.ts instead and never see `node:crypto`. Both export the same two functions.
import { createHash, createHmac } from 'node:crypto';

/** Lower-case hex SHA-256 of a UTF-8 string or of bytes. */
export const sha256Hex = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** Lower-case hex HMAC-SHA256 of `message` under `secret` (`owner` lets the Web Crypto variant cache its key). */
export const hmacSha256Hex = (secret: string, message: string, _owner: object): string =>
  createHmac('sha256', secret).update(message).digest('hex');
