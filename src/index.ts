// A typed client for IMS's "update image member status" call, on openapi-fetch.
// Every type comes from generated/types.ts and every rule checked here from
// generated/contract.ts; both are derived from openapi/openapi.yaml by `npm run generate`.
import createClient, { type Client } from 'openapi-fetch';
import {
  authHeader,
  operationRules,
  regionalServer,
  regionOwnEndpoints,
  requestIdHeaders,
} from '../generated/contract.js';
import type { components, paths } from '../generated/types.js';
import {
  type ContractViolation,
  type ErrorBody,
  ImsAbortError,
  ImsApiError,
  ImsContractError,
  ImsError,
  ImsInputError,
  ImsNetworkError,
  ImsRedirectError,
  ImsResponseTooLargeError,
  ImsTimeoutError,
} from './errors.js';
import {
  clip,
  DEFAULT_MAX_RESPONSE_BYTES,
  describeFailure,
  headerNameProblem,
  headerValueProblem,
  readBounded,
  redirectOf,
} from './http.js';
import type { AkSkCredentials } from './signer.js';

export type { components, operations, paths } from '../generated/types.js';
export * from './errors.js';
export type { AkSkCredentials } from './signer.js';

/** An image member, as the 200 answer carries it. */
export type Member = components['schemas']['Member'];
/** The request body: accept (optionally with `vault_id`) or reject. */
export type MemberStatusUpdate = components['schemas']['MemberStatusUpdate'];
/** A region this client knows the IMS endpoint of (from the spec's `servers`). */
export type Region = (typeof regionalServer.regions)[number] | keyof typeof regionOwnEndpoints;

export interface RetryOptions {
  /** Attempts in all, the first included. Default 3. */
  attempts?: number;
  /** First backoff ceiling; doubles each retry, with full jitter. Default 200 ms. */
  baseDelayMs?: number;
  /** Largest backoff ceiling. Default 5,000 ms. */
  maxDelayMs?: number;
  /** The longest `Retry-After` honoured; a longer one ends the retries. Default 30,000 ms. */
  maxRetryAfterMs?: number;
  /** Statuses retried (the call is idempotent). Default 500, 502, 503, 504. */
  statuses?: number[];
}

/** Validates an answer; `createContractValidator()` from the `./validate` entry point is one. */
export interface AnswerValidator {
  validateResponse(status: number, body: unknown): { valid: boolean; violations: ContractViolation[] };
}

export interface ImsClientOptions {
  /** Where the service is. Wins over `region`. */
  baseUrl?: string;
  /** Region whose IMS endpoint to call, e.g. `cn-north-4` (see `regions`). */
  region?: Region;
  /** IAM token, sent as `X-Auth-Token`. */
  token?: string;
  /** AK/SK: every attempt is signed (SDK-HMAC-SHA256). */
  credentials?: AkSkCredentials;
  /** Extra headers sent with every request. */
  headers?: Record<string, string>;
  /** A fetch implementation to use instead of `globalThis.fetch`. */
  fetch?: (request: Request) => Promise<Response>;
  /** Retries of 5xx and connection failures; `false` turns them off. */
  retry?: RetryOptions | false;
  /** Time limit of one attempt. Default 30,000 ms. */
  timeoutMs?: number;
  /** Time limit of the whole call, retries and waits included. Default 90,000 ms. */
  deadlineMs?: number;
  /** Checks every answer against the contract; off unless given (it is the heavy part). */
  validator?: AnswerValidator;
  /** The most bytes of an answer read (after decompression); a larger one is an error. Default 1 MiB. */
  maxResponseBytes?: number;
}

export interface CallOptions {
  /** Stops the call at once, backoff waits included. */
  signal?: AbortSignal;
}

/** Every region with a known endpoint. */
export const regions: Region[] = [
  ...regionalServer.regions,
  ...(Object.keys(regionOwnEndpoints) as (keyof typeof regionOwnEndpoints)[]),
];

/** The IMS endpoint of a region, e.g. `https://ims.cn-north-4.myhuaweicloud.com`. */
export function regionEndpoint(region: Region): string {
  if (!regions.includes(region))
    throw new ImsInputError('region', `must be one of ${regions.join(', ')}; got ${JSON.stringify(region)}`);
  return (regionOwnEndpoints as Record<string, string>)[region] ?? regionalServer.url.replace('{region}', region);
}

