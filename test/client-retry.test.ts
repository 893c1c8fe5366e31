// The retry decision alone: a pure function, so every rule is tested here without a socket or
// a clock. The fault and hostile suites test the same rules end to end through real servers.
import { describe, expect, it } from 'vitest';
import { operationRules } from '../generated/contract.js';
import { type AttemptOutcome, decideRetry, type RetryPolicy, retryAfterMs } from '../src/client/retry.js';

const policy: RetryPolicy = {
  attempts: 3,
  baseDelayMs: 200,
  maxDelayMs: 5_000,
  maxRetryAfterMs: 30_000,
  statuses: [500, 502, 503, 504],
};
const decide = (outcome: AttemptOutcome, more: { attempt?: number; idempotent?: boolean; random?: number } = {}) =>
  decideRetry({ attempt: 1, idempotent: true, random: 0.5, policy, outcome, ...more });

describe('decideRetry', () => {
  it('retries each listed status, with half the first ceiling at random 0.5', () => {
    for (const status of policy.statuses)
      expect(decide({ kind: 'answer', status })).toEqual({ retry: true, waitMs: 100 });
  });

  it('never retries a status not listed: 200 and every 4xx', () => {
    for (const status of [200, 400, 401, 403, 404, 409, 429])
      expect(decide({ kind: 'answer', status })).toEqual({ retry: false, why: 'not_retryable' });
  });

  it('retries a lost connection and an attempt timeout, never a final outcome', () => {
    expect(decide({ kind: 'network' }).retry).toBe(true);
    expect(decide({ kind: 'timeout' }).retry).toBe(true);
    expect(decide({ kind: 'final' })).toEqual({ retry: false, why: 'not_retryable' });
  });

  it('an operation that is not idempotent is never resent after an unknown outcome', () => {
    expect(decide({ kind: 'answer', status: 503 }, { idempotent: false })).toEqual({
      retry: false,
      why: 'not_idempotent',
    });
    expect(decide({ kind: 'network' }, { idempotent: false }).retry).toBe(false);
  });

  it('stops when the attempts are used up', () => {
    expect(decide({ kind: 'network' }, { attempt: 2 }).retry).toBe(true);
    expect(decide({ kind: 'network' }, { attempt: 3 })).toEqual({ retry: false, why: 'attempts_used' });
  });

  it('the backoff ceiling doubles per attempt up to maxDelayMs (full jitter)', () => {
    const many = { ...policy, attempts: 20 };
    const wait = (attempt: number, random: number) => {
      const d = decideRetry({ attempt, idempotent: true, random, policy: many, outcome: { kind: 'network' } });
      return d.retry ? d.waitMs : -1;
    };
    expect([1, 2, 3, 4].map((n) => wait(n, 0.999_999))).toEqual([200, 400, 800, 1600].map((x) => x * 0.999_999));
    expect(wait(10, 0.5)).toBe(2_500);
    expect(wait(3, 0)).toBe(0);
  });

  it('Retry-After wins over the backoff, and one past the cap ends the retries', () => {
    expect(decide({ kind: 'answer', status: 503, retryAfterMs: 1_000 })).toEqual({ retry: true, waitMs: 1_000 });
    expect(decide({ kind: 'answer', status: 503, retryAfterMs: 30_001 })).toEqual({
      retry: false,
      why: 'retry_after_too_long',
    });
  });
});

describe('retryAfterMs', () => {
  it('reads seconds and HTTP dates, and nothing else', () => {
    const now = Date.parse('2026-11-29T12:00:00Z');
    expect(retryAfterMs('3', now)).toBe(3_000);
    expect(retryAfterMs(' 0 ', now)).toBe(0);
    expect(retryAfterMs('Sun, 29 Nov 2026 12:00:02 GMT', now)).toBe(2_000);
    expect(retryAfterMs('Sun, 29 Nov 2026 11:00:00 GMT', now)).toBe(0);
    for (const bad of [null, undefined, '', 'soon', '-1', '1.5']) expect(retryAfterMs(bad, now)).toBeUndefined();
  });
});

describe('idempotence comes from the spec', () => {
  it('every operation declares it, or its HTTP method does', () => {
    for (const [id, rules] of Object.entries(operationRules)) {
      const declared = (rules as { idempotent?: boolean }).idempotent;
      expect(typeof declared === 'boolean' || ['GET', 'PUT', 'DELETE'].includes(rules.method), id).toBe(true);
    }
  });
});
