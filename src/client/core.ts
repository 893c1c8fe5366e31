// The transport core: one operation-agnostic way to call any operation of the spec, keyed by
// its operationId. Method, path template, parameter rules and whether it may be resent come
// from `operationRules` in generated/contract.ts; an operation module (./operations/) names
// its operation and shapes its result, and nothing else.
//
// A call: check the input -> for each attempt: build the request, sign it, send it without
// following redirects, read the answer up to a cap, judge it -> ask `decideRetry` -> wait or
// finish. Time limits: one per attempt, one for the whole call, and the caller's AbortSignal.
import {
  authHeader,
  expandPath,
  type OperationId,
  operationRules,
  reasonOf,
  requestIdHeaders,
} from '../../generated/contract.js';
import {
  type ErrorBody,
  ImsAbortError,
  ImsApiError,
  ImsContractError,
  ImsError,
  ImsNetworkError,
  ImsRedirectError,
  ImsResponseTooLargeError,
  ImsTimeoutError,
} from '../errors.js';
import { DEFAULT_MAX_RESPONSE_BYTES, describeFailure, readBounded, redirectOf } from '../http.js';
import type { BodyRule, Rule } from '../rules.js';
import { describeError, parseJson } from './answer.js';
import { checkPathParameters, checkQueryParameters, checkRequestBody } from './input.js';
import { type AttemptEvent, type CallOptions, checkOptions, type ImsClientOptions, retryDefaults } from './options.js';
import { type AttemptOutcome, decideRetry, type RetryPolicy, retryAfterMs } from './retry.js';
import { explainedMessage } from './signing-advice.js';

/** A successful call: the answer's body, and how it came. */
export interface ImsResult<T> {
  /** The answer's body, as the method resolves to it. */
  data: T;
  /** The answer's HTTP status. */
  status: number;
  /** Attempts it took, the successful one included (1 when no retry was needed). */
  attempts: number;
  /** From `X-Request-Id` or `X-Openstack-Request-Id`: quote it to support. */
  requestId: string | undefined;
}

/**
 * What every method returns: a Promise of the answer's body (a `Member`, a job, ...), with
 * `withDetails()` for the same call's attempts, status and request ID: the call is made once,
 * whichever the caller awaits.
 */
export type ImsPromise<T> = Promise<T> & {
  /** The same call, resolving to `{ data, status, attempts, requestId }` instead of `data` alone. */
  withDetails(): Promise<ImsResult<T>>;
};

/** Turns a detailed call into the promise a method returns. */
export function imsPromise<T>(detailed: Promise<ImsResult<T>>): ImsPromise<T> {
  const data = detailed.then((result) => result.data) as ImsPromise<T>;
  data.withDetails = () => {
    // The caller awaits this one instead; the plain promise must not report its rejection as unhandled.
    data.catch(() => {});
    return detailed;
  };
  return data;
}

/** A rejected ImsPromise: for input errors found before anything was sent. */
export const rejected = <T>(error: unknown): ImsPromise<T> => imsPromise<T>(Promise.reject(error));

/** One request of an operation: its path parameters and body, as the spec names them. */
export interface CoreRequest {
  path?: Readonly<Record<string, unknown>>;
  /** The status the operation answers on success, when not 200 (version discovery's 300). */
  success?: number;
  /** Query parameters, checked against the operation's rules; undefined ones are not sent. */
  query?: Readonly<Record<string, unknown>>;
  body?: unknown;
  /** Turns an API error into a more helpful one (same status and body), e.g. with advice. */
  explain?: (error: ImsApiError) => ImsApiError;
  /** Read `Retry-After` on a 200 too (a job poll: the service may say when to look again). */
  retryAfterOn200?: boolean;
}

/** What `send` resolves to: the result, and a 200's `Retry-After` when the request asked for it. */
export interface Sent<T> extends ImsResult<T> {
  retryAfterMs?: number | undefined;
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
  const onAbort = caller && (() => end('abort'));
  if (caller?.aborted) end('abort');
  else if (onAbort) caller.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    stop: () => stop,
    clear() {
      clearTimeout(timer);
      if (onAbort) caller.removeEventListener('abort', onAbort);
    },
  };
}

