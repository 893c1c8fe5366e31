// What the Glance test files share: the two targets (a real Glance behind the identity proxy, and
// a sandbox over node:http with the same world), the calls the generator can make, and the table
// of divergences the contract makes on purpose, read from docs/glance.md.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import { authHeader, expandPath, operationRules } from '../../generated/contract.js';
import spec from '../../generated/openapi.json' with { type: 'json' };
import { type GlanceWorld, type ImageName, layout, type ProjectName } from '../../scripts/glance/fixtures.js';
import { serveSandbox } from '../../scripts/sandbox-server.js';
import { createSandbox, type Sandbox, type World } from '../../src/sandbox/index.js';

const rules = operationRules.updateImageMemberStatus;
/** Follows a local `$ref` of the bundled spec. */
const resolve = (node: { $ref?: string }): Record<string, unknown> =>
  node.$ref
    ? (node.$ref
        .slice(2)
        .split('/')
        .reduce<unknown>((at, key) => (at as Record<string, unknown>)[key], spec) as Record<string, unknown>)
    : node;
const operationNode = (spec.paths as unknown as Record<string, Record<string, { requestBody: { $ref?: string } }>>)[
  rules.path
]![rules.method.toLowerCase()]!;
/** The request's media type, as the spec declares it. */
const [jsonType] = Object.keys(resolve(operationNode.requestBody).content as object);

/** The running Glance's own URL; throws why it is not running (e.g. what to install). */
export function glanceUrl() {
  const error = inject('glanceError');
  if (error) throw new Error(error);
  return inject('glanceUrl');
}

export type Caller = ProjectName | 'none' | 'unknown_token';
/** Bodies both must judge alike (or, for the table's cases, as the table says). */
export const bodyKinds = {
  // accepted and rejected: the calls that change the world
  accepted: { body: () => JSON.stringify({ status: 'accepted' }) },
  rejected: { body: () => JSON.stringify({ status: 'rejected' }) },
  // the status value wrong: Glance judges it after the caller
  upper_case: { body: () => JSON.stringify({ status: 'ACCEPTED' }) },
  empty_string: { body: () => JSON.stringify({ status: '' }) },
  null_status: { body: () => JSON.stringify({ status: null }) },
  number_status: { body: () => JSON.stringify({ status: 5 }) },
  unknown_status: { body: () => JSON.stringify({ status: 'foo' }) },
  // the body's shape wrong: Glance judges it before the caller
  no_status: { body: () => '{}' },
  not_json: { body: () => '{"status":' },
  empty: { body: () => '' },
  array: { body: () => JSON.stringify(['accepted']) },
  string: { body: () => JSON.stringify('accepted') },
  // the divergence table's cases (docs/glance.md); `current` is the member's status now
  pending: { body: () => JSON.stringify({ status: 'pending' }) },
  unknown_field: { body: (current: string) => JSON.stringify({ status: current, note: 1 }) },
  vault_id_on_reject: {
    body: () => JSON.stringify({ status: 'rejected', vault_id: 'vault-of-the-differential-test' }),
  },
  any_content_type: { body: (current: string) => JSON.stringify({ status: current }), type: 'text/plain' },
} satisfies Record<string, { body: (current: string) => string; type?: string }>;
export type BodyKind = keyof typeof bodyKinds;

export interface Call {
  caller: Caller;
  image: ImageName;
  /** The project the URL's member_id names; `self` is the caller's own (the member's for no identity). */
  member: ProjectName | 'self';
  body: BodyKind;
}

export const urlMember = (call: Call): ProjectName =>
  call.member !== 'self'
    ? call.member
    : call.caller === 'none' || call.caller === 'unknown_token'
      ? 'member'
      : call.caller;

/**
 * Whether Glance gets as far as judging the status value: an identity, the caller is the member
 * the URL names, on a shared image it is a member of. Only there does a table row apply.
 */
export function reachesValue(call: Call) {
  const plan = layout[call.image];
  return (
    call.caller !== 'none' &&
    call.caller !== 'unknown_token' &&
    urlMember(call) === call.caller &&
    plan.visibility === 'shared' &&
    plan.members.includes(call.caller)
  );
}

