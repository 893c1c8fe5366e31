// Reading an answer: JSON or text, and the code and message of whichever of the three error
// shapes arrived (IMS, API gateway, Glance), in words a person can read.
import { clip } from '../http.js';

/**
 * Readable text from a text/plain or HTML body: no markup, no `<br />` debris. Looks at the
 * first 8 kB of the page's body only, and every pattern stops at the next `<`, so a hostile
 * answer cannot make it slow. Internal: nothing outside the client uses it.
 */
export function readableText(text: string): string {
  const open = /<body[^<>]*>/i.exec(text);
  let body = open ? text.slice(open.index + open[0].length) : text;
  const close = body.search(/<\/body>/i);
  body = body.slice(0, close === -1 ? 8192 : Math.min(close, 8192));
  return body
    .replace(/<(script|style)\b[^<>]*>[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^<>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Code and message out of whichever of the three error shapes arrived. */
export function describeError(body: unknown, status: number, statusText: string): { code?: string; message: string } {
  const fallback = `IMS answered ${status} ${statusText}`.trim();
  if (typeof body === 'string') return { message: clip(readableText(body)) || fallback };
  if (typeof body !== 'object' || body === null) return { message: fallback };
  const b = body as {
    error?: { code?: unknown; message?: unknown };
    error_code?: unknown;
    error_msg?: unknown;
    code?: unknown;
    title?: unknown;
    message?: unknown;
  };
  // Cut to a few hundred characters: the whole body, up to maxResponseBytes, stays in `body`.
  const text = (v: unknown, limit?: number) =>
    typeof v === 'string' && v.trim() ? clip(readableText(v), limit) : undefined;
  const code = text(b.error?.code, 64) ?? text(b.error_code, 64) ?? text(b.code, 64);
  return {
    ...(code !== undefined && { code }),
    message: text(b.error?.message) ?? text(b.error_msg) ?? text(b.message) ?? text(b.title) ?? fallback,
  };
}

/**
 * A 200 body is JSON when it says so and parses. An error body is JSON whenever it parses,
 * whatever its label (gateways mislabel them); anything else is kept as text, none as undefined.
 */
export function parseJson(text: string, ok: boolean, contentType: string | null): { body: unknown; parsed: boolean } {
  if (text === '') return { body: undefined, parsed: false };
  if (ok && !/\bjson\b/i.test(contentType ?? '')) return { body: text, parsed: false };
  try {
    const body: unknown = JSON.parse(text);
    return { body, parsed: ok || (typeof body === 'object' && body !== null) };
  } catch {
    return { body: text, parsed: false };
  }
}
