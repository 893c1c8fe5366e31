// A sandbox that behaves like the service: an in-memory world and a pure handler, request in,
// answer out. No HTTP server and no MSW here: scripts/sandbox-server.ts serves it over node:http
// (behind Prism's proxy), src/msw.ts in MSW handlers, and tests call `handle` directly.
//
// The generic pipeline lives here: routing by the spec (./router.ts), the control surface
// (./control.ts), identity and the triggers that fire with it, reading the body; each operation's
// own rules live in ./operations/<operationId>.ts. Everything the spec says is read from it (routes,
// the token header, request schemas, every answer body); what it cannot say (who owns what, which
// values trigger which scenario) is the world (./world.ts, openapi/sandbox/world.yaml).
import { authHeader, operationRules } from '../../generated/contract.js';
import { answer, exampleAnswer, glanceAnswer } from './answers.js';
import { CONTROL_PREFIX, control } from './control.js';
import { createJobs } from './jobs.js';
import { operations } from './operations/index.js';
import type { OperationContext } from './operations/types.js';
import { route } from './router.js';
import { keepsRules } from './rules.js';
import { createTriggers, scenariosOf } from './scenarios.js';
import type { Sandbox, SandboxAnswer, SandboxOptions, SandboxRequest } from './types.js';
import { checkWorld, createWorldState, defaultWorld, WorldError } from './world.js';

export type { OperationId } from '../../generated/contract.js';
export type { JobResult, JobStatus, JobView } from './jobs.js';
export { scenarios, scenariosOf } from './scenarios.js';
export type {
  ImageState,
  MemberState,
  Sandbox,
  SandboxAnswer,
  SandboxOptions,
  SandboxRequest,
} from './types.js';
export {
  checkWorld,
  defaultWorld,
  type MemberStatus,
  type Scenario,
  type ScenarioRow,
  type World,
  WorldError,
  type WorldJob,
  type WorldProblem,
  worldSchema,
} from './world.js';

const tokenHeader = authHeader.toLowerCase();

function headerOf(headers: SandboxRequest['headers'], name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  for (const [key, value] of Object.entries(headers))
    if (key.toLowerCase() === name) return Array.isArray(value) ? value.join(', ') : value;
  return undefined;
}

/** Creates a sandbox: the world (default: world.yaml) in memory, and its handler. */
export function createSandbox(options: SandboxOptions = {}): Sandbox {
  const world = options.world ?? defaultWorld;
  if (options.world) {
    const problems = checkWorld(world);
    if (problems.length) throw new WorldError(problems);
  }
  const now = options.now ?? (() => new Date());
  const state = createWorldState(world);
  const jobs = createJobs(world, state, now);
  const worldJobs = new Set((world.jobs ?? []).map((job) => job.id));
  const triggers = createTriggers(world, { image: state.hasImage, job: (id) => worldJobs.has(id) });

  function reset() {
    state.reset();
    jobs.reset();
    triggers.reset();
  }
  const snapshot = () => {
    jobs.advance();
    return {
      ...(world.any_token === undefined ? {} : { any_token: world.any_token }),
      projects: world.projects,
      images: structuredClone(state.images()),
      jobs: jobs.list(),
    };
  };

  function judge(request: SandboxRequest): SandboxAnswer {
    // Jobs run on the clock: before anything reads the world, they apply what they have reached.
    jobs.advance();
    const method = request.method.toUpperCase();
    const [path = '', search = ''] = request.path.split(/\?(.*)/s);
    if (path.startsWith(CONTROL_PREFIX))
      return control(method, path.slice(CONTROL_PREFIX.length), {
        reset,
        state: snapshot,
        imageCount: () => state.images().length,
      });
    const found = route(method, path);
    if (found.kind === 'none') return glanceAnswer(404, 'Not Found', 'The resource could not be found.');
    if (found.kind === 'method')
      return glanceAnswer(405, 'Method Not Allowed', `${method} is not allowed here.`, {
        Allow: found.allow.join(', '),
      });
    const { operation, params } = found;
    const rules = operations[operation];
    const example = (status: number, name: string, extra?: Record<string, string>) =>
      exampleAnswer(operation, status, name, params, extra);

    // Identity first, as the gateway in front of IMS judges it; then the triggers on tokens.
    const token = headerOf(request.headers, tokenHeader)?.trim();
    if (!token) return example(401, rules.examples.tokenMissing);
    const text = request.body ?? '';
    let body: unknown;
    let parsed = false;
    try {
      body = JSON.parse(text);
      parsed = true;
    } catch {
      // not JSON: the operation judges that
    }
    const isObject = parsed && typeof body === 'object' && body !== null && !Array.isArray(body);
    const fields = (isObject ? body : {}) as Record<string, unknown>;
    const input = { operation, token, params, fields };
    const byToken = triggers.fire('identity', input);
    if (byToken) return byToken;
    const caller = state.caller(token);
    if (caller === undefined) return example(401, rules.examples.tokenInvalid);

    const context: OperationContext = {
      operation,
      request,
      params,
      paramsValid: !found.malformed && keepsRules(operationRules[operation].pathParameters ?? {}, params),
      query: Object.fromEntries(new URLSearchParams(search)),
      token,
      caller,
      text,
      parsed,
      body,
      fields,
      isObject,
      contentType: (headerOf(request.headers, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase(),
      state,
      jobs,
      now,
      example,
      answer,
      forced: (phase) => triggers.fire(phase, input),
    };
    return rules.judge(context);
  }

  function handle(request: SandboxRequest): SandboxAnswer {
    try {
      return judge(request);
    } catch (error) {
      // No request may stop the sandbox: a defect here is a 500 in Glance's words, with its cause.
      return glanceAnswer(
        500,
        'Internal Server Error',
        `The sandbox failed on this request: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  async function fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const request = new Request(input, init);
    const text = request.body ? await request.text() : undefined;
    const url = new URL(request.url);
    const result = handle({
      method: request.method,
      path: url.pathname + url.search,
      headers: request.headers,
      body: text,
    });
    return new Response(JSON.stringify(result.body), { status: result.status, headers: result.headers });
  }

  return { handle, reset, state: snapshot, scenarios: scenariosOf(world), world, fetch };
}
