// A sandbox that behaves like the service: an in-memory world and a pure handler, request in,
// answer out. No HTTP server and no MSW here: scripts/sandbox-server.ts serves it over node:http
// (behind Prism's proxy), src/msw.ts in MSW handlers, and tests call `handle` directly.
//
// This module only assembles a sandbox: the world's state (./world.ts), its jobs (./job-engine.ts),
// its scenario triggers (./scenarios.ts), the control surface (./control.ts), and the generic
// pipeline every request goes through (./pipeline.ts), which hands each operation to its own
// module (./operations/<operationId>.ts). Everything the spec says is read from it; what it cannot
// say (who owns what, which values trigger which scenario) is the world (openapi/sandbox/world.yaml).
import { createAkSk } from './aksk.js';
import { createIamLookup } from './iam.js';
import { createJobs } from './job-engine.js';
import { answerText } from './negotiate.js';
import { createPipeline, lookupCaller } from './pipeline.js';
import { createTriggers, scenariosOf } from './scenarios.js';
import type { Sandbox, SandboxOptions, Scenario } from './types.js';
import { checkWorld, createWorldState, defaultWorld, WorldError } from './world.js';

export type { OperationId } from '../../generated/contract.js';
export { answerText } from './negotiate.js';
export { scenarios, scenariosOf } from './scenarios.js';
export type {
  ImageState,
  JobKind,
  JobResult,
  JobStatus,
  JobView,
  MemberDecision,
  MemberState,
  MemberStatus,
  Sandbox,
  SandboxAnswer,
  SandboxOptions,
  SandboxRequest,
  Scenario,
  ScenarioRow,
  World,
  WorldJob,
  WorldProblem,
} from './types.js';
export { checkWorld, defaultWorld, WorldError, worldSchema } from './world.js';

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
  const controls = { reset, state: snapshot, imageCount: () => state.images().length };
  const aksk = createAkSk(world, now);
  const iam = createIamLookup({
    identify: (request) => lookupCaller(request, { state, aksk }),
    projectId: (name) => world.projects[name]!.id,
  });
  const handle = createPipeline({ state, jobs, triggers, controls, now, aksk, iam });

  async function fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const request = new Request(input, init);
    const text = request.body ? await request.text() : undefined;
    const url = new URL(request.url);
    // fetch keeps Host to itself: the URL says which server (and scheme) the caller meant.
    const headers = new Headers(request.headers);
    if (!headers.has('host')) headers.set('host', url.host);
    if (!headers.has('x-forwarded-proto')) headers.set('x-forwarded-proto', url.protocol.slice(0, -1));
    const result = handle({
      method: request.method,
      path: `${url.pathname}${url.search}`,
      headers,
      body: text,
      host: url.host,
    });
    return new Response(answerText(result), { status: result.status, headers: result.headers });
  }

  // Built on first read: most sandboxes (a test's, a server's) never read them, and building a
  // request per row was the larger part of creating a sandbox.
  let scenarios: readonly Scenario[] | undefined;
  return {
    handle,
    reset,
    state: snapshot,
    get scenarios() {
      scenarios ??= scenariosOf(world);
      return scenarios;
    },
    world,
    fetch,
  };
}
