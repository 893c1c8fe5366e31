// One HTTP exchange for the suites that send thousands of generated requests to a real server
// (conformance): what `fetch(url, { method, headers, body: Uint8Array, signal: AbortSignal.timeout(ms) })`
// then `response.text()` send and read, over node:http with kept-alive connections instead of
// undici's fetch. The same bytes go out (fetch's default headers included, so the servers
// negotiate exactly as before) and the same things are read back (status, headers joined as
// fetch joins them, the body decoded as `text()` decodes it); fetch's Request/Response/streams
// machinery cost about as much CPU per request as the checks themselves.
import { Agent, request } from 'node:http';
import { gunzipSync, inflateSync } from 'node:zlib';

/** What undici's fetch adds to a request that does not set them (Node 20 to 24). */
const fetchDefaults: Record<string, string> = {
  accept: '*/*',
  'accept-language': '*',
  'sec-fetch-mode': 'cors',
  'user-agent': 'node',
  'accept-encoding': 'gzip, deflate',
};
/** Methods fetch sends `Content-Length: 0` for when there is no body. */
const expectsPayload = new Set(['POST', 'PUT', 'PATCH']);

export interface Exchange {
  status: number;
  /** A header of the answer as `Headers.get` gives it: every value, joined by ', '; null when absent. */
  header(name: string): string | null;
  /** The body as `Response.text()` gives it (UTF-8, a leading BOM dropped). */
  text: string;
}

// A kept-alive connection the server closes while idle (node:http servers after 5 s) can be
// picked for the next request just as it closes: "socket hang up" before any answer. `timeout`
// makes the agent honour the server's `Keep-Alive: timeout=N` hint (it drops idle sockets a
// second early), and a request that fails that way on a reused socket is sent once more on a
// new one, as Node's documentation advises: the server closed without reading it. (undici's
// fetch, which these suites used before, does both by itself.)
const agent = new Agent({ keepAlive: true, timeout: 60_000 });

/** Sends one request; rejects when no complete answer came within `timeoutMs` (as the aborted fetch did). */
export function send(
  url: string,
  init: { method: string; headers?: Record<string, string>; body?: string; timeoutMs: number },
  retried = false,
): Promise<Exchange> {
  const body = init.body === undefined ? undefined : Buffer.from(init.body, 'utf8');
  const headers: Record<string, string> = { ...init.headers };
  const named = new Set(Object.keys(headers).map((name) => name.toLowerCase()));
  for (const [name, value] of Object.entries(fetchDefaults)) if (!named.has(name)) headers[name] = value;
  if (body) headers['content-length'] = String(body.length);
  else if (expectsPayload.has(init.method)) headers['content-length'] = '0';
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method: init.method, headers, agent });
    const timer = setTimeout(() => {
      const error = new Error(`The operation was aborted due to timeout`);
      error.name = 'TimeoutError';
      outgoing.destroy(error);
    }, init.timeoutMs);
    const fail = (error: Error) => {
      clearTimeout(timer);
      reject(error);
    };
    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      if (!retried && outgoing.reusedSocket && error.code === 'ECONNRESET') {
        clearTimeout(timer);
        send(url, init, true).then(resolve, reject);
      } else fail(error);
    });
    outgoing.on('response', (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('error', fail);
      incoming.on('close', () => {
        if (!incoming.complete) fail(new Error('the answer was cut short'));
      });
      incoming.on('end', () => {
        clearTimeout(timer);
        try {
          let bytes = Buffer.concat(chunks);
          const coding = (incoming.headers['content-encoding'] ?? '').trim().toLowerCase();
          if (coding === 'gzip' || coding === 'x-gzip') bytes = gunzipSync(bytes);
          else if (coding === 'deflate') bytes = inflateSync(bytes);
          else if (coding && coding !== 'identity') throw new Error(`unexpected Content-Encoding ${coding}`);
          const raw = incoming.rawHeaders;
          resolve({
            status: incoming.statusCode!,
            header(name) {
              const values: string[] = [];
              for (let i = 0; i < raw.length; i += 2)
                if (raw[i]!.toLowerCase() === name.toLowerCase()) values.push(raw[i + 1]!);
              return values.length ? values.join(', ') : null;
            },
            text: new TextDecoder().decode(bytes),
          });
        } catch (error) {
          reject(error);
        }
      });
    });
    outgoing.end(body);
  });
}
