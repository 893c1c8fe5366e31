// The run-time half of generated/contract.ts: code that needs no spec data of its own, written
// once here rather than as template text in scripts/generate.ts. generated/contract.ts holds the
// data (rules, examples) and builds what needs it from here (`reasonOf = reasonFinder(errorExamples)`),
// and re-exports the rest, so every import from generated/contract.js keeps working. Nothing here
// imports generated/: the data comes in as arguments, so there is no import circle.

/** One named error example as the finder reads it (generated/contract.ts `ErrorExample`). */
export interface NamedErrorExample<Reason extends string = string> {
  readonly reason: Reason;
  readonly shape: 'ims' | 'gateway' | 'glance';
  readonly code?: string;
  /** The example's message as a pattern (IDs as wildcards). */
  readonly message: string;
  /** The reason taken when several share a code and the message matches none. */
  readonly generic?: true;
}

/**
 * Trailing noise some services add to a message (a `<br />`, white space): dropped before the
 * message is matched. scripts/generate.ts drops the same from the examples it turns into patterns;
 * test/spec.test.ts (every example maps back to its own name) fails should the two part.
 */
const TRAILING_NOISE = /(?:<br\s*\/?>|\s)+$/i;

const messagePatterns = new Map<string, RegExp>();
const matches = (pattern: string, text: string) => {
  let compiled = messagePatterns.get(pattern);
  if (!compiled) {
    compiled = new RegExp(pattern, 's');
    messagePatterns.set(pattern, compiled);
  }
  return compiled.test(text);
};

/**
 * The reason finder over a table of named error examples (by operation, then status): the reason
 * of an error answer from whichever shape its body is in. IMS's `{error: {code, message}}` and
 * the gateway's `{error_code, error_msg}` by their code, Glance's `{code: "404 Not Found", title,
 * message}` by its message. Where several reasons share a code, the message decides (IDs in it
 * may be any); when it matches none, the one reason of that code, or the one marked generic.
 * Undefined for an answer the table does not declare.
 */
export function reasonFinder<Id extends string, Reason extends string>(
  examples: Readonly<Record<Id, Readonly<Record<string, readonly NamedErrorExample<Reason>[]>>>>,
): (operationId: Id, status: number, body: unknown) => Reason | undefined {
  return (operationId, status, body) => {
    const declared = examples[operationId]?.[String(status)];
    if (!declared || typeof body !== 'object' || body === null) return undefined;
    const b = body as {
      error?: { code?: unknown; message?: unknown };
      error_code?: unknown;
      error_msg?: unknown;
      code?: unknown;
      message?: unknown;
    };
    let shape: NamedErrorExample['shape'];
    let code: string | undefined;
    let message: unknown;
    if (typeof b.error === 'object' && b.error !== null && typeof b.error.code === 'string') {
      shape = 'ims';
      code = b.error.code;
      message = b.error.message;
    } else if (typeof b.error_code === 'string') {
      shape = 'gateway';
      code = b.error_code;
      message = b.error_msg;
    } else if (typeof b.code === 'string' && typeof b.message === 'string') {
      shape = 'glance';
      message = b.message;
    } else return undefined;
    const candidates = declared.filter((e) => e.shape === shape && e.code === code);
    if (candidates.length === 0) return undefined;
    const text = typeof message === 'string' ? message.replace(TRAILING_NOISE, '').trim() : '';
    const byText = candidates.find((e) => matches(e.message, text));
    if (byText) return byText.reason;
    if (new Set(candidates.map((e) => e.reason)).size === 1) return candidates[0]!.reason;
    return candidates.find((e) => e.generic)?.reason;
  };
}

/** Fills a path template, each value percent-encoded as one path segment. */
export function expandPath(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new TypeError(`no value for path parameter ${name} of ${template}`);
    return encodeURIComponent(value);
  });
}

/** The path parameters of `pathname` (decoded) when it matches the template segment by segment, else undefined. */
export function matchPath(template: string, pathname: string): Record<string, string> | undefined {
  const expected = template.split('/');
  const actual = pathname.split('/');
  if (expected.length !== actual.length) return undefined;
  const values: Record<string, string> = {};
  for (const [i, segment] of expected.entries()) {
    const name = /^{([^}]+)}$/.exec(segment)?.[1];
    if (name === undefined) {
      if (segment !== actual[i]) return undefined;
    } else {
      if (actual[i] === '') return undefined;
      try {
        values[name] = decodeURIComponent(actual[i]!);
      } catch {
        return undefined; // a malformed percent-encoding matches nothing
      }
    }
  }
  return values;
}
