// The retry decision, as a pure function: no socket, no clock, no timer. The core asks it after
// every attempt and does what it says, so every rule here is testable on its own
// (test/client-retry.test.ts) and the fault and hostile suites test the same rules end to end.

/** How an attempt ended, as far as retrying is concerned. */
export type AttemptOutcome =
  /** An answer came: its status, and its `Retry-After` in ms when it had a usable one. */
  | { kind: 'answer'; status: number; retryAfterMs?: number | undefined }
  /** No answer: the connection failed, or the attempt ran past its own time limit. */
  | { kind: 'network' | 'timeout' }
  /** The server misbehaved (a redirect, an oversized or unreadable answer): asking again will not help. */
  | { kind: 'final' };

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  /** First backoff ceiling; doubles each retry, with full jitter. */
  baseDelayMs: number;
  /** Largest backoff ceiling. */
  maxDelayMs: number;
  /** The longest `Retry-After` honoured; a longer one ends the retries. */
  maxRetryAfterMs: number;
  /** Answer statuses worth another attempt. */
  statuses: readonly number[];
}

export interface RetryInput {
  /** The attempt that just ended, counted from 1. */
  attempt: number;
  outcome: AttemptOutcome;
  policy: RetryPolicy;
  /**
   * May the operation be sent again after a failure whose effect is unknown (the spec's
   * `x-idempotent`): a 5xx or a lost connection may come after the service acted.
   */
  idempotent: boolean;
  /** A number in [0, 1) for the jitter; Math.random unless a test fixes it. */
  random?: number;
}

export type RetryDecision =
  | { retry: true; waitMs: number }
  | { retry: false; why: 'not_retryable' | 'not_idempotent' | 'attempts_used' | 'retry_after_too_long' };

export function decideRetry({ attempt, outcome, policy, idempotent, random }: RetryInput): RetryDecision {
  if (outcome.kind === 'final') return { retry: false, why: 'not_retryable' };
  if (outcome.kind === 'answer' && !policy.statuses.includes(outcome.status))
    return { retry: false, why: 'not_retryable' };
  // Resending an operation that is not idempotent could apply it twice.
  if (!idempotent) return { retry: false, why: 'not_idempotent' };
  if (attempt >= policy.attempts) return { retry: false, why: 'attempts_used' };
  const told = outcome.kind === 'answer' ? outcome.retryAfterMs : undefined;
  if (told !== undefined) {
    // Waiting longer than the caller allows is worse than failing now with the server's answer.
    if (told > policy.maxRetryAfterMs) return { retry: false, why: 'retry_after_too_long' };
    return { retry: true, waitMs: told };
  }
  // Full jitter: many clients failing together do not come back together.
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return { retry: true, waitMs: (random ?? Math.random()) * ceiling };
}

/** `Retry-After` in ms: whole seconds or an HTTP date (`now` for tests); undefined when absent or unreadable. */
export function retryAfterMs(header: string | null | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // An HTTP date ends in GMT (RFC 9110); anything else Date.parse might read (`-1`) is not one.
  if (!/GMT$/.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
