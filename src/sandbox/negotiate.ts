// Content negotiation of Glance-shaped errors, as upstream Glance (webob) does it: the same error
// is an HTML page for `Accept: */*` (what python-glanceclient sends, and the only error body it
// can read without crashing), webob's JSON `{message, code, title}` for `application/json`, and
// plain text for no Accept at all or one that names neither. IMS- and gateway-shaped errors are
// JSON whatever the client asks: those services do not negotiate.
//
// Measured on Glance 25.1 (webob 1.8): offers are `text/html` then `application/json`, ranked by
// the client's q-values, ties going to the first offer; an Accept header that does not parse
// accepts both (so HTML); an empty one or one matching neither gets text/plain.
import type { SandboxAnswer } from './types.js';

const offers = ['text/html', 'application/json'] as const;
type Offer = (typeof offers)[number];

const token = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const rangePattern = new RegExp(`^(${token})/(${token})$`);

/** The offer webob would choose for an Accept header, or undefined for text/plain. */
export function chooseErrorType(accept: string | undefined): Offer | undefined {
  if (accept === undefined || accept.trim() === '') return undefined;
  const ranges: { type: string; subtype: string; q: number }[] = [];
  for (const part of accept.split(',')) {
    if (part.trim() === '') continue;
    const [range, ...params] = part.split(';').map((p) => p.trim());
    const match = rangePattern.exec(range ?? '');
    if (!match) return 'text/html'; // webob's AcceptInvalidHeader accepts every offer
    let q = 1;
    for (const param of params) {
      const [name, value] = param.split('=').map((p) => p.trim());
      if (name?.toLowerCase() === 'q') {
        q = Number(value);
        if (!/^(0(\.\d{0,3})?|1(\.0{0,3})?)$/.test(value ?? '')) return 'text/html';
      }
    }
    ranges.push({ type: match[1]!.toLowerCase(), subtype: match[2]!.toLowerCase(), q });
  }
  const ranked = offers
    .map((offer, order) => {
      const [type, subtype] = offer.split('/');
      // The most specific range that matches decides the offer's q.
      let best: { specificity: number; q: number } | undefined;
      for (const r of ranges) {
        const specificity =
          r.type === type && r.subtype === subtype
            ? 3
            : r.type === type && r.subtype === '*'
              ? 2
              : r.type === '*'
                ? 1
                : 0;
        if (specificity && (!best || specificity > best.specificity)) best = { specificity, q: r.q };
      }
      return { offer, order, q: best?.q ?? 0 };
    })
    .filter((o) => o.q > 0)
    .sort((a, b) => b.q - a.q || a.order - b.order);
  return ranked[0]?.offer;
}

/** Whether a body is upstream Glance's (webob's) error: `{code: "NNN Title", title, message}`. */
export function isGlanceError(body: unknown): body is { code: string; title: string; message: string } {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return false;
  const keys = Object.keys(body);
  const { code, title, message } = body as Record<string, unknown>;
  return (
    keys.length === 3 &&
    typeof code === 'string' &&
    /^\d{3} /.test(code) &&
    typeof title === 'string' &&
    typeof message === 'string'
  );
}

const escapeHtml = (text: string) =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#x27;');

/** webob's strip_tags: newlines become spaces, `<br>` a newline, other tags go. */
const stripTags = (text: string) =>
  text
    .replace(/\n/g, ' ')
    .replace(/\r/g, '')
    .replace(/<br.*?>/gis, '\n')
    .replace(/<.*?>/gs, '');

/** The three renderings of one Glance error, byte for byte as webob writes them. */
export function renderGlanceError(
  error: { code: string; message: string },
  as: Offer | undefined,
): { contentType: string; text: string } {
  if (as === 'application/json') return { contentType: 'application/json', text: JSON.stringify(error) };
  if (as === 'text/html') {
    // webob escapes the explanation, not the `<br />` its template puts after it.
    const cut = error.message.indexOf('<br />');
    const body =
      cut < 0 ? escapeHtml(error.message) : escapeHtml(error.message.slice(0, cut)) + error.message.slice(cut);
    return {
      contentType: 'text/html; charset=UTF-8',
      text: `<html>\n <head>\n  <title>${error.code}</title>\n </head>\n <body>\n  <h1>${error.code}</h1>\n  ${body}\n </body>\n</html>`,
    };
  }
  return { contentType: 'text/plain; charset=UTF-8', text: `${error.code}\n\n${stripTags(error.message)}` };
}

/**
 * The answer as the client asked for it: a Glance-shaped error becomes HTML or plain text when the
 * `Accept` header says so (its body is then the text); every other answer is left as it is.
 */
export function negotiate(answer: SandboxAnswer, accept: string | undefined): SandboxAnswer {
  if (answer.status < 400 || !isGlanceError(answer.body)) return answer;
  const as = chooseErrorType(accept);
  if (as === 'application/json') return answer;
  const { contentType, text } = renderGlanceError(answer.body, as);
  const headers = { ...answer.headers };
  for (const name of Object.keys(headers)) if (name.toLowerCase() === 'content-type') delete headers[name];
  return { ...answer, headers: { ...headers, 'Content-Type': contentType }, body: text };
}

/** The bytes of an answer's body: text as it is for a text answer, else its JSON; none for a 204. */
export function answerText(answer: SandboxAnswer): string | undefined {
  if (answer.body === undefined) return undefined;
  const type = Object.entries(answer.headers).find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? '';
  return type.startsWith('text/') && typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
}