export const label = (call: Call) =>
  `${call.caller === 'none' ? 'no token' : call.caller} -> ${call.image} image, member_id of ${urlMember(call)}, ${call.body}`;

export interface Request {
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** The HTTP request of a call in a world; `current`: the member's status now, for the table's cases. */
export function requestOf(call: Call, world: GlanceWorld, current: string): Request {
  const kind = bodyKinds[call.body] as { body: (current: string) => string; type?: string };
  const headers: Record<string, string> = { 'Content-Type': kind.type ?? jsonType!, Accept: jsonType! };
  if (call.caller === 'unknown_token') headers[authHeader] = 'a-token-nobody-issued';
  else if (call.caller !== 'none') headers[authHeader] = world.tokens[call.caller];
  return {
    path: expandPath(rules.path, { image_id: world.images[call.image], member_id: world.projects[urlMember(call)] }),
    headers,
    body: kind.body(current),
  };
}

export interface Answer {
  status: number;
  /** The parsed JSON, or the text when it is not JSON. */
  body: unknown;
  contentType: string;
}

export async function send(baseUrl: string, request: Request): Promise<Answer> {
  const answer = await fetch(`${baseUrl}${request.path}`, {
    method: rules.method,
    headers: request.headers,
    body: request.body,
  });
  const text = await answer.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // kept as text
  }
  return { status: answer.status, body, contentType: answer.headers.get('content-type') ?? '' };
}

/** A sandbox served over node:http whose world can be swapped between sequences. */
export async function startSandboxTarget(world: World) {
  let current = createSandbox({ world });
  const delegate = { handle: (request) => current.handle(request) } as Sandbox;
  const server = await serveSandbox(delegate);
  return {
    url: server.url,
    /** A fresh sandbox with this world, as `npm start -- --world FILE` would start. */
    load(next: World) {
      current = createSandbox({ world: next });
    },
    state: () => current.state(),
    close: server.close,
  };
}

export interface DivergenceRow {
  case: string;
  request: string;
  /** Whom the row applies to: `the member`, `any caller with a token` or `any caller`. */
  appliesTo: 'the member' | 'any caller with a token' | 'a caller without a token' | 'any caller';
  glance: number;
  sandbox: number;
  why: string;
}

const scopes: DivergenceRow['appliesTo'][] = [
  'the member',
  'any caller with a token',
  'a caller without a token',
  'any caller',
];

/** Whether a row applies to a call: the table's third column, as code. */
export function applies(row: DivergenceRow, call: Call) {
  if (row.appliesTo === 'the member') return reachesValue(call);
  if (row.appliesTo === 'any caller with a token') return call.caller !== 'none' && call.caller !== 'unknown_token';
  if (row.appliesTo === 'a caller without a token') return call.caller === 'none';
  return true;
}

/** The divergence table of docs/glance.md, the one list of what the contract does differently on purpose. */
export function divergenceTable(): DivergenceRow[] {
  const text = readFileSync(join(import.meta.dirname, '../../docs/glance.md'), 'utf8');
  const head = '| case | request | applies to | Glance | sandbox | why |';
  const start = text.indexOf(head);
  if (start < 0) throw new Error(`docs/glance.md has no divergence table (${head})`);
  const rows: DivergenceRow[] = [];
  for (const line of text.slice(start).split('\n').slice(2)) {
    if (!line.startsWith('|')) break;
    const cells = line
      .slice(1, -1)
      .split(' | ')
      .map((cell) => cell.trim());
    const [name, request, appliesTo, glance, sandbox, why] = cells;
    if (!scopes.includes(appliesTo as never))
      throw new Error(`docs/glance.md: row ${name} applies to "${appliesTo}", not one of: ${scopes.join(', ')}`);
    rows.push({
      case: name!.replace(/`/g, ''),
      request: request!,
      appliesTo: appliesTo as DivergenceRow['appliesTo'],
      glance: Number.parseInt(glance!, 10),
      sandbox: Number.parseInt(sandbox!, 10),
      why: why!,
    });
  }
  return rows;
}