const defaults = {
  attempts: 3,
  baseDelayMs: 200,
  maxDelayMs: 5_000,
  maxRetryAfterMs: 30_000,
  statuses: [500, 502, 503, 504],
};

const {
  path: memberStatusPath,
  pathParameters: pathParameterRules,
  requestBody: bodyRules,
} = operationRules.updateImageMemberStatus;
const patterns = Object.fromEntries(
  Object.entries(pathParameterRules).map(([name, rule]) => [name, new RegExp(rule.pattern, 'u')]),
);

function checkPathParameter(name: keyof typeof pathParameterRules, value: unknown): string {
  const rule: { minLength?: number; maxLength?: number; pattern: string } = pathParameterRules[name];
  if (typeof value !== 'string')
    throw new ImsInputError(name, `must be a string, got ${value === null ? 'null' : typeof value}`);
  const length = [...value].length; // code points, as JSON Schema counts them
  if (rule.minLength !== undefined && length < rule.minLength) throw new ImsInputError(name, 'must not be empty');
  if (rule.maxLength !== undefined && length > rule.maxLength)
    throw new ImsInputError(name, `must be at most ${rule.maxLength} characters, got ${length}`);
  if (!patterns[name]!.test(value)) throw new ImsInputError(name, `must match ${rule.pattern}`);
  return value;
}

/** Checks the body at run time too: JavaScript callers get no type checks. */
function checkBody(body: unknown): MemberStatusUpdate {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new ImsInputError('body', 'must be an object');
  const tag = bodyRules.discriminator;
  const status = (body as Record<string, unknown>)[tag];
  if (typeof status !== 'string' || !Object.hasOwn(bodyRules.variants, status))
    throw new ImsInputError(
      tag,
      `must be one of ${Object.keys(bodyRules.variants).join(', ')}, got ${JSON.stringify(status) ?? 'undefined'}`,
    );
  const fields: Record<string, { type: string; minLength?: number }> =
    bodyRules.variants[status as keyof typeof bodyRules.variants].properties;
  for (const [field, value] of Object.entries(body)) {
    const rule = fields[field];
    if (!rule) throw new ImsInputError(field, `is not allowed when ${tag} is ${status}`);
    if (typeof value !== rule.type)
      throw new ImsInputError(field, `must be a ${rule.type}, got ${value === null ? 'null' : typeof value}`);
    if (rule.minLength !== undefined && [...(value as string)].length < rule.minLength)
      throw new ImsInputError(
        field,
        rule.minLength === 1 ? 'must not be empty' : `must be at least ${rule.minLength} characters`,
      );
  }
  return body as MemberStatusUpdate;
}

function checkOptions(options: ImsClientOptions): string {
  for (const key of ['timeoutMs', 'deadlineMs'] as const) {
    const value = options[key];
    if (value !== undefined && !(Number.isFinite(value) && value > 0))
      throw new ImsInputError(key, `must be a positive number of milliseconds, got ${value}`);
  }
  const attempts = options.retry ? options.retry.attempts : undefined;
  if (attempts !== undefined && !(Number.isInteger(attempts) && attempts >= 1))
    throw new ImsInputError('retry.attempts', `must be a whole number of at least 1, got ${attempts}`);
  if (options.token !== undefined && options.credentials !== undefined)
    throw new ImsInputError('token', 'cannot be combined with credentials: choose one way to authenticate');
  const { maxResponseBytes } = options;
  if (maxResponseBytes !== undefined && !(Number.isInteger(maxResponseBytes) && maxResponseBytes > 0))
    throw new ImsInputError('maxResponseBytes', `must be a whole number of bytes above 0, got ${maxResponseBytes}`);
  // Every value that goes in a header is checked here, before anything is sent, and never
  // quoted: a lower layer would refuse it later with a message that quotes it.
  const headerProblem = (field: string, value: unknown) => {
    const problem = headerValueProblem(value);
    if (problem) throw new ImsInputError(field, problem);
  };
  if (options.token !== undefined) {
    headerProblem('token', options.token);
    if (options.token === '') throw new ImsInputError('token', 'must not be empty');
  }
  if (options.credentials !== undefined) {
    for (const key of ['ak', 'sk', 'projectId'] as const) {
      if (typeof options.credentials?.[key] !== 'string' || options.credentials[key] === '')
        throw new ImsInputError(`credentials.${key}`, 'must be a non-empty string');
      if (key !== 'sk') headerProblem(`credentials.${key}`, options.credentials[key]); // the SK is never sent
    }
  }
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    const nameProblem = headerNameProblem(name);
    if (nameProblem) throw new ImsInputError(`headers[${JSON.stringify(name)}]`, nameProblem);
    headerProblem(`headers[${JSON.stringify(name)}]`, value);
  }
  if (options.baseUrl !== undefined) {
    if (!URL.canParse(options.baseUrl) || !/^https?:$/.test(new URL(options.baseUrl).protocol))
      throw new ImsInputError('baseUrl', `must be an absolute http(s) URL, got ${JSON.stringify(options.baseUrl)}`);
    const url = new URL(options.baseUrl);
    if (url.username || url.password)
      throw new ImsInputError(
        'baseUrl',
        'must not carry a user name or password: authenticate with token or credentials',
      );
    return options.baseUrl;
  }
  if (options.region === undefined) throw new ImsInputError('baseUrl', 'or region is required');
  return regionEndpoint(options.region);
}

