// AK/SK request signing (SDK-HMAC-SHA256), as Huawei Cloud's SDKs and API gateway do it.
// The hashing comes from `#crypto` (the package's `imports` map): `node:crypto`, synchronous, on
// Node; Web Crypto everywhere else, so a bundle for browsers never contains `node:crypto`.
//
// Canonical request = METHOD \n URI \n QUERY \n HEADERS \n SIGNED-HEADERS \n SHA256(body), where
// URI is each path segment RFC 3986-encoded once, always ending in "/"; HEADERS is every header
// sent, lower-cased and sorted, plus `host` and `x-sdk-date`. The string to sign is
// "SDK-HMAC-SHA256 \n date \n SHA256(canonical request)", signed with HMAC-SHA256 under the SK.
import { hmacSha256Hex, sha256Hex } from '#crypto';

export interface AkSkCredentials {
  /** Access key ID. */
  ak: string;
  /** Secret access key. Used only to sign; never sent, logged or put in an error. */
  sk: string;
  /** The project to act in, sent as `X-Project-Id`. */
  projectId: string;
}

const ALGORITHM = 'SDK-HMAC-SHA256';

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

/** A request to sign, as parts: no `Request` object needed. */
export interface RequestParts {
  method: string;
  /** The full URL, path parameters already percent-encoded, as it will be sent. */
  url: string | URL;
  /** The headers that will be sent (any case; `host` is taken from the URL unless given). */
  headers?: HeadersInit;
  /** The body exactly as it will be sent; none for an empty one. */
  body?: string | Uint8Array | ArrayBuffer | null;
}

function checkCredentials(credentials: AkSkCredentials) {
  for (const field of ['ak', 'sk', 'projectId'] as const) {
    if (typeof credentials?.[field] !== 'string' || credentials[field] === '')
      throw new TypeError(`credentials.${field} must be a non-empty string`);
  }
}

// What `Headers` does to a value: leading and trailing HTTP whitespace goes.
const trimHeader = (value: string) => value.replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, '');

/** Header names lower-cased and values trimmed, as `Headers` gives them; repeated names joined with ", ". */
function normalizedHeaders(init: HeadersInit | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!init) return out;
  if (init instanceof Headers) {
    for (const [name, value] of init) out.set(name, value); // already lower-cased, trimmed and joined
    return out;
  }
  const entries =
    Array.isArray(init) || Symbol.iterator in init ? (init as Iterable<[string, string]>) : Object.entries(init);
  for (const [name, raw] of entries) {
    const key = name.toLowerCase();
    const value = trimHeader(String(raw));
    const before = out.get(key);
    out.set(key, before === undefined ? value : `${before}, ${value}`);
  }
  return out;
}

/**
 * Signs a request given as parts and returns every header to send with it: the given ones
 * (names lower-cased) plus `x-sdk-date`, `x-project-id` and `authorization`. An `Authorization`
 * header given is replaced. `now` fixes the clock (tests, replays).
 */
export async function signParts(
  parts: RequestParts,
  credentials: AkSkCredentials,
  now: Date = new Date(),
): Promise<Record<string, string>> {
  checkCredentials(credentials);
  const url = typeof parts.url === 'string' ? new URL(parts.url) : parts.url;
  const headers = normalizedHeaders(parts.headers);
  const date = sdkDate(now);
  headers.set('x-sdk-date', date);
  headers.set('x-project-id', credentials.projectId);
  headers.delete('authorization');

  // Every header sent is signed, and `host` too (from the URL unless given).
  const names = headers.has('host') ? [...headers.keys()] : ['host', ...headers.keys()];
  names.sort();
  let canonicalHeaders = '';
  for (const name of names)
    canonicalHeaders += `${name}:${name === 'host' && !headers.has('host') ? url.host : headers.get(name)}\n`;
  const signedHeaders = names.join(';');
  const body = parts.body ?? '';
  const canonicalRequest = [
    parts.method,
    canonicalUri(url.pathname),
    url.search ? canonicalQuery(url.searchParams) : '',
    canonicalHeaders,
    signedHeaders,
    await sha256Hex(typeof body === 'string' || ArrayBuffer.isView(body) ? body : new Uint8Array(body)),
  ].join('\n');
  const stringToSign = `${ALGORITHM}\n${date}\n${await sha256Hex(canonicalRequest)}`;
  const signature = await hmacSha256Hex(credentials.sk, stringToSign, credentials);
  headers.set(
    'authorization',
    `${ALGORITHM} Access=${credentials.ak}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
  );
  return Object.fromEntries(headers);
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
  checkCredentials(credentials);
  const body = request.body === null ? null : new Uint8Array(await request.arrayBuffer());
  const headers = await signParts(
    { method: request.method, url: request.url, headers: request.headers, body },
    credentials,
    now,
  );
  return new Request(request.url, {
    method: request.method,
    headers,
    body: body?.byteLength ? body : null,
    signal: request.signal,
  });
}
