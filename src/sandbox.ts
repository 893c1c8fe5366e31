// A sandbox that behaves like the service: an in-memory world (projects and their tokens, images
// and their members) and a pure handler, request in, answer out. No HTTP server and no MSW here:
// scripts/sandbox.ts serves it over node:http (behind Prism's proxy), src/msw.ts in MSW handlers,
// and tests call `handle` directly.
//
// Everything the spec says is read from it: the route, the token header, the request rules (the
// spec's own schemas, through src/validate.ts) and every answer body (the spec's named examples).
// What the spec cannot say (who owns what, who is a member, which values trigger which scenario)
// lives in openapi/sandbox/world.yaml, bundled into generated/sandbox.json.
import { authHeader, exampleIds, expandPath, operationRules, requestIdHeaders } from '../generated/contract.js';
import sandboxData from '../generated/sandbox.json' with { type: 'json' };
import { type SchemaError, validators } from '../generated/validators.js';
import { operation, resolveRef } from './spec.js';
import { type ContractValidator, createContractValidator, jsonPath } from './validate.js';

export type MemberStatus = 'pending' | 'accepted' | 'rejected';

/** A world file, as written in YAML or JSON (see openapi/sandbox/world.schema.json). */
export interface World {
  any_token?: string;
  projects: Record<string, { id: string; tokens?: string[] }>;
  images: {
    id: string;
    owner: string;
    visibility?: 'shared' | 'private';
    full_ecs_by_cbr?: boolean;
    members?: {
      project: string;
      status?: MemberStatus;
      created_at: string;
      updated_at?: string;
      vaults?: string[];
    }[];
  }[];
  scenarios?: ScenarioRow[];
}

/** One row of the scenario table as the world file holds it. */
export interface ScenarioRow {
  name: string;
  summary: string;
  trigger?: boolean;
  request: {
    token?: string | null;
    image_id?: string;
    member_id?: string;
    status?: string;
    vault_id?: string;
    body?: string;
  };
  answer: { status: number; example: string; retry_after?: number; times?: number };
}

/** A scenario as a consumer's test can send it: the exact request and the status it gets. */
export interface Scenario {
  name: string;
  summary: string;
  /** true: reserved values force the answer; false: the world answers so by itself. */
  trigger: boolean;
  request: { method: string; path: string; headers: Record<string, string>; body: string | undefined };
  status: number;
  /** The spec's named example the answer's body is. */
  example: string;
}

export interface SandboxRequest {
  method: string;
  /** The path, optionally with a query (ignored). */
  path: string;
  headers?: Headers | Record<string, string | string[] | undefined>;
  /** The body's text; undefined when none was sent. */
  body?: string | undefined;
}

