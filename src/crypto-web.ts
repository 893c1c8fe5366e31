// SHA-256 and HMAC-SHA256 for the AK/SK signer in browsers (and any runtime without the `node`
// condition): Web Crypto, asynchronous. Chosen through the package's `imports` map (`#crypto`,
// condition `default`); Node gets crypto-node.ts. Both export the same two functions.

const encoder = new TextEncoder();

const hex = (bytes: ArrayBuffer) => Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('');

/** Lower-case hex SHA-256 of a UTF-8 string or of bytes. */
export const sha256Hex = async (data: string | Uint8Array): Promise<string> =>
  hex(
    await crypto.subtle.digest(
      'SHA-256',
      typeof data === 'string' ? encoder.encode(data) : (data as Uint8Array<ArrayBuffer>),
    ),
  );

// One imported key per owner (the credentials object): importing costs as much as a digest.
// Keyed weakly, so the secret is held no longer than the caller holds its credentials.
const keys = new WeakMap<object, { secret: string; key: Promise<CryptoKey> }>();

/** Lower-case hex HMAC-SHA256 of `message` under `secret`; the key is imported once per `owner`. */
export async function hmacSha256Hex(secret: string, message: string, owner: object): Promise<string> {
  let cached = keys.get(owner);
  if (!cached || cached.secret !== secret) {
    const key = crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
    ]);
    cached = { secret, key };
    keys.set(owner, cached);
  }
  return hex(await crypto.subtle.sign('HMAC', await cached.key, encoder.encode(message)));
}
