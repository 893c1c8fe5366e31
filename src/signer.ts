// AK/SK request signing (SDK-HMAC-SHA256), as Huawei Cloud's SDKs and API gateway do it,
// written on Web Crypto so the same code signs in Node and in browsers.
//
// Canonical request = METHOD \n URI \n QUERY \n HEADERS \n SIGNED-HEADERS \n SHA256(body), where
// URI is each path segment RFC 3986-encoded once, always ending in "/"; HEADERS is every header
// sent, lower-cased and sorted, plus `host` and `x-sdk-date`. The string to sign is
// "SDK-HMAC-SHA256 \n date \n SHA256(canonical request)", signed with HMAC-SHA256 under the SK.

export interface AkSkCredentials {
  /** Access key ID. */
  ak: string;
  /** Secret access key. Used only to sign; never sent, logged or put in an error. */
  sk: string;
  /** The project to act in, sent as `X-Project-Id`. */
  projectId: string;
}

const ALGORITHM = 'SDK-HMAC-SHA256';
const encoder = new TextEncoder();

const hex = (bytes: ArrayBuffer) => Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('');
const sha256 = async (data: BufferSource) => hex(await crypto.subtle.digest('SHA-256', data));

// One imported key per credentials object: importing costs as much as a digest. Keyed weakly,
// so the secret is held no longer than the caller holds its credentials.
const keys = new WeakMap<AkSkCredentials, { sk: string; key: Promise<CryptoKey> }>();

async function hmac(credentials: AkSkCredentials, message: string) {
  let cached = keys.get(credentials);
  if (!cached || cached.sk !== credentials.sk) {
    cached = {
      sk: credentials.sk,
      key: crypto.subtle.importKey('raw', encoder.encode(credentials.sk), { name: 'HMAC', hash: 'SHA-256' }, false, [
        'sign',
      ]),
    };
    keys.set(credentials, cached);
  }
  return hex(await crypto.subtle.sign('HMAC', await cached.key, encoder.encode(message)));
}

/** RFC 3986: everything but unreserved characters percent-encoded, UTF-8, upper-case hex. */
const encode = (text: string) =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** `20261122T154040Z` */
export const sdkDate = (date: Date) =>
  date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

function canonicalUri(pathname: string) {
  // The URL holds the path percent-encoded already; decode each segment and encode it canonically.
  const uri = pathname
    .split('/')
    .map((segment) => encode(decodeURIComponent(segment)))
    .join('/');
  return uri.endsWith('/') ? uri : `${uri}/`;
}

function canonicalQuery(params: URLSearchParams) {
  return [...params]
    .map(([k, v]) => [encode(k), encode(v)])
    .sort(([a, x], [b, y]) => (a! < b! ? -1 : a! > b! ? 1 : x! < y! ? -1 : x! > y! ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

/**
 * Returns a copy of `request` signed with the credentials: `X-Sdk-Date`, `X-Project-Id` and
 * `Authorization` added. `now` fixes the clock (tests, replays).
 */
export async function signRequest(
  request: Request,
  credentials: AkSkCredentials,
  now: Date = new Date(),
): Promise<Request> {
  for (const field of ['ak', 'sk', 'projectId'] as const) {
    if (typeof credentials?.[field] !== 'string' || credentials[field] === '')
      throw new TypeError(`credentials.${field} must be a non-empty string`);
  }
  const url = new URL(request.url);
  const body = request.body === null ? new ArrayBuffer(0) : await request.arrayBuffer();
  const headers = new Headers(request.headers);
  const date = sdkDate(now);
  headers.set('X-Sdk-Date', date);
  headers.set('X-Project-Id', credentials.projectId);
  headers.delete('Authorization');

  const signed = new Map<string, string>([['host', url.host]]);
  for (const [name, value] of headers) signed.set(name, value); // names arrive lower-cased
  const names = [...signed.keys()].sort();
  const canonicalHeaders = names.map((name) => `${name}:${signed.get(name)}\n`).join('');
  const signedHeaders = names.join(';');
  const canonicalRequest = [
    request.method,
    canonicalUri(url.pathname),
    canonicalQuery(url.searchParams),
    canonicalHeaders,
    signedHeaders,
    await sha256(body),
  ].join('\n');
  const stringToSign = [ALGORITHM, date, await sha256(encoder.encode(canonicalRequest))].join('\n');
  const signature = await hmac(credentials, stringToSign);
  headers.set(
    'Authorization',
    `${ALGORITHM} Access=${credentials.ak}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
  );

  return new Request(url, {
    method: request.method,
    headers,
    body: body.byteLength ? body : null,
    signal: request.signal,
  });
}