export interface SandboxAnswer {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export interface WorldProblem {
  /** JSON path into the world, e.g. `$.images[0].owner`. */
  path: string;
  /** The JSON Schema keyword or the world rule that failed. */
  rule: string;
  message: string;
}

/** A world refused on load: every problem with its JSON path and rule. */
export class WorldError extends Error {
  readonly problems: WorldProblem[];
  constructor(problems: WorldProblem[], source = 'world') {
    super(
      `${source} is not a valid sandbox world:\n${problems.map((p) => `  ${p.message} (rule: ${p.rule})`).join('\n')}`,
    );
    this.name = 'WorldError';
    this.problems = problems;
  }
}

/** The default world: openapi/sandbox/world.yaml. */
export const defaultWorld = sandboxData.world as unknown as World;
/** The JSON Schema every world is checked against: openapi/sandbox/world.schema.json. */
export const worldSchema = sandboxData.worldSchema;

const rules = operationRules.updateImageMemberStatus;
const variants = Object.keys(rules.requestBody.variants) as (keyof typeof rules.requestBody.variants)[];
const [acceptedStatus] = variants;
const jsonType = Object.keys(resolveRef<{ content: object }>(operation.requestBody).content)[0]!;
const tokenHeader = authHeader.toLowerCase();

type Example = { value: unknown };
type DeclaredResponse = { content: Record<string, { examples: Record<string, Example> }> };
const examples: Record<number, Record<string, Example>> = Object.fromEntries(
  Object.entries(operation.responses).map(([status, ref]) => [
    Number(status),
    resolveRef<DeclaredResponse>(ref).content[jsonType]!.examples,
  ]),
);
const memberSchemaPath = (Object.values(examples[200]!)[0]!.value as { schema: string }).schema;

/** Builds a scenario's request from its row: the defaults are the documents' IDs and the member's token. */
function scenarioOf(world: World, row: ScenarioRow): Scenario {
  const r = row.request;
  const member = Object.values(world.projects).find((p) => p.id === exampleIds.member_id);
  const token = r.token === undefined ? (member?.tokens?.[0] ?? 'any-token') : r.token;
  const body =
    'body' in r
      ? r.body
      : JSON.stringify({
          status: r.status ?? acceptedStatus,
          ...(r.vault_id === undefined ? {} : { vault_id: r.vault_id }),
        });
  const headers: Record<string, string> = { 'Content-Type': jsonType };
  if (token !== null) headers[authHeader] = token;
  return {
    name: row.name,
    summary: row.summary,
    trigger: row.trigger ?? false,
    request: {
      method: rules.method,
      path: expandPath(rules.path, {
        image_id: r.image_id ?? exampleIds.image_id,
        member_id: r.member_id ?? exampleIds.member_id,
      }),
      headers,
      body,
    },
    status: row.answer.status,
    example: row.answer.example,
  };
}

/**
 * The scenario rows a world plays: its own, or, when it names none, the default table's triggers
 * (reserved values, true of any world; the other rows describe the default world only).
 */
const rowsOf = (world: World) =>
  world.scenarios ??
  (world === defaultWorld ? defaultWorld.scenarios : defaultWorld.scenarios?.filter((r) => r.trigger)) ??
  [];

/** The scenarios of a world (the default world's when none is given), as requests to send. */
export function scenariosOf(world: World = defaultWorld): Scenario[] {
  return rowsOf(world).map((row) => scenarioOf(world, row));
}

/** The default world's scenarios: loop over them in your own tests. */
export const scenarios: readonly Scenario[] = scenariosOf(defaultWorld);

// Compiled on first use and shared: compiling the spec's schemas costs tens of milliseconds.
let contractCache: ContractValidator | undefined;
const contract = () => {
  contractCache ??= createContractValidator();
  return contractCache;
};

function schemaProblems(errors: SchemaError[]): WorldProblem[] {
  return errors.map((e) => {
    const path = jsonPath(e.instancePath);
    const detail =
      e.keyword === 'additionalProperties'
        ? ` '${(e.params as { additionalProperty: string }).additionalProperty}'`
        : e.keyword === 'enum'
          ? `: ${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`
          : '';
    return { path, rule: e.keyword, message: `${path} ${e.message ?? 'is invalid'}${detail}` };
  });
}

/**
 * Checks a world: first against the JSON Schema, then the rules a schema cannot say (names that
 * refer to projects, IDs the spec accepts, unique IDs and tokens, examples the spec has).
 * Returns every problem; an empty list means the world is good.
 */
export function checkWorld(value: unknown): WorldProblem[] {
  // The world schema, compiled at generate time (generated/validators.ts).
  if (!validators.world(value)) return schemaProblems(validators.world.errors ?? []);
  const world = value as World;
  const problems: WorldProblem[] = [];
  const add = (path: string, rule: string, message: string) =>
    problems.push({ path, rule, message: `${path} ${message}` });
  const projectNames = Object.keys(world.projects);
  const isProject = (name: string) => projectNames.includes(name);
  const names = `one of the projects: ${projectNames.join(', ')}`;

  if (world.any_token !== undefined && !isProject(world.any_token)) add('$.any_token', 'reference', `must be ${names}`);
  const ids = new Map<string, string>();
  const tokens = new Map<string, string>();
  for (const [name, project] of Object.entries(world.projects)) {
    const at = `$.projects.${name}`;
    for (const v of contract().validatePathParameters({ image_id: exampleIds.image_id, member_id: project.id })
      .violations)
      add(`${at}.id`, v.rule, `must be a member_id the spec accepts: ${v.message}`);
    if (ids.has(project.id)) add(`${at}.id`, 'unique', `repeats the ID of project ${ids.get(project.id)}`);
    ids.set(project.id, name);
    for (const [i, token] of (project.tokens ?? []).entries()) {
      if (tokens.has(token)) add(`${at}.tokens[${i}]`, 'unique', `repeats a token of project ${tokens.get(token)}`);
      tokens.set(token, name);
    }
  }
  const imageIds = new Map<string, number>();
  for (const [i, image] of world.images.entries()) {
    const at = `$.images[${i}]`;
    for (const v of contract().validatePathParameters({ image_id: image.id, member_id: exampleIds.member_id })
      .violations)
      add(`${at}.id`, v.rule, `must be an image_id the spec accepts: ${v.message}`);
    const key = image.id.toLowerCase();
    if (imageIds.has(key)) add(`${at}.id`, 'unique', `repeats the ID of $.images[${imageIds.get(key)}]`);
    imageIds.set(key, i);
    if (!isProject(image.owner)) add(`${at}.owner`, 'reference', `must be ${names}`);
    const seen = new Set<string>();
    for (const [j, member] of (image.members ?? []).entries()) {
      const path = `${at}.members[${j}].project`;
      if (!isProject(member.project)) add(path, 'reference', `must be ${names}`);
      if (member.project === image.owner) add(path, 'not-owner', 'is the owner: an image cannot be shared with itself');
      if (seen.has(member.project)) add(path, 'unique', `repeats member ${member.project}`);
      seen.add(member.project);
    }
  }
  const scenarioNames = new Set<string>();
  for (const [i, row] of (world.scenarios ?? []).entries()) {
    const at = `$.scenarios[${i}]`;
    if (scenarioNames.has(row.name)) add(`${at}.name`, 'unique', `repeats scenario ${row.name}`);
    scenarioNames.add(row.name);
    const declared = examples[row.answer.status];
    if (!declared)
      add(`${at}.answer.status`, 'declared', `must be a status the spec declares: ${Object.keys(examples).join(', ')}`);
    else if (!declared[row.answer.example])
      add(
        `${at}.answer.example`,
        'example',
        `must name an example of ${row.answer.status}: ${Object.keys(declared).join(', ')}`,
      );
    if (row.trigger && Object.keys(row.request).filter((k) => k !== 'body').length === 0)
      add(
        `${at}.request`,
        'trigger',
        'must name a token, image_id, member_id, status or vault_id for a trigger to match',
      );
    if (row.trigger && 'body' in row.request)
      add(`${at}.request.body`, 'trigger', 'cannot be matched: a trigger matches token, IDs, status or vault_id');
  }
  return problems;
}

interface MemberState {
  project: string;
  status: MemberStatus;
  created_at: string;
  updated_at: string;
  vaults: string[];
}
interface ImageState {
  id: string;
  owner: string;
  visibility: 'shared' | 'private';
  full_ecs_by_cbr: boolean;
  members: MemberState[];
}

export interface SandboxOptions {
  /** The world to start from (checked on creation); default the repository's world.yaml. */
  world?: World;
  /** The clock, for tests; default the system clock. */
  now?: () => Date;
}

export interface Sandbox {
  /** Answers one request, as the service would. */
  handle(request: SandboxRequest): SandboxAnswer;
  /** Back to the world as it was created: statuses, times and scenario counters. */
  reset(): void;
  /** The world now: every image and member, for tests and `GET /__sandbox/state`. */
  state(): { any_token?: string; projects: World['projects']; images: ImageState[] };
  /** The world's scenarios, as requests. */
  readonly scenarios: readonly Scenario[];
  readonly world: World;
  /**
   * A `fetch` answered by this sandbox, no port needed:
   * `createImsClient({ baseUrl: 'http://sandbox', token, fetch: sandbox.fetch })`.
   */
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
}

/** UTC to the second, as the service formats it: `2026-11-22T13:16:31Z`. */
const serviceTime = (date: Date) => date.toISOString().replace(/\.\d+Z$/, 'Z');

function randomHex(bytes: number) {
  return [...crypto.getRandomValues(new Uint8Array(bytes))].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Copies an example's value, with the documents' IDs in its texts replaced by the requested ones. */
function personalised(value: unknown, ids: { image_id: string; member_id: string }): unknown {
  if (typeof value === 'string')
    return value.split(exampleIds.image_id).join(ids.image_id).split(exampleIds.member_id).join(ids.member_id);
  if (Array.isArray(value)) return value.map((v) => personalised(v, ids));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, personalised(v, ids)]));
  return value;
}