/**
 * Readable text from a text/plain or HTML body: no markup, no `<br />` debris. Looks at the
 * first 8 kB of the page's body only, and every pattern stops at the next `<`, so a hostile
 * answer cannot make it slow.
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

/** Reads code and message out of whichever of the three error shapes arrived. */
function describeError(body: unknown, response: Response): { code?: string; message: string } {
  const fallback = `IMS answered ${response.status} ${response.statusText}`.trim();
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
  return {
    code: text(b.error?.code, 64) ?? text(b.error_code, 64) ?? text(b.code, 64),
    message: text(b.error?.message) ?? text(b.error_msg) ?? text(b.message) ?? text(b.title) ?? fallback,
  };
}

/** No error code is documented for a missing vault_id, so the message is what tells. */
const vaultIdRequired = (status: number, message: string) =>
  status === 400 && /vault[ _-]?id/i.test(message) && /requir|missing|must|need|empty/i.test(message);

/** `Retry-After` in ms: seconds or an HTTP date. */
function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/** What ended an attempt or a wait early: its own time limit, the call's deadline, the caller. */
type Stop = 'attempt' | 'deadline' | 'abort';

/**
 * The signal of one attempt: it fires when the attempt's time is up, the call's deadline
 * passes or the caller aborts; `stop()` tells which. One AbortController per attempt and none
 * per call, with plain timers: creating controllers is among the costliest things a call does
 * on Node, and AbortSignal.timeout and .any cost more still.
 */
function attemptSignal(timeoutMs: number, deadlineAt: number, caller?: AbortSignal) {
  const controller = new AbortController();
  let stop: Stop | undefined;
  const end = (why: Stop) => {
    stop ??= why;
    controller.abort();
  };
  const left = deadlineAt - Date.now();
  const timer = setTimeout(
    () => end(timeoutMs < left ? 'attempt' : 'deadline'),
    Math.max(0, Math.min(timeoutMs, left)),
  );
  const onAbort = () => end('abort');
  if (caller?.aborted) end('abort');
  else caller?.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    stop: () => stop,
    clear() {
      clearTimeout(timer);
      caller?.removeEventListener('abort', onAbort);
    },
  };
}

