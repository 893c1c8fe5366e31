// One typed outcome for everything that can go wrong. Every error is an ImsError; `kind` tells
// them apart without instanceof (which breaks across bundle copies). No error ever holds a
// request, its headers or the credentials, so no token or secret key can leak through
// `message`, `toString()`, `JSON.stringify()` or a logger that walks the object.
import type { ErrorReason } from '../generated/contract.js';
import type { components, operations } from '../generated/types.js';

/** A status code some operation of the spec declares for an error. */
export type DeclaredErrorStatus = {
  [Id in keyof operations]: Exclude<keyof operations[Id]['responses'], 200>;
}[keyof operations];
/** Any error body the contract admits (IMS, API gateway or Glance shape). */
export type ErrorBody = components['schemas']['ErrorBody'];

/** One way a value breaks the contract: where (a JSON path) and which schema rule. */
export interface ContractViolation {
  path: string;
  rule: string;
  message: string;
}

export abstract class ImsError extends Error {
  abstract readonly kind:
    | 'input'
    | 'api'
    | 'network'
    | 'timeout'
    | 'abort'
    | 'contract'
    | 'redirect'
    | 'too_large'
    | 'job_failed';
  /** Attempts made before this outcome (0 when nothing was sent). */
  attempts = 0;
  /**
   * The job this error happened while waiting for, when there was one: the batch update was
   * submitted, and `waitForJob(jobId)` resumes the wait without submitting it again.
   */
  jobId?: string;

  /** The safe, serialisable facts; `JSON.stringify(error)` uses it. */
  toJSON(): Record<string, unknown> {
    const { stack: _stack, cause: _cause, ...own } = this as unknown as Record<string, unknown>;
    return { name: this.name, message: this.message, ...own };
  }
}

/**
 * Bad input found before sending: no request left. `field` names the field, `rule` the rule it
 * broke as the contract states it (e.g. `must match ^[0-9a-fA-F]{8}-…$`), and `message` says
 * the same in words for a person (e.g. `image_id must be an image ID like …: a UUID`).
 */
export class ImsInputError extends ImsError {
  override name = 'ImsInputError';
  readonly kind = 'input';
  constructor(
    readonly field: string,
    readonly rule: string,
    /** The rule in words, when `rule` is not already; the message is the field followed by it. */
    words?: string,
  ) {
    super(`${field} ${words ?? rule}`);
  }
}

/**
 * Why the service refused: the name of the spec's error example the answer matches, the same
 * whichever of the three error shapes it came in (see docs/errors.md for the table).
 */
export type ImsApiErrorReason = ErrorReason;

/** The service (or its gateway) answered with a status other than 200. */
export class ImsApiError extends ImsError {
  override name = 'ImsApiError';
  readonly kind = 'api';
  constructor(
    /** The HTTP status; one the spec declares unless the service broke the contract. */
    readonly status: DeclaredErrorStatus | (number & {}),
    /** `IMG.xxxx` (IMS), `APIG.xxxx` (gateway) or the status line (Glance); absent for non-JSON bodies. */
    readonly code: string | undefined,
    message: string,
    /** From `X-Request-Id` or `X-Openstack-Request-Id`: quote it to support. */
    readonly requestId: string | undefined,
    /** The body as received: parsed JSON, or text when it was not JSON. */
    readonly body: ErrorBody | string | undefined,
    readonly reason?: ImsApiErrorReason,
  ) {
    super(message);
  }
}

/**
 * The request did not reach the service or no answer came back (DNS, refused, reset). The lower
 * layer's error is not kept: its text may quote a header value (a token). `code` is its code.
 */
export class ImsNetworkError extends ImsError {
  override name = 'ImsNetworkError';
  readonly kind = 'network';
  constructor(
    message: string,
    /** The system or undici error code, e.g. `ECONNREFUSED`, when there was one. */
    readonly code?: string,
  ) {
    super(message);
  }
}

