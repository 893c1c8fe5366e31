// Sends one probe to a server that may be hostile and judges its answer against the contract.
// The rules of src/http.ts hold for every probe: header values checked before sending (in
// args.ts), no redirect followed, the answer read up to a cap, the lower layer's error text
// replaced with words of our own (it may quote the token).
import { authHeader, expandPath, operationRules, reasonOf } from '../../generated/contract.js';
import { describeFailure, readBounded, redirectOf } from '../../src/http.js';
import { signRequest } from '../../src/signer.js';
import type { ContractValidator, ContractViolation } from '../../src/validate.js';
import type { Options } from './args.js';
import type { Probe, Result } from './probe.js';
import { SKEW_MS } from './signing.js';

/** What one probe found when no usable answer came: a row with the reason as its result. */
const noAnswer = (probe: Probe, got: string, rule: string, message = got): Result => ({
  request: probe.label,
  expected: probe.expected,
  got,
  conforms: false,
  violations: [{ path: '$', rule, message }],
});

/** An answer read whole, before it is judged; or the Result that says why none was. */
export type Answer = { status: number; contentType: string; text: string; retryAfter: string | null };

/**
 * Sends a probe; resolves to its answer, or to the Result of a probe that got none usable.
 * `timeoutMs` (default --timeout-ms) bounds the whole exchange, the body's last byte included.
 */
export async function exchange(o: Options, probe: Probe, timeoutMs = o.timeoutMs): Promise<Answer | Result> {
  const operation = operationRules[probe.operationId];
  const url = o.baseUrl + expandPath(operation.path, probe.pathValues) + (probe.query ? `?${probe.query}` : '');
  const headers = new Headers({ Accept: 'application/json' });
  if (probe.body !== undefined) headers.set('Content-Type', 'application/json');
  if (probe.auth && o.token) headers.set(authHeader, o.token);
  let request = new Request(url, { method: operation.method, headers, body: probe.body });
  if (probe.auth && o.credentials) {
    // A signing probe spoils its own signature on purpose (signing.ts); the real SK is never shown.
    const c = o.credentials;
    const credentials =
      probe.signing === 'wrong_secret'
        ? { ...c, sk: `${c.sk}-not-the-secret` }
        : probe.signing === 'unknown_key'
          ? { ...c, ak: `${c.ak}NOSUCHKEY` }
          : c;
    const now = new Date(Date.now() - (probe.signing === 'skewed_clock' ? SKEW_MS : 0));
    request = await signRequest(request, credentials, now);
  }
  let response: Response;
  let text: string | undefined;
  try {
    // Never follow a redirect: it would take the token or signature to whatever origin it names.
    response = await fetch(request, { signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
    const redirect = redirectOf(response, url);
    if (redirect) {
      await response.body?.cancel().catch(() => {});
      const to = redirect.origin ? ` to ${redirect.origin}` : '';
      const message = `redirected${to} (${redirect.status}); IMS never redirects this call, so it was not followed`;
      return noAnswer(probe, String(redirect.status), 'redirect', message);
    }
    text = await readBounded(response, o.maxResponseBytes);
  } catch (error) {
    if ((error as Error).name === 'TimeoutError') return noAnswer(probe, `no answer within ${timeoutMs} ms`, 'answer');
    // In our own words: the lower layer's text may quote a header value (the token).
    return noAnswer(probe, `no answer: ${describeFailure(error).reason}`, 'answer');
  }
  if (text === undefined) {
    const message = `the ${response.status} answer is larger than ${o.maxResponseBytes} bytes; not read further`;
    return noAnswer(probe, String(response.status), 'size', message);
  }
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    text,
    retryAfter: response.headers.get('retry-after'),
  };
}

/**
 * Judges an answer: the expected status, JSON labelled as such, the schema the contract declares
 * for that status of that operation, the echo, and for an error the reason the probe expects.
 */
export function judge(probe: Probe, answer: Answer, contract: ContractValidator): Result & { body: unknown } {
  const violations: ContractViolation[] = [];
  if (answer.status !== probe.expected)
    violations.push({ path: '$', rule: 'expected', message: `expected ${probe.expected}, got ${answer.status}` });
  const isJsonType = /^application\/json\b/i.test(answer.contentType);
  // A 204 (a revoked member) has no body, so no type to judge.
  const noContent = answer.status === 204 && answer.text === '';
  if (!isJsonType && !noContent)
    violations.push({
      path: '$',
      rule: 'content-type',
      message: `content-type is ${JSON.stringify(answer.contentType)}, not application/json`,
    });
  let body: unknown = answer.text;
  try {
    body = JSON.parse(answer.text); // parsed even when mislabelled, so the body's own shape is judged too
  } catch {
    if (isJsonType) violations.push({ path: '$', rule: 'json', message: '$ is not valid JSON' });
  }
  violations.push(...contract.validateResponse(answer.status, body, probe.operationId).violations);
  if (answer.status === 200 && probe.echo) violations.push(...echoViolations(body, probe.echo));
  if (probe.reason && answer.status === probe.expected) {
    const reason = reasonOf(probe.operationId, answer.status, body);
    if (reason !== probe.reason)
      violations.push({
        path: '$',
        rule: 'reason',
        message: `the ${answer.status} is not the contract's ${probe.reason} (it reads as ${reason ?? 'no declared answer'})`,
      });
  }
  return {
    request: probe.label,
    expected: probe.expected,
    got: answer.status,
    conforms: violations.length === 0,
    violations,
    body,
  };
}

/** Sends a probe and judges what came back. */
export async function send(o: Options, probe: Probe, contract: ContractValidator): Promise<Result> {
  const answer = await exchange(o, probe);
  if ('request' in answer) return answer;
  const { body: _body, ...result } = judge(probe, answer, contract);
  return result;
}

/** A 200 must describe what the URL and body named (not, say, an example's values). */
export function echoViolations(body: unknown, echo: Record<string, string>): ContractViolation[] {
  const member = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  return Object.entries(echo)
    .filter(([field, value]) => member[field] !== value)
    .map(([field, value]) => ({
      path: `$.${field}`,
      rule: 'echo',
      message: `$.${field} is ${JSON.stringify(member[field])}, not the requested ${JSON.stringify(value)}`,
    }));
}