/** Waits `ms`, unless the deadline passes or the caller aborts first; tells which happened. */
export function pause(ms: number, deadlineAt: number, caller?: AbortSignal): Promise<Stop | undefined> {
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

/** True where the code runs in Node (or a runtime that says it is Node-compatible). */
const inNode =
  typeof (globalThis as { process?: { versions?: { node?: unknown } } }).process?.versions?.node === 'string';

/**
 * A failure with no code of the lower layer: in a browser, fetch says only "Failed to fetch",
 * both when the server is down and when it refuses a cross-origin request. Say both, and how to tell.
 */
const BROWSER_NETWORK_ADVICE =
  'the server may be down, or it refused a cross-origin request (CORS). ' +
  "The browser's devtools console tells which: a refused cross-origin request is reported there as a CORS error";

interface Operation {
  method: string;
  path: string;
  pathParameters?: Readonly<Record<string, Rule>>;
  queryParameters?: Readonly<Record<string, Rule>>;
  requestBody?: BodyRule;
  /** From the operation's `x-idempotent` in the spec (the generator refuses an operation without it). */
  idempotent: boolean;
}

export type Core = ReturnType<typeof createCore>;

export function createCore(options: ImsClientOptions) {
  const baseUrl = checkOptions(options);
  const root = baseUrl.replace(/\/+$/, '');
  const host = new URL(baseUrl).host;
  const policy: RetryPolicy =
    options.retry === false ? { ...retryDefaults, attempts: 1 } : { ...retryDefaults, ...options.retry };
  const timeoutMs = options.timeoutMs ?? 30_000;
  const deadlineMs = options.deadlineMs ?? 90_000;
  const maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const { credentials, validator, onAttempt: clientOnAttempt, fetch: customFetch } = options;
  // JSON is asked for: without an Accept header, fetch sends `*/*`, and an upstream Glance then
  // answers its errors as an HTML page, whose code and reason cannot be read.
  const asksForType = Object.keys(options.headers ?? {}).some((name) => name.toLowerCase() === 'accept');
  const headers: Record<string, string> = {
    ...(asksForType ? {} : { Accept: 'application/json' }),
    ...options.headers,
  };
  if (options.token !== undefined) headers[authHeader] = options.token;
  const jsonHeaders: Record<string, string> = { ...headers, 'Content-Type': 'application/json' };

  /** Sends one request, redirects refused, and reads its answer up to the cap. */
  async function exchange(method: string, url: string, body: string | undefined, signal: AbortSignal) {
    let sent = body === undefined ? headers : jsonHeaders;
    if (credentials) {
      // Loaded on first use, so clients that authenticate with a token never load the signer.
      const { signParts } = await import('../signer.js');
      sent = await signParts({ method, url, headers: sent, body: body ?? null }, credentials);
    }
    const init = { method, headers: sent, body: body ?? null, signal, redirect: 'manual' as const };
    const response = customFetch ? await customFetch(new Request(url, init)) : await fetch(url, init);
    const redirect = redirectOf(response, url);
    if (redirect) {
      await response.body?.cancel().catch(() => {});
      throw new ImsRedirectError(redirect.status, redirect.origin);
    }
    const text = await readBounded(response, maxBytes);
    if (text === undefined) throw new ImsResponseTooLargeError(response.status, maxBytes);
    return { response, text };
  }

  /** What one answer means: the body, or an error and what retrying needs to know. */
  function judge(
    operationId: OperationId,
    response: Response,
    text: string,
    { explain, retryAfterOn200, success = 200 }: CoreRequest,
  ) {
    const { status } = response;
    const ok = status === success;
    let requestId: string | undefined;
    for (const name of requestIdHeaders) {
      const value = response.headers.get(name);
      if (value !== null) {
        requestId = value;
        break;
      }
    }
    // Parsed here, so a truncated or mislabelled 200 becomes a contract error, not a SyntaxError.
    const { body, parsed } = parseJson(text, response.ok, response.headers.get('content-type'));
    const outcome: AttemptOutcome = {
      kind: 'answer',
      status,
      retryAfterMs: policy.statuses.includes(status) ? retryAfterMs(response.headers.get('Retry-After')) : undefined,
    };
    const apiError = () => {
      const { code, message } = describeError(body, status, response.statusText);
      const reason = reasonOf(operationId, status, body);
      const error = new ImsApiError(
        status,
        code,
        explainedMessage(reason, message),
        requestId,
        body as ErrorBody | string,
        reason,
      );
      return explain ? explain(error) : error;
    };
    if (policy.statuses.includes(status)) return { error: apiError(), outcome };
    if (ok && !parsed)
      return {
        error: new ImsContractError(
          status,
          [{ path: '$', rule: 'json', message: '$ is not a JSON body' }],
          body,
          requestId,
        ),
        outcome,
      };
    const check = validator?.validateResponse(status, body, operationId);
    if (check && !check.valid)
      return { error: new ImsContractError(status, check.violations, body, requestId), outcome };
    // A 204 the operation declares (a deleted member) is a success with nothing to read.
    if (status === 204 && (operationRules[operationId].responseStatuses as readonly number[]).includes(204))
      return { result: { data: undefined, status, attempts: 0, requestId } as Sent<unknown>, outcome };
    if (ok) {
      const result: Sent<unknown> = { data: body, status, attempts: 0, requestId };
      if (retryAfterOn200) result.retryAfterMs = retryAfterMs(response.headers.get('Retry-After'));
      return { result, outcome };
    }
    return { error: apiError(), outcome };
  }

  const report = (event: AttemptEvent, call: CallOptions) => {
    for (const listener of [clientOnAttempt, call.onAttempt])
      try {
        listener?.(event);
      } catch {
        // A listener's bug must not break the call it watches.
      }
  };

  /** Calls an operation: resolves to its 200 body, or rejects with an ImsError. */
  async function send<T>(
    operationId: OperationId,
    request: CoreRequest,
    call: CallOptions = {},
  ): Promise<ImsResult<T>> {
    const operation = operationRules[operationId] as unknown as Operation;
    const path = operation.pathParameters ? checkPathParameters(operation.pathParameters, request.path ?? {}) : {};
    if (operation.requestBody) checkRequestBody(operation.requestBody, request.body);
    const query = request.query ? checkQueryParameters(operation.queryParameters ?? {}, request.query) : '';
    const url = root + expandPath(operation.path, path) + query;
    const body = request.body === undefined ? undefined : JSON.stringify(request.body);
    const deadlineAt = Date.now() + deadlineMs;
    /** The caller's abort and the deadline end the call; an attempt's timeout only ends the attempt. */
    const ended = (why: 'deadline' | 'abort', attempts: number) => {
      const error = why === 'abort' ? new ImsAbortError() : new ImsTimeoutError('deadline', deadlineMs);
      error.attempts = attempts;
      return error;
    };
    for (let attempt = 1; ; attempt++) {
      const limit = attemptSignal(timeoutMs, deadlineAt, call.signal);
      let judged: ReturnType<typeof judge> | { error: ImsError; outcome: AttemptOutcome; result?: undefined };
      try {
        const { response, text } = await exchange(operation.method, url, body, limit.signal);
        judged = judge(operationId, response, text, request);
      } catch (error) {
        const stop = limit.stop();
        if (stop === 'abort' || stop === 'deadline') throw ended(stop, attempt);
        if (stop === 'attempt')
          judged = { error: new ImsTimeoutError('attempt', timeoutMs), outcome: { kind: 'timeout' } };
        // A redirect or an oversized answer: the server misbehaves, and asking again will not help.
        else if (error instanceof ImsError) judged = { error, outcome: { kind: 'final' } };
        else {
          const { reason, code } = describeFailure(error);
          const words = code || inNode ? reason : BROWSER_NETWORK_ADVICE;
          judged = {
            error: new ImsNetworkError(`could not reach ${host}: ${words}`, code),
            outcome: { kind: 'network' },
          };
        }
      } finally {
        limit.clear();
      }
      if (judged.result) {
        judged.result.attempts = attempt;
        if (clientOnAttempt || call.onAttempt) report({ operationId, attempt, status: judged.result.status }, call);
        return judged.result as Sent<T>;
      }
      const { error, outcome } = judged;
      error.attempts = attempt;
      const decision = decideRetry({ attempt, outcome, policy, idempotent: operation.idempotent });
      if (clientOnAttempt || call.onAttempt)
        report(
          {
            operationId,
            attempt,
            ...(outcome.kind === 'answer' && { status: outcome.status }),
            errorKind: error.kind,
            ...(decision.retry && { retryInMs: decision.waitMs }),
          },
          call,
        );
      if (!decision.retry) throw error;
      const stop = await pause(decision.waitMs, deadlineAt, call.signal);
      if (stop === 'abort' || stop === 'deadline') throw ended(stop, attempt);
    }
  }

  /** The project batch updates and ShowJob act for, unless a call names one. */
  const projectId = options.projectId ?? credentials?.projectId;
  return { baseUrl, projectId, send };
}
