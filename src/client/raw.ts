// `raw`: the openapi-fetch client for anything the typed methods do not cover, with the same
// guards as the core (auth, signing, redirects refused, bounded reads), but no retries.
import createClient, { type Client } from 'openapi-fetch';
import { authHeader } from '../../generated/contract.js';
import type { paths } from '../../generated/types.js';
import { ImsRedirectError, ImsResponseTooLargeError } from '../errors.js';
import { DEFAULT_MAX_RESPONSE_BYTES, readBounded, redirectOf } from '../http.js';
import type { ImsClientOptions } from './options.js';

/**
 * The request openapi-fetch builds (its `Request` option), sent as URL and init. A real
 * `Request` costs far more on Node's fetch (undici): it wraps the body in a stream, which is
 * then read back (see BENCHMARKS.md). A `fetch` of the caller's own gets real Requests.
 */
class PlainRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  readonly body: string | null;
  readonly signal: AbortSignal | null;
  constructor(url: string | URL, init: RequestInit = {}) {
    this.url = String(url);
    this.method = init.method ?? 'GET';
    this.headers = init.headers instanceof Headers ? init.headers : new Headers(init.headers);
    this.body = typeof init.body === 'string' ? init.body : init.body == null ? null : String(init.body);
    this.signal = init.signal ?? null;
  }
}

/** Sends without following redirects and reads the answer up to `maxBytes`, as a fresh Response. */
function guardedSend(maxBytes: number, custom?: (request: Request) => Promise<Response>) {
  return async (request: PlainRequest | Request): Promise<Response> => {
    const response =
      request instanceof PlainRequest
        ? await globalThis.fetch(request.url, {
            method: request.method,
            headers: request.headers,
            body: request.body,
            signal: request.signal,
            redirect: 'manual',
          })
        : await (custom ?? globalThis.fetch)(request);
    const redirect = redirectOf(response, request.url);
    if (redirect) {
      await response.body?.cancel().catch(() => {});
      throw new ImsRedirectError(redirect.status, redirect.origin);
    }
    const text = await readBounded(response, maxBytes);
    if (text === undefined) throw new ImsResponseTooLargeError(response.status, maxBytes);
    return new Response(response.status === 204 || response.status === 205 ? null : text, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}

export function createRawClient(options: ImsClientOptions, baseUrl: string): Client<paths> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) headers[authHeader] = options.token;
  const send = guardedSend(options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES, options.fetch);
  const raw = createClient<paths>({
    baseUrl,
    headers,
    fetch: send as typeof fetch,
    // A fetch of the caller's own is given real Requests (with `redirect: 'manual'`).
    ...(options.fetch ? { redirect: 'manual' } : { Request: PlainRequest as unknown as typeof Request }),
  });
  const { credentials } = options;
  // Loaded on first use, so clients that authenticate with a token never load the signer.
  if (credentials)
    raw.use({
      onRequest: async ({ request }) => {
        const { signParts, signRequest } = await import('../signer.js');
        if (!(request instanceof PlainRequest)) return signRequest(request, credentials);
        const { url, method, body, signal } = request;
        const headers = await signParts({ method, url, headers: request.headers, body }, credentials);
        return new PlainRequest(url, { method, headers, body, signal }) as unknown as Request;
      },
    });
  return raw;
}