/** Waits `ms`, unless the deadline passes or the caller aborts first; tells which happened. */
function pause(ms: number, deadlineAt: number, caller?: AbortSignal): Promise<Stop | undefined> {
  return new Promise((resolve) => {
    if (caller?.aborted) return resolve('abort');
    const left = deadlineAt - Date.now();
    const timer = setTimeout(() => done(ms < left ? undefined : 'deadline'), Math.max(0, Math.min(ms, left)));
    const onAbort = () => done('abort');
    function done(why: Stop | undefined) {
      clearTimeout(timer);
      caller?.removeEventListener('abort', onAbort);
      resolve(why);
    }
    caller?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * The 200 body is JSON when it says so and parses. An error body is JSON whenever it parses,
 * whatever its label (gateways mislabel them); anything else is kept as text, none as undefined.
 */
function parseJson(text: string, response: Response): { body: unknown; parsed: boolean } {
  if (text === '') return { body: undefined, parsed: false };
  if (response.ok && !/\bjson\b/i.test(response.headers.get('content-type') ?? ''))
    return { body: text, parsed: false };
  try {
    const body: unknown = JSON.parse(text);
    return { body, parsed: response.ok || (typeof body === 'object' && body !== null) };
  } catch {
    return { body: text, parsed: false };
  }
}

/**
 * The request openapi-fetch builds (its `Request` option), sent by `guardedSend` as URL and
 * init. A real `Request` costs far more on Node's fetch (undici): it wraps the body in a stream,
 * which is then read back (see BENCHMARKS.md). A `fetch` of the caller's own gets real Requests.
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

/** An answer read whole (up to the cap): status and headers as received, body as text. */
interface ReadAnswer {
  response: Response;
  text: string;
}

/**
 * Sends a request without following redirects (IMS never redirects this call, and following
 * one would hand the token or signature to whatever origin the server names), and reads the
 * answer up to `maxBytes`.
 */
function guardedSend(maxBytes: number, custom?: (request: Request) => Promise<Response>) {
  return async (request: PlainRequest | Request): Promise<ReadAnswer> => {
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
    return { response, text };
  };
}

/** The headers of the empty stand-in `attempt` hands openapi-fetch. */
const EMPTY = { 'Content-Length': '0' };

/** For `raw`: the answer read (bounded) becomes a fresh Response for openapi-fetch to parse. */
const asResponse = ({ response, text }: ReadAnswer) =>
  new Response(response.status === 204 || response.status === 205 ? null : text, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });

export function createImsClient(options: ImsClientOptions) {
  const baseUrl = checkOptions(options);
  const retry = options.retry === false ? { ...defaults, attempts: 1 } : { ...defaults, ...options.retry };
  const timeoutMs = options.timeoutMs ?? 30_000;
  const deadlineMs = options.deadlineMs ?? 90_000;
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) headers[authHeader] = options.token;
  const send = guardedSend(options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES, options.fetch);
  const raw: Client<paths> = createClient<paths>({
    baseUrl,
    headers,
    fetch: (async (request: PlainRequest | Request) => asResponse(await send(request))) as typeof fetch,
    // A fetch of the caller's own is given real Requests (with `redirect: 'manual'`).
    ...(options.fetch ? { redirect: 'manual' } : { Request: PlainRequest as unknown as typeof Request }),
  });
  const { credentials } = options;
  // Loaded on first use, so clients that authenticate with a token never load the signer.
  if (credentials)
    raw.use({
      onRequest: async ({ request }) => {
        const { signParts, signRequest } = await import('./signer.js');
        if (!(request instanceof PlainRequest)) return signRequest(request, credentials);
        const { url, method, body, signal } = request;
        const headers = await signParts({ method, url, headers: request.headers, body }, credentials);
        return new PlainRequest(url, { method, headers, body, signal }) as unknown as Request;
      },
    });

  /** One attempt: an answer (any status), or the reason none came. */
  async function attempt(path: { image_id: string; member_id: string }, body: MemberStatusUpdate, signal: AbortSignal) {
    // openapi-fetch builds and sends the request (middleware included); the answer, read once
    // by `send`, is kept here, and openapi-fetch gets an empty stand-in that it does not read
    // (Content-Length 0): a second Response with the body would cost as much again as the whole
    // read on Node (see BENCHMARKS.md).
    let read: ReadAnswer | undefined;
    const capture = async (request: PlainRequest | Request) => {
      read = await send(request);
      return new Response(null, { status: read.response.status, headers: EMPTY });
    };
    await raw.PUT(memberStatusPath, {
      params: { path },
      body,
      signal,
      parseAs: 'text',
      fetch: capture as typeof fetch,
    });
    const { response, text } = read!;
    const requestId =
      requestIdHeaders.map((name) => response.headers.get(name)).find((value) => value !== null) ?? undefined;
    // Parsed here, so a truncated or mislabelled 200 becomes a contract error, not a SyntaxError.
    const { body: answer, parsed } = parseJson(text, response);
    return { response, answer, parsed, requestId };
  }

  /** What one answer means: the member, or an error and whether to try again (and when). */
  function judge(body: MemberStatusUpdate, response: Response, answer: unknown, parsed: boolean, requestId?: string) {
    const { status } = response;
    if (retry.statuses.includes(status)) {
      const { code, message } = describeError(answer, response);
      const error = new ImsApiError(status, code, message, requestId, answer as ErrorBody | string);
      return { error, retryable: true, waitMs: retryAfterMs(response.headers.get('Retry-After')) };
    }
    if (status === 200 && !parsed)
      return {
        error: new ImsContractError(
          200,
          [{ path: '$', rule: 'json', message: '$ is not a JSON body' }],
          answer,
          requestId,
        ),
      };
    const check = options.validator?.validateResponse(status, answer);
    if (check && !check.valid) return { error: new ImsContractError(status, check.violations, answer, requestId) };
    if (status === 200) return { member: answer as Member };
    const { code, message } = describeError(answer, response);
    if (body.status === 'accepted' && !('vault_id' in body) && vaultIdRequired(status, message)) {
      const advice =
        'This is a full-ECS image created by CBR: accepting it needs the ID of a CBR vault to hold it. ' +
        `Call acceptSharedImage(imageId, memberId, { vaultId }) with a vault ID from the CBR console or CBR's vault list. (IMS said: ${message})`;
      return {
        error: new ImsApiError(status, code, advice, requestId, answer as ErrorBody | string, 'vault_id_required'),
      };
    }
    return { error: new ImsApiError(status, code, message, requestId, answer as ErrorBody | string) };
  }

  async function updateMemberStatus(
    imageId: string,
    memberId: string,
    body: MemberStatusUpdate,
    call: CallOptions = {},
  ): Promise<Member> {
    const path = {
      image_id: checkPathParameter('image_id', imageId),
      member_id: checkPathParameter('member_id', memberId),
    };
    checkBody(body);
    const deadlineAt = Date.now() + deadlineMs;
    /** The caller's abort and the deadline end the call; an attempt's timeout only ends the attempt. */
    const ended = (why: 'deadline' | 'abort', attempts: number) => {
      const error = why === 'abort' ? new ImsAbortError() : new ImsTimeoutError('deadline', deadlineMs);
      error.attempts = attempts;
      return error;
    };
    for (let n = 1; ; n++) {
      const limit = attemptSignal(timeoutMs, deadlineAt, call.signal);
      let outcome: { member?: Member; error?: ImsError; retryable?: boolean; waitMs?: number | undefined };
      try {
        const { response, answer, parsed, requestId } = await attempt(path, body, limit.signal);
        outcome = judge(body, response, answer, parsed, requestId);
      } catch (error) {
        const stop = limit.stop();
        if (stop === 'abort' || stop === 'deadline') throw ended(stop, n);
        if (stop === 'attempt') outcome = { error: new ImsTimeoutError('attempt', timeoutMs), retryable: true };
        // A redirect or an oversized answer: the server misbehaves, and asking again will not help.
        else if (error instanceof ImsError) outcome = { error };
        else {
          const { reason, code } = describeFailure(error);
          const host = new URL(baseUrl).host;
          outcome = { error: new ImsNetworkError(`could not reach ${host}: ${reason}`, code), retryable: true };
        }
      } finally {
        limit.clear();
      }
      if (outcome.member) return outcome.member;
      const error = outcome.error!;
      error.attempts = n;
      if (!outcome.retryable || n >= retry.attempts || (outcome.waitMs ?? 0) > retry.maxRetryAfterMs) throw error;
      const ceiling = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (n - 1));
      // Full jitter, unless the server said when.
      const stop = await pause(outcome.waitMs ?? Math.random() * ceiling, deadlineAt, call.signal);
      if (stop === 'abort' || stop === 'deadline') throw ended(stop, n);
    }
  }

  return {
    /** Sets the member's status to the body's `status`. */
    updateMemberStatus,
    /** Accepts a shared image; pass `vaultId` for a full-ECS image created by CBR. */
    acceptSharedImage: (
      imageId: string,
      memberId: string,
      { vaultId, ...call }: { vaultId?: string } & CallOptions = {},
    ) =>
      updateMemberStatus(
        imageId,
        memberId,
        vaultId === undefined ? { status: 'accepted' } : { status: 'accepted', vault_id: vaultId },
        call,
      ),
    /** Rejects a shared image: it leaves your image list but can still create ECSs. */
    rejectSharedImage: (imageId: string, memberId: string, call: CallOptions = {}) =>
      updateMemberStatus(imageId, memberId, { status: 'rejected' }, call),
    /** The underlying openapi-fetch client (auth and signing applied), for anything else. */
    raw,
  };
}

export type ImsClient = ReturnType<typeof createImsClient>;
