// The MSW handlers given a sandbox (msw/node here; the browser test runs them in a service
// worker): the same answers as the in-process sandbox, state kept between calls, reset() clears it.
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { authHeader, exampleIds, expandPath, operationRules } from '../generated/contract.js';
import { createImsHandlers } from '../src/msw.js';
import { createSandbox, scenarios } from '../src/sandbox/index.js';
import { answerViolations } from './support/operation-answers.js';

const ORIGIN = 'https://ims.sandbox.msw.test';
const sandbox = createSandbox();
const server = setupServer(...createImsHandlers({ baseUrl: ORIGIN, sandbox }));
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
beforeEach(() => sandbox.reset());
afterAll(() => server.close());

describe('MSW handlers with a sandbox', () => {
  for (const scenario of scenarios) {
    it(`${scenario.name}: ${scenario.status}`, async () => {
      const { method, path, headers, body } = scenario.request;
      const response = await fetch(`${ORIGIN}${path}`, { method, headers, body });
      expect(response.status).toBe(scenario.status);
      // A deleted member's 204 has no body, here as from the sandbox called directly.
      if (scenario.status === 204) {
        expect(await response.text()).toBe('');
        expect(createSandbox().handle(scenario.request).body).toBeUndefined();
        return;
      }
      const answer = await response.json();
      expect(answerViolations(scenario.operation ?? 'updateImageMemberStatus', response.status, answer)).toEqual([]);
      // The same body as the sandbox called directly (times, request and new job IDs aside).
      const {
        updated_at: _u,
        job_id: _j,
        ...same
      } = createSandbox().handle({
        ...scenario.request,
        // The server MSW stands for: version discovery links to it.
        headers: { ...headers, host: new URL(ORIGIN).host, 'x-forwarded-proto': 'https' },
      }).body as Record<string, unknown>;
      expect(answer).toMatchObject(same);
    });
  }

  it('keeps state between calls, and reset() restores the world', async () => {
    const path = expandPath(operationRules.updateImageMemberStatus.path, exampleIds);
    const put = (status: string) =>
      fetch(`${ORIGIN}${path}`, {
        method: 'PUT',
        headers: { [authHeader]: 'msw', 'Content-Type': 'application/json' },
        body: JSON.stringify({ status }),
      }).then((r) => r.json() as Promise<{ status: string; updated_at: string }>);
    const accepted = await put('accepted');
    expect(accepted.status).toBe('accepted');
    const rejected = await put('rejected');
    expect(rejected.status).toBe('rejected');
    expect(sandbox.state().images[0]!.members[0]!.status).toBe('rejected');
    sandbox.reset();
    expect(sandbox.state().images[0]!.members[0]!.status).toBe('pending');
  });

  it('routes every path of the spec and the control surface to the sandbox: 405 with Allow, state', async () => {
    const path = expandPath(operationRules.updateImageMemberStatus.path, exampleIds);
    const wrongMethod = await fetch(`${ORIGIN}${path}`, { method: 'PATCH', headers: { [authHeader]: 'msw' } });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('Allow')).toBe('GET, PUT, DELETE');
    const state = await fetch(`${ORIGIN}/__sandbox/state`);
    expect(state.status).toBe(200);
    expect(((await state.json()) as { images: unknown[] }).images.length).toBe(sandbox.state().images.length);
  });
});
