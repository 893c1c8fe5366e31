// AK/SK identity: a signed request judged as Huawei's API gateway judges it, before any operation.
// The canonical request is rebuilt with the project's own signer (src/signer.ts `canonicalRequest`,
// the same builder the client signs with, held byte for byte to Huawei's SDK signer by
// test/client-signer.test.ts and test/sandbox-aksk.test.ts); the hashing is the sandbox's own
// synchronous one (./sha256.ts), so the judging stays synchronous in Node and in browsers.
//
// Every refusal is one of the spec's named 401 examples: its message is the example's, with the
// parts the example marks in `x-wildcards` filled in (the canonical request, the AK, the times),
// so a client's `reasonOf` recognises it by construction. Nothing secret is ever put in one: no
// SK, no signature (neither the one sent nor the one expected), no token value.
import { authHeader, type OperationId, operationIds } from '../../generated/contract.js';
import { canonicalRequest, SIGNING_ALGORITHM, sdkDate, signingHeaders, stringToSign } from '../signer.js';
import { answer, examplesOf } from './answers.js';
import { hmacSha256Hex, sha256Hex } from './sha256.js';
import type { SandboxAnswer, World, WorldProblem } from './types.js';

/** The 401 examples of the AK/SK refusals: each is a client `reason`. */
export const akskReasons = [
  'authorization_malformed',
  'signed_header_missing',
  'access_key_unknown',
  'date_malformed',
  'signature_expired',
  'signature_mismatch',
  'security_token_invalid',
  'project_not_allowed',
] as const;
export type AkSkReason = (typeof akskReasons)[number];

/** The gateway's window: a signature more than this far from its clock, either way, is refused. */
export const SIGNATURE_WINDOW_MS = 15 * 60 * 1000;

/** Headers set by the front of `npm start` (scripts/front.mjs): what Prism's proxy would otherwise lose. */
export const forwardedHeaders = {
  /** The `Host` the client sent (Prism's proxy sends the upstream's own host instead). */
  host: 'x-sandbox-forwarded-host',
  /** The hex SHA-256 of a GET body the front had to drop (Prism's proxy refuses GET bodies). */
  bodySha256: 'x-sandbox-body-sha256',
} as const;

// Bounds on what is read from a client's Authorization header: anything larger is refused in
// words before any work is done on it.
const MAX_AUTHORIZATION = 8 * 1024;
const MAX_SIGNED_HEADERS = 64;
const MAX_ACCESS_KEY = 128;
/** Longest value quoted back in a message (an AK, a date, a header value in the canonical request). */
const MAX_QUOTED = 128;
/** Signed headers whose values are credentials: shown as `***` in the canonical request echoed back. */
const masked = new Set<string>([signingHeaders.securityToken, authHeader.toLowerCase(), signingHeaders.authorization]);

export interface AccessKey {
  /** The project name the key signs as. */
  project: string;
  sk: string;
  securityToken?: string;
}

/** What a signed request is judged from. */
export interface SignedRequest {
  method: string;
  /** The path and query as sent (percent-encoded). */
  target: string;
  /** A header's value by lower-case name (repeated headers joined by `, `), or undefined. */
  header(name: string): string | undefined;
  /** The authority the request was sent to, when no `Host` header says it (fetch, MSW). */
  host?: string | undefined;
  /** The body as text; undefined when none was sent. */
  body?: string | undefined;
  /** A GET's body may have been lost on the way (MSW): a signature over `{}` is accepted too. */
  bodyUnreadable?: boolean | undefined;
}

export type AkSkOutcome =
  | { kind: 'caller'; project: string }
  | { kind: 'refused'; reason: AkSkReason; values: Record<string, string> };

/** Whether a request asks to be judged by its signature rather than a token. */
export function isSigned(header: (name: string) => string | undefined, tokenHeader: string): boolean {
  const authorization = header(signingHeaders.authorization);
  if (authorization === undefined) return false;
  // With a token beside it, an Authorization header is the signature only if it says so.
  return header(tokenHeader) === undefined || authorization.trimStart().startsWith(`${SIGNING_ALGORITHM} `);
}

/** Printable ASCII, at most MAX_QUOTED characters: safe to put in a message. */
function quoted(text: string): string {
  const clean = text.replace(/[^\x20-\x7e]/g, '?');
  return clean.length > MAX_QUOTED ? `${clean.slice(0, MAX_QUOTED)}...(${clean.length - MAX_QUOTED} more)` : clean;
}

type Parsed = { ak: string; signedHeaders: string[]; signature: string } | { problem: string };

