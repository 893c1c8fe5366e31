// The client's options: their types, their defaults, and the checks that run once, when the
// client is made, so that nothing bad is ever put in a header or a URL later.
import { type OperationId, type Region, regionalServer, regionOwnEndpoints } from '../../generated/contract.js';
import type { ContractViolation, ImsError } from '../errors.js';
import { ImsInputError } from '../errors.js';
import { headerNameProblem, headerValueProblem } from '../http.js';
import type { AkSkCredentials } from '../signer.js';
import type { RetryPolicy } from './retry.js';

// A region this client knows the IMS endpoint of: generated from the spec's `servers`.
export type { Region };

export interface RetryOptions {
  /** Attempts in all, the first included. Default 3. */
  attempts?: number;
  /** First backoff ceiling; doubles each retry, with full jitter. Default 200 ms. */
  baseDelayMs?: number;
  /** Largest backoff ceiling. Default 5,000 ms. */
  maxDelayMs?: number;
  /** The longest `Retry-After` honoured; a longer one ends the retries. Default 30,000 ms. */
  maxRetryAfterMs?: number;
  /** Statuses retried, for operations the spec marks idempotent. Default 500, 502, 503, 504. */
  statuses?: number[];
}

/** Validates an answer; `createContractValidator()` from the `./validate` entry point is one. */
export interface AnswerValidator {
  /** `operationId` names the operation whose declared answers to check against. */
  validateResponse(
    status: number,
    body: unknown,
    operationId: OperationId,
  ): { valid: boolean; violations: ContractViolation[] };
}

/** One attempt of a call, as `onAttempt` reports it: after the attempt, before any wait. */
export interface AttemptEvent {
  /** The operation of the spec being called, e.g. `showJobProgress`. */
  operationId: OperationId;
  /** Which attempt this was, from 1. */
  attempt: number;
  /** The answer's HTTP status, when an answer came. */
  status?: number;
  /** When the attempt failed: the `kind` of the error it ended in (`api`, `network`, `timeout`, ...). */
  errorKind?: ImsError['kind'];
  /** The wait in ms before the next attempt; absent when no attempt follows. */
  retryInMs?: number;
}

export interface CallOptions {
  /** Stops the call at once, backoff waits included. */
  signal?: AbortSignal;
  /** Called after each attempt of this call (after the client's own `onAttempt`). */
  onAttempt?: (event: AttemptEvent) => void;
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
  /**
   * Your project ID: the member whose status batch updates change, and the project ShowJob reads
   * jobs in. Default: `credentials.projectId`. (In the v2 call it is the `member_id`.)
   */
  projectId?: string;
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
  /**
   * Called after every attempt of every call: to show a retry in a UI or count them in a log.
   * It must not throw; an exception from it is ignored so that it cannot break a call.
   */
  onAttempt?: (event: AttemptEvent) => void;
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

export const retryDefaults: RetryPolicy = {
  attempts: 3,
  baseDelayMs: 200,
  maxDelayMs: 5_000,
  maxRetryAfterMs: 30_000,
  statuses: [500, 502, 503, 504],
};

/** Checks the options; returns the endpoint to call. */
export function checkOptions(options: ImsClientOptions): string {
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
    const { securityToken } = options.credentials;
    if (securityToken !== undefined) {
      if (typeof securityToken !== 'string' || securityToken === '')
        throw new ImsInputError('credentials.securityToken', 'must be a non-empty string when given');
      headerProblem('credentials.securityToken', securityToken);
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
