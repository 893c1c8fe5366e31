// Property-based conformance of the Prism mock: requests generated from the spec, valid and
// mutated, sent to the real mock. Every answer must carry the status the contract expects for
// that request, a body valid against the spec, and come within a bounded time.
// CI runs a fixed seed; locally the seed is random and printed, so any run can be replayed
// with FC_SEED=<seed> npx vitest run conformance.
import fc from 'fast-check';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { createContractValidator } from '../src/validate.js';
import {
  type GeneratedRequest,
  invalidRequests,
  unauthenticatedRequests,
  validRequests,
} from './support/request-arbitraries.js';

const contract = createContractValidator();
const seed = process.env.FC_SEED
  ? Number(process.env.FC_SEED)
  : process.env.CI
    ? 20261122
    : Math.floor(Math.random() * 2 ** 31);
const HANG_MS = 5_000;
let baseUrl: string;
let sent = 0;

beforeAll(() => {
  baseUrl = inject('prismUrl');
  console.log(`conformance: fast-check seed ${seed} (replay with FC_SEED=${seed})`);
});

/** Sends one generated request; fails with the request in the message on any breach. */
async function check(request: GeneratedRequest) {
  const url = `${baseUrl}/v2/images/${encodeURIComponent(request.imageId)}/members/${encodeURIComponent(request.memberId)}`;
  sent += 1;
  let response: Response;
  try {
    // A Uint8Array body sends no Content-Type of its own, so the generated headers are exactly what goes out.
    const body = request.body === undefined ? undefined : new TextEncoder().encode(request.body);
    response = await fetch(url, {
      method: 'PUT',
      headers: request.headers,
      body,
      signal: AbortSignal.timeout(HANG_MS),
    });
  } catch (error) {
    throw new Error(`no answer within ${HANG_MS} ms (${(error as Error).message})`);
  }
  const text = await response.text();
  let answer: unknown = text;
  try {
    answer = JSON.parse(text);
  } catch {
    // kept as text: the validator below reports it
  }
  expect(response.status, `status for "${request.label}"`).toBe(request.expected);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  expect(contract.validateResponse(response.status, answer).violations, `body for "${request.label}"`).toEqual([]);
}

const run = (arbitrary: fc.Arbitrary<GeneratedRequest>, numRuns: number) =>
  fc.assert(
    fc.asyncProperty(arbitrary, (request) => check(request)),
    { seed, numRuns, endOnFailure: false, interruptAfterTimeLimit: 60_000 },
  );

describe('the mock answers every generated request within the contract', () => {
  it('valid requests: 200 and a Member', () => run(validRequests, 200), 90_000);
  it('invalid requests: the spec 400 (never a 422 or 5xx)', () => run(invalidRequests, 300), 90_000);
  it('requests without a token: the spec 401', () => run(unauthenticatedRequests, 60), 90_000);
  it(`sent at least 500 requests`, () => {
    expect(sent).toBeGreaterThanOrEqual(500);
  });
});
