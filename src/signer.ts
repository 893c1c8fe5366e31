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
  /** A temporary key's security token, sent (and signed) as `X-Security-Token`; never logged or put in an error. */
  securityToken?: string;
}

/** The signing algorithm's name, first in `Authorization` and in the string to sign. */
export const SIGNING_ALGORITHM = 'SDK-HMAC-SHA256';
const ALGORITHM = SIGNING_ALGORITHM;

/** The headers the signing protocol names (lower-case, as they are signed). */
export const signingHeaders = {
  authorization: 'authorization',
  date: 'x-sdk-date',
  project: 'x-project-id',
  securityToken: 'x-security-token',
  contentSha256: 'x-sdk-content-sha256',
  host: 'host',
} as const;

/** RFC 3986: everything but unreserved characters percent-encoded, UTF-8, upper-case hex. */
const encode = (text: string) =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** `20261122T154040Z` */
export const sdkDate = (date: Date) =>
  date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

function decodeSegment(segment: string) {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // a malformed escape is signed as sent (the server refuses the path itself)
  }
}

function canonicalUri(pathname: string) {
  // The URL holds the path percent-encoded already; decode each segment and encode it canonically.
  const uri = pathname
    .split('/')
    .map((segment) => encode(decodeSegment(segment)))
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

/** What the canonical request is built from: one builder for the signer and the sandbox that checks it. */
export interface CanonicalParts {
  method: string;
  /** The URL as sent (path percent-encoded, query included); only its path and query are used. */
  url: URL;
  /** The signed headers' names, lower-case, sorted. */
  signedHeaders: readonly string[];
  /** The value of a signed header (trimmed), by lower-case name. */
  headerValue: (name: string) => string;
  /** The body's hex SHA-256, or the value of `X-Sdk-Content-Sha256`. */
  payloadHash: string;
}

/**
 * The canonical request, lines joined by `\n`: method, canonical URI, sorted query, one
 * `name:value` line per signed header, an empty line, the signed-header list, the payload hash.
 */
export function canonicalRequest(parts: CanonicalParts): string {
  let headerLines = '';
  for (const name of parts.signedHeaders) headerLines += `${name}:${parts.headerValue(name)}\n`;
  return [
    parts.method,
    canonicalUri(parts.url.pathname),
    parts.url.search ? canonicalQuery(parts.url.searchParams) : '',
    headerLines,
    parts.signedHeaders.join(';'),
    parts.payloadHash,
  ].join('\n');
}

/** The string the SK signs: algorithm, `X-Sdk-Date`, hex SHA-256 of the canonical request. */
export const stringToSign = (date: string, canonicalRequestHash: string): string =>
  `${ALGORITHM}\n${date}\n${canonicalRequestHash}`;

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
  const token = credentials.securityToken;
  if (token !== undefined && (typeof token !== 'string' || token === ''))
    throw new TypeError('credentials.securityToken must be a non-empty string when given');
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
  headers.set(signingHeaders.date, date);
  headers.set(signingHeaders.project, credentials.projectId);
  if (credentials.securityToken !== undefined) headers.set(signingHeaders.securityToken, credentials.securityToken);
  headers.delete('authorization');

  // Every header sent is signed, and `host` too (from the URL unless given).
  const names = headers.has('host') ? [...headers.keys()] : ['host', ...headers.keys()];
  names.sort();
  const signedHeaders = names.join(';');
  const body = parts.body ?? '';
  const canonical = canonicalRequest({
    method: parts.method,
    url,
    signedHeaders: names,
    headerValue: (name) => (name === 'host' && !headers.has('host') ? url.host : headers.get(name)!),
    payloadHash: await sha256Hex(typeof body === 'string' || ArrayBuffer.isView(body) ? body : new Uint8Array(body)),
  });
  const signature = await hmacSha256Hex(credentials.sk, stringToSign(date, await sha256Hex(canonical)), credentials);
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