const routePattern = new RegExp(
  `^${rules.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{([^}]+)\\?\}/g, '(?<$1>[^/]*)')}$`,
);
const CONTROL_PREFIX = '/__sandbox/';

function headerOf(headers: SandboxRequest['headers'], name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const entry = Object.entries(headers).find(([key]) => key.toLowerCase() === name);
  const value = entry?.[1];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** Creates a sandbox: the world (default: world.yaml) in memory, and its handler. */
export function createSandbox(options: SandboxOptions = {}): Sandbox {
  const world = options.world ?? defaultWorld;
  if (options.world) {
    const problems = checkWorld(world);
    if (problems.length) throw new WorldError(problems);
  }
  const now = options.now ?? (() => new Date());
  const triggers = rowsOf(world).filter((row) => row.trigger);
  const tokenOwner = new Map<string, string>();
  for (const [name, project] of Object.entries(world.projects))
    for (const token of project.tokens ?? []) tokenOwner.set(token, name);

  let images: ImageState[] = [];
  const counters = new Map<string, number>();
  function reset() {
    counters.clear();
    images = world.images.map((image) => ({
      id: image.id,
      owner: image.owner,
      visibility: image.visibility ?? 'shared',
      full_ecs_by_cbr: image.full_ecs_by_cbr ?? false,
      members: (image.members ?? []).map((m) => ({
        project: m.project,
        status: m.status ?? 'pending',
        created_at: m.created_at,
        updated_at: m.updated_at ?? m.created_at,
        vaults: [...(m.vaults ?? [])],
      })),
    }));
  }
  reset();

  const state = () => ({
    ...(world.any_token === undefined ? {} : { any_token: world.any_token }),
    projects: world.projects,
    images: structuredClone(images),
  });

  function answer(status: number, body: unknown, extra: Record<string, string> = {}): SandboxAnswer {
    return {
      status,
      headers: { 'Content-Type': jsonType, [requestIdHeaders[0]]: randomHex(16), ...extra },
      body,
    };
  }
  function example(status: number, name: string, ids: { image_id: string; member_id: string }, extra = {}) {
    return answer(status, personalised(examples[status]![name]!.value, ids), extra);
  }

  function control(method: string, name: string): SandboxAnswer {
    if (name === 'reset' && method === 'POST') {
      reset();
      return answer(200, { reset: true, images: images.length });
    }
    if (name === 'state' && method === 'GET') return answer(200, state());
    return answer(404, {
      code: '404 Not Found',
      title: 'Not Found',
      message: `No control ${method} ${CONTROL_PREFIX}${name}. There are: POST ${CONTROL_PREFIX}reset, GET ${CONTROL_PREFIX}state.`,
    });
  }

  function handle(request: SandboxRequest): SandboxAnswer {
    const method = request.method.toUpperCase();
    const path = request.path.split('?')[0]!;
    if (path.startsWith(CONTROL_PREFIX)) return control(method, path.slice(CONTROL_PREFIX.length));
    const route = routePattern.exec(path)?.groups;
    if (!route)
      return answer(404, { code: '404 Not Found', title: 'Not Found', message: `No route ${path} in this sandbox.` });
    if (method !== rules.method)
      return answer(
        405,
        { code: '405 Method Not Allowed', title: 'Method Not Allowed', message: `${method} is not allowed here.` },
        { Allow: rules.method },
      );
    let ids: { image_id: string; member_id: string };
    try {
      ids = { image_id: decodeURIComponent(route.image_id!), member_id: decodeURIComponent(route.member_id!) };
    } catch {
      ids = { image_id: route.image_id!, member_id: route.member_id! };
    }

    // Security first, as the gateway in front of IMS does.
    const token = headerOf(request.headers, tokenHeader)?.trim();
    if (!token) return example(401, 'token_missing', ids);

    const text = request.body ?? '';
    let body: unknown;
    let parsed = false;
    try {
      body = JSON.parse(text);
      parsed = true;
    } catch {
      // not JSON: a bad request, below
    }
    const isObject = parsed && typeof body === 'object' && body !== null && !Array.isArray(body);
    const fields = (isObject ? body : {}) as Record<string, unknown>;

    // Scenarios by data: reserved values force their answer, first match in the table's order.
    for (const row of triggers) {
      const when = row.request;
      const matches =
        (when.token === undefined || when.token === token) &&
        (when.image_id === undefined || when.image_id.toLowerCase() === ids.image_id.toLowerCase()) &&
        (when.member_id === undefined || when.member_id === ids.member_id) &&
        (when.status === undefined || when.status === fields.status) &&
        (when.vault_id === undefined || when.vault_id === fields.vault_id);
      if (!matches) continue;
      const times = row.answer.times;
      if (times !== undefined) {
        const count = counters.get(row.name) ?? 0;
        counters.set(row.name, count + 1);
        if (count % (times + 1) === times) continue; // this call goes through
      }
      const retryAfter = row.answer.retry_after;
      return example(
        row.answer.status,
        row.answer.example,
        ids,
        retryAfter === undefined ? {} : { 'Retry-After': String(retryAfter) },
      );
    }

    const callerName = tokenOwner.get(token) ?? world.any_token;
    if (callerName === undefined) return example(401, 'token_invalid', ids);

    // The request against the spec's own schemas.
    if (!text.trim()) return example(400, 'body_empty', ids);
    const contentType = headerOf(request.headers, 'content-type') ?? '';
    const typeOk = contentType.split(';')[0]!.trim().toLowerCase() === jsonType;
    if (!contract().validatePathParameters(ids).valid || !typeOk || !parsed)
      return example(400, 'request_invalid', ids);
    if (!contract().validateRequestBody(body).valid)
      return example(400, isObject && !('status' in fields) ? 'status_missing' : 'request_invalid', ids);
    const update = body as { status: 'accepted' | 'rejected'; vault_id?: string };

    // The world: only the member itself may set its status; nothing reveals an image to others.
    const image = images.find((i) => i.id.toLowerCase() === ids.image_id.toLowerCase());
    if (!image) return example(404, 'image_not_found', ids);
    if (image.owner === callerName) return example(403, 'owner_cannot_set_status', ids);
    const member = image.members.find((m) => m.project === callerName);
    if (image.visibility === 'private' || !member) return example(404, 'image_not_found', ids);
    if (world.projects[callerName]!.id !== ids.member_id) return example(404, 'member_not_found', ids);
    if (update.status === acceptedStatus && image.full_ecs_by_cbr) {
      if (update.vault_id === undefined) return example(400, 'vault_id_required', ids);
      if (!member.vaults.includes(update.vault_id)) return example(400, 'vault_unavailable', ids);
    }
    if (member.status !== update.status) {
      member.status = update.status;
      member.updated_at = serviceTime(now());
    }
    return answer(200, {
      status: member.status,
      created_at: member.created_at,
      updated_at: member.updated_at,
      image_id: ids.image_id,
      member_id: ids.member_id,
      schema: memberSchemaPath,
    });
  }

  async function fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const request = new Request(input, init);
    const text = request.body ? await request.text() : undefined;
    const url = new URL(request.url);
    const result = handle({ method: request.method, path: url.pathname, headers: request.headers, body: text });
    return new Response(JSON.stringify(result.body), { status: result.status, headers: result.headers });
  }

  return { handle, reset, state, scenarios: scenariosOf(world), world, fetch };
}
