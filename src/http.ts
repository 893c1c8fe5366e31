// HTTP with a server that may be hostile, shared by the client and `npm run verify`: header
// values checked before sending, redirects never followed, answers read up to a cap, and the
// lower layer's error text replaced with words of our own (it may quote a header value).

/** The default cap on an answer's size: the largest real answer is under 2 kB. */
export const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;

/** How much of a body an error's `message` may quote (the whole body stays in `body`). */
export const MESSAGE_TEXT_LIMIT = 300;

/** Why a value cannot go in a header, or undefined when it can. Never quotes the value. */
export function headerValueProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return `must be a string, got ${value === null ? 'null' : typeof value}`;
  if (/[\r\n]/.test(value)) return 'must not contain a line break (CR or LF): a header cannot carry one';
  if (value.includes('\0')) return 'must not contain a NUL character: a header cannot carry one';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this looks for
  if (/[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]/.test(value)) return 'must not contain control characters';
  if ([...value].some((char) => char.codePointAt(0)! > 0xff))
    return 'must contain only Latin-1 characters: a header cannot carry others';
  return undefined;
}

/** Why a string cannot be a header name, or undefined when it can (RFC 9110 token). */
export function headerNameProblem(name: string): string | undefined {
  return /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)
    ? undefined
    : "is not a valid header name (letters, digits and !#$%&'*+.^_`|~- only)";
}

/** A redirect answer (3xx, or a browser's opaque redirect): its status and target origin. */
export function redirectOf(response: Response, requestUrl: string): { status: number; origin?: string } | undefined {
  if (response.type === 'opaqueredirect') return { status: 0 };
  if (response.status < 300 || response.status > 399) return undefined;
  const location = response.headers.get('Location');
  // 300 Multiple Choices without a Location is a document, not a redirect: Glance's versions list.
  if (response.status === 300 && location === null) return undefined;
  const target = location !== null && URL.canParse(location, requestUrl) ? new URL(location, requestUrl) : undefined;
  return { status: response.status, ...(target && { origin: target.origin }) };
}

const decoder = new TextDecoder();

/**
 * Reads a body as text, up to `maxBytes` bytes as they come out of the stream (decoded, so
 * a small gzip answer that inflates to gigabytes stops at the cap too). Past the cap the
 * stream is cancelled and undefined returned.
 */
export async function readBounded(response: Response, maxBytes: number): Promise<string | undefined> {
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      return undefined;
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return decoder.decode(chunks[0]);
  const all = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    all.set(chunk, at);
    at += chunk.byteLength;
  }
  return decoder.decode(all);
}

/** Cuts text for an error message; the full text stays wherever it came from. */
export function clip(text: string, limit = MESSAGE_TEXT_LIMIT): string {
  const chars = [...text];
  return chars.length <= limit ? text : `${chars.slice(0, limit).join('')}… (${chars.length - limit} more characters)`;
}

const failureWords: [RegExp, string][] = [
  [/^ECONNREFUSED$/, 'the connection was refused'],
  [/^(ECONNRESET|EPIPE|UND_ERR_SOCKET|UND_ERR_CLOSED)$/, 'the connection was closed before the answer was complete'],
  [/^(ENOTFOUND|EAI_AGAIN|EAI_NONAME|EAI_FAIL)$/, 'the host name could not be resolved'],
  [/^(ETIMEDOUT|UND_ERR_CONNECT_TIMEOUT|UND_ERR_HEADERS_TIMEOUT|UND_ERR_BODY_TIMEOUT)$/, 'the connection timed out'],
  [/^(EHOSTUNREACH|ENETUNREACH|EHOSTDOWN|ENETDOWN)$/, 'the host is unreachable'],
  [/CERT|TLS|SSL/, 'its TLS certificate was not accepted'],
  [
    /^(UND_ERR_INVALID_ARG|ERR_INVALID_ARG_VALUE|ERR_INVALID_CHAR|ERR_INVALID_HTTP_TOKEN)$/,
    'the request could not be built',
  ],
];

/**
 * What went wrong, in our own words, and the lower layer's error code. The lower layer's
 * message is never used: undici's may quote a header value, such as a token.
 */
export function describeFailure(error: unknown): { reason: string; code?: string } {
  let code: string | undefined;
  for (let at = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; at && depth < 5; depth++) {
    if (typeof at.code === 'string' && /^[A-Z][A-Z0-9_]*$/.test(at.code)) code = at.code;
    at = at.cause as typeof at;
  }
  const words = code && failureWords.find(([pattern]) => pattern.test(code))?.[1];
  return { reason: words ?? (code ? `the request failed (${code})` : 'the request failed'), ...(code && { code }) };
}