/** Reads `SDK-HMAC-SHA256 Access=…, SignedHeaders=…, Signature=…`, or says what is wrong with it. */
export function parseAuthorization(value: string): Parsed {
  if (value.length > MAX_AUTHORIZATION) return { problem: `longer than ${MAX_AUTHORIZATION} characters` };
  const text = value.trim();
  const space = text.indexOf(' ');
  const algorithm = space < 0 ? text : text.slice(0, space);
  if (algorithm !== SIGNING_ALGORITHM)
    return { problem: `algorithm ${quoted(algorithm) || '(none)'} is not ${SIGNING_ALGORITHM}` };
  const fields = new Map<string, string>();
  for (const part of text.slice(space + 1).split(',')) {
    const item = part.trim();
    if (item === '') continue;
    const eq = item.indexOf('=');
    if (eq <= 0) return { problem: `${quoted(item)} is not name=value` };
    const name = item.slice(0, eq);
    if (!['Access', 'SignedHeaders', 'Signature'].includes(name)) return { problem: `unknown field ${quoted(name)}` };
    if (fields.has(name)) return { problem: `${name}= given twice` };
    fields.set(name, item.slice(eq + 1));
  }
  for (const name of ['Access', 'SignedHeaders', 'Signature']) if (!fields.has(name)) return { problem: `no ${name}=` };
  const ak = fields.get('Access')!;
  if (ak === '' || ak.length > MAX_ACCESS_KEY || !/^[\x21-\x7e]+$/.test(ak))
    return { problem: `Access= must be 1 to ${MAX_ACCESS_KEY} printable characters` };
  const signedHeaders = fields.get('SignedHeaders')!.split(';');
  if (signedHeaders.length > MAX_SIGNED_HEADERS)
    return { problem: `SignedHeaders lists more than ${MAX_SIGNED_HEADERS} headers` };
  const seen = new Set<string>();
  for (const name of signedHeaders) {
    if (!/^[a-z0-9!#$%&'*+.^_`|~-]+$/.test(name))
      return { problem: `SignedHeaders has ${quoted(name) || 'an empty name'}: names must be lower-case header names` };
    if (seen.has(name)) return { problem: `SignedHeaders lists ${name} twice` };
    seen.add(name);
  }
  const signature = fields.get('Signature')!;
  if (!/^[0-9a-f]{64}$/.test(signature)) return { problem: 'Signature= must be 64 lower-case hexadecimal digits' };
  return { ak, signedHeaders, signature };
}

/** `YYYYMMDDTHHMMSSZ` as a time, or undefined when it is not one (or names no real instant). */
export function parseSdkDate(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  return sdkDate(date) === value ? date : undefined;
}

/** Compares two equal-length hex strings without stopping at the first difference. */
function sameHex(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** The world's rules on access keys: an AK names one key, in one project. */
export function accessKeyProblems(world: World): WorldProblem[] {
  const problems: WorldProblem[] = [];
  const owners = new Map<string, string>();
  for (const [name, project] of Object.entries(world.projects))
    for (const [i, key] of (project.access_keys ?? []).entries()) {
      const path = `$.projects.${name}.access_keys[${i}].ak`;
      const earlier = owners.get(key.ak);
      if (earlier !== undefined)
        problems.push({ path, rule: 'unique', message: `${path} repeats an access key of project ${earlier}` });
      owners.set(key.ak, name);
    }
  return problems;
}

/** The world's access keys, by AK, and the judge of signed requests on the sandbox's clock. */
export function createAkSk(world: World, now: () => Date) {
  const keys = new Map<string, AccessKey>();
  for (const [project, declared] of Object.entries(world.projects))
    for (const key of declared.access_keys ?? [])
      keys.set(key.ak, {
        project,
        sk: key.sk,
        ...(key.security_token === undefined ? {} : { securityToken: key.security_token }),
      });

  function judge(request: SignedRequest): AkSkOutcome {
    const refuse = (reason: AkSkReason, values: Record<string, string> = {}): AkSkOutcome => ({
      kind: 'refused',
      reason,
      values,
    });
    const parsed = parseAuthorization(request.header(signingHeaders.authorization) ?? '');
    if ('problem' in parsed) return refuse('authorization_malformed', { problem: parsed.problem });
    const { ak, signedHeaders, signature } = parsed;

    // The host: the one the client sent (the front forwards it), else the request's own.
    const host = request.header(forwardedHeaders.host) ?? request.header(signingHeaders.host) ?? request.host;
    const signedValue = (name: string) => (name === signingHeaders.host ? host : request.header(name));
    for (const required of [signingHeaders.host, signingHeaders.date])
      if (!signedHeaders.includes(required) || signedValue(required) === undefined)
        return refuse('signed_header_missing', { header: required });
    for (const name of signedHeaders)
      if (signedValue(name) === undefined) return refuse('signed_header_missing', { header: quoted(name) });

    const key = keys.get(ak);
    if (!key) return refuse('access_key_unknown', { access_key: quoted(ak) });

    const dateText = signedValue(signingHeaders.date)!.trim();
    const date = parseSdkDate(dateText);
    if (!date) return refuse('date_malformed', { date: quoted(dateText) || '(empty)' });
    const clock = now();
    if (Math.abs(clock.getTime() - date.getTime()) > SIGNATURE_WINDOW_MS)
      return refuse('signature_expired', { signature_time: dateText, server_time: sdkDate(clock) });

    const url = new URL(request.target, 'http://sandbox.invalid');
    const payloadHash =
      request.header(signingHeaders.contentSha256)?.trim() ??
      request.header(forwardedHeaders.bodySha256) ??
      sha256Hex(request.body ?? '');
    const canonical = canonicalRequest({
      method: request.method.toUpperCase(),
      url,
      signedHeaders,
      headerValue: (name) => signedValue(name)!.trim(),
      payloadHash,
    });
    const matches = (canonicalText: string) =>
      sameHex(hmacSha256Hex(key.sk, stringToSign(dateText, sha256Hex(canonicalText))), signature);
    // Huawei's Node SDK signs and sends `{}` with every GET; where the transport dropped that
    // body (MSW), the sandbox tries it too. Over HTTP the front forwards its hash instead.
    const lostBody = () =>
      request.bodyUnreadable === true &&
      request.body === undefined &&
      request.header(signingHeaders.contentSha256) === undefined &&
      matches(canonical.slice(0, canonical.lastIndexOf('\n') + 1) + sha256Hex('{}'));
    if (!matches(canonical) && !lostBody()) {
      // The canonical request, as the gateway shows it: newlines as `|`, credentials masked,
      // long values cut. Never the signature expected.
      const shown = canonicalRequest({
        method: request.method.toUpperCase(),
        url,
        signedHeaders,
        headerValue: (name) => (masked.has(name) ? '***' : quoted(signedValue(name)!.trim())),
        payloadHash: quoted(payloadHash),
      });
      return refuse('signature_mismatch', { canonical_request: shown.replaceAll('\n', '|') });
    }

    if (key.securityToken !== undefined) {
      const sent = signedHeaders.includes(signingHeaders.securityToken)
        ? request.header(signingHeaders.securityToken)?.trim()
        : undefined;
      if (sent !== key.securityToken) return refuse('security_token_invalid', { access_key: quoted(ak) });
    }

    const asked = request.header(signingHeaders.project)?.trim();
    if (asked !== undefined && asked !== world.projects[key.project]!.id)
      return refuse('project_not_allowed', { access_key: quoted(ak), project_id: quoted(asked) });
    return { kind: 'caller', project: key.project };
  }

  return { judge, keyCount: () => keys.size };
}

/** The judge of signed requests a sandbox holds. */
export type AkSk = ReturnType<typeof createAkSk>;

type WildcardExample = { value: unknown; 'x-wildcards'?: Record<string, string> };

/**
 * The operation's 401 example for a refusal, its `x-wildcards` filled with the request's values.
 * Each value replaces the example's text for it, so the message keeps the example's words.
 */
export function refusalAnswer(
  operation: OperationId | undefined,
  reason: AkSkReason | 'token_missing' | 'token_invalid',
  values: Record<string, string>,
) {
  const declared = (operation ? examplesOf(operation)[401]?.[reason] : undefined) ?? anyRefusalExample(reason);
  const example = declared as WildcardExample;
  const body = structuredClone(example.value) as { error_msg?: string; request_id?: string };
  let message = body.error_msg ?? '';
  for (const [name, text] of Object.entries(example['x-wildcards'] ?? {}))
    if (values[name] !== undefined) message = message.split(text).join(values[name]);
  body.error_msg = message;
  const answered: SandboxAnswer = answer(401, body);
  const requestId = Object.entries(answered.headers).find(([k]) => /request-id$/i.test(k))?.[1];
  if (requestId && 'request_id' in body) body.request_id = requestId;
  return answered;
}

/** The first operation's example of a refusal: for requests outside the spec's operations (IAM's lookup). */
function anyRefusalExample(reason: string) {
  for (const id of operationIds) {
    const found = examplesOf(id)[401]?.[reason];
    if (found) return found;
  }
  throw new Error(`no operation declares the 401 example ${reason}`);
}