/** An attempt, the whole call, or the wait for a job's outcome ran past its time limit. */
export class ImsTimeoutError extends ImsError {
  override name = 'ImsTimeoutError';
  readonly kind = 'timeout';
  constructor(
    /** `attempt`: one request; `deadline`: one call, retries included; `wait`: the wait for a job (see `jobId`). */
    readonly scope: 'attempt' | 'deadline' | 'wait',
    readonly timeoutMs: number,
  ) {
    super(
      scope === 'attempt'
        ? `an attempt took longer than ${timeoutMs} ms`
        : scope === 'deadline'
          ? `the call took longer than its ${timeoutMs} ms deadline`
          : `the job did not end within ${timeoutMs} ms; it may still end: waitForJob(jobId) resumes the wait`,
    );
  }
}

/** The caller's AbortSignal fired. */
export class ImsAbortError extends ImsError {
  override name = 'ImsAbortError';
  readonly kind = 'abort';
  constructor() {
    super('the call was aborted by the caller');
  }
}

/** An answer that breaks the contract: undeclared status, unreadable or invalid body. */
export class ImsContractError extends ImsError {
  override name = 'ImsContractError';
  readonly kind = 'contract';
  constructor(
    readonly status: number,
    readonly violations: ContractViolation[],
    readonly body: unknown,
    readonly requestId: string | undefined,
  ) {
    super(`the ${status} answer breaks the contract: ${violations.map((v) => v.message).join('; ')}`);
  }
}

/**
 * The server answered with a redirect. IMS never redirects this call, so it is never followed:
 * nothing (no token, no signature, no body) goes to the target. Not retried.
 */
export class ImsRedirectError extends ImsError {
  override name = 'ImsRedirectError';
  readonly kind = 'redirect';
  constructor(
    /** The 3xx status; 0 in browsers, where a redirect arrives opaque. */
    readonly status: number,
    /** The origin the server pointed to (never its path or query), when it can be read. */
    readonly targetOrigin: string | undefined,
  ) {
    const to = targetOrigin ? ` to ${targetOrigin}` : '';
    super(
      `the server answered ${status || 'a redirect'}${to}; IMS never redirects this call, so it was not followed and nothing was sent there (check baseUrl)`,
    );
  }
}

/** An answer larger than `maxResponseBytes` (counted after decompression): reading stopped at the cap. */
export class ImsResponseTooLargeError extends ImsError {
  override name = 'ImsResponseTooLargeError';
  readonly kind = 'too_large';
  constructor(
    readonly status: number,
    readonly maxResponseBytes: number,
  ) {
    super(
      `the ${status} answer was larger than maxResponseBytes (${maxResponseBytes} bytes) and was not read further; the largest real answer is under 2 kB, so the server is misbehaving (raise maxResponseBytes only if you trust it)`,
    );
  }
}

/** One image of a job that did not get its new status, as the service reported it. */
export interface FailedImage {
  imageId: string;
  /** The status the service gave this image's result (`FAIL`, or as it spelled it). */
  status: string;
}

/**
 * A job ended `FAIL`: the service says it did not do what was asked. `errorCode` and
 * `failReason` are the job's own; `failedImages` lists the images whose result was not a success,
 * when the service listed results (ShowJob), and is empty when it did not.
 */
export class ImsJobFailedError extends ImsError {
  override name = 'ImsJobFailedError';
  readonly kind = 'job_failed';
  constructor(
    jobId: string,
    /** The job's `error_code`, e.g. `IMG.0106`; null when the service gave none. */
    readonly errorCode: string | null,
    /** The job's `fail_reason`, in the service's words; null when it gave none. */
    readonly failReason: string | null,
    readonly failedImages: FailedImage[],
    /** The job as last read (ShowJob's when it answered, else ShowJobProgress's). */
    readonly job: unknown,
  ) {
    const images = failedImages.length ? `; failed images: ${failedImages.map((i) => i.imageId).join(', ')}` : '';
    super(
      `job ${jobId} failed: ${failReason ?? 'the service gave no reason'}${errorCode ? ` (${errorCode})` : ''}${images}`,
    );
    this.jobId = jobId;
  }
}
