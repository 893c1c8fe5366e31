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
import { operationOf } from '../spec.js';
import { answer, exampleAnswer, examplesOf, glanceAnswer, operationIds } from './answers.js';
import { CONTROL_PREFIX, control } from './control.js';
import { createJobs } from './jobs.js';
import { answerText, negotiate } from './negotiate.js';
import { operations } from './operations/index.js';
import type { OperationContext } from './operations/types.js';
import { route } from './router.js';
import { keepsRules } from './rules.js';
import { createTriggers, scenariosOf } from './scenarios.js';
import type { Sandbox, SandboxAnswer, SandboxOptions, SandboxRequest } from './types.js';
import { checkWorld, createWorldState, defaultWorld, WorldError } from './world.js';

export type { OperationId } from '../../generated/contract.js';
export type { JobResult, JobStatus, JobView } from './jobs.js';
export { answerText } from './negotiate.js';
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
/** The spec's example of Glance's own 401, which a world with `identity_shape: glance` answers. */
const glanceUnauthorized = 'glance_unauthorized';
/** Operations the spec declares with `security: []` (version discovery): no identity is judged. */
const anonymous = new Set(operationIds.filter((id) => (operationOf(id) as { security?: unknown[] }).security?.length === 0));

/** The server's own URL as the client used it (its Host), for links such as the versions document's. */
function originOf(headers: SandboxRequest['headers']): string {
  const host = headerOf(headers, 'x-forwarded-host')?.split(',')[0]?.trim() || headerOf(headers, 'host') || '127.0.0.1';
  const proto = headerOf(headers, 'x-forwarded-proto')?.split(',')[0]?.trim() || 'http';
  return `${proto}://${host}`;
}

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
    const [path = '/', search = ''] = request.path.split(/\?(.*)/s);
    if (path.startsWith(CONTROL_PREFIX))
      return control(method, path.slice(CONTROL_PREFIX.length), {
        reset,
        state: snapshot,
        imageCount: () => state.images().length,
      });
    const found = route(method, path);
    if (found.kind === 'none') return glanceAnswer(404, 'Not Found', 'The resource could not be found.');
    if (found.kind === 'method')
      return glanceAnswer(405, 'Method Not Allowed', `The method ${method} is not allowed for this resource. <br /><br />\n`, {
        Allow: found.allow.join(', '),
      });
    const { operation, params } = found;
    const rules = operations[operation];
    const example = (status: number, name: string, extra?: Record<string, string>) =>
      exampleAnswer(operation, status, name, params, extra);

    const query = new URLSearchParams(search);
    const origin = originOf(request.headers);
    // Identity first, as the gateway in front of IMS judges it; then the triggers on tokens.
    const token = headerOf(request.headers, tokenHeader)?.trim();
    if (anonymous.has(operation))
      return rules.judge({ ...bare(operation, request, params, query, origin), token: token ?? '', caller: '' });
    // Every operation with security names its 401 examples (a test holds each module to the spec).
    const examples = rules.examples!;
    // A world standing for a plain Glance refuses identity in Glance's words, where the operation has them.
    const glanceRefusal =
      world.identity_shape === 'glance' && examplesOf(operation)[401]?.[glanceUnauthorized] ? glanceUnauthorized : undefined;
    if (!token) return example(401, glanceRefusal ?? examples.tokenMissing);
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
    if (caller === undefined) return example(401, glanceRefusal ?? examples.tokenInvalid);

    const context: OperationContext = {
      operation,
      request,
      params,
      query,
      origin,
      paramsValid: !found.malformed && keepsRules(operationRules[operation].pathParameters ?? {}, params),
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

  /** What an operation that judges no identity and reads no body is handed. */
  function bare(
    operation: OperationContext['operation'],
    request: SandboxRequest,
    params: Record<string, string>,
    query: URLSearchParams,
    origin: string,
  ): Omit<OperationContext, 'token' | 'caller'> {
    return {
      operation,
      request,
      params,
      query,
      origin,
      paramsValid: true,
      text: request.body ?? '',
      parsed: false,
      body: undefined,
      fields: {},
      isObject: false,
      contentType: '',
      state,
      jobs,
      now,
      example: (status, name, extra) => exampleAnswer(operation, status, name, params, extra),
      answer,
      forced: () => undefined,
    };
  }

  function handle(request: SandboxRequest): SandboxAnswer {
    let result: SandboxAnswer;
    try {
      result = judge(request);
    } catch (error) {
      // No request may stop the sandbox: a defect here is a 500 in Glance's words, with its cause.
      result = glanceAnswer(
        500,
        'Internal Server Error',
        `The sandbox failed on this request: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    // Glance-shaped errors in the form the client's Accept asks for, as webob answers them.
    return negotiate(result, headerOf(request.headers, 'accept'));
  }

  async function fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const request = new Request(input, init);
    const text = request.body ? await request.text() : undefined;
    const url = new URL(request.url);
    // fetch keeps Host to itself: the URL says which server (and scheme) the caller meant.
    const headers = new Headers(request.headers);
    if (!headers.has('host')) headers.set('host', url.host);
    if (!headers.has('x-forwarded-proto')) headers.set('x-forwarded-proto', url.protocol.slice(0, -1));
    const result = handle({ method: request.method, path: url.pathname + url.search, headers, body: text });
    return new Response(answerText(result), { status: result.status, headers: result.headers });
  }

  return { handle, reset, state: snapshot, scenarios: scenariosOf(world), world, fetch };
}
