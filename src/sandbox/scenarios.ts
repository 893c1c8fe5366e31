// Scenarios by data: the rows of a world's scenario table as requests a test can send, and the
// triggers among them (reserved values that force an answer), each firing at the step of the
// judging order its kind of answer belongs to.
import { authHeader, exampleIds, expandPath, type OperationId, operationRules } from '../../generated/contract.js';
import { operationOf, resolveRef } from '../spec.js';
import { declaredAnswer, examplesOf, jsonType } from './answers.js';
import type { SandboxAnswer, Scenario, ScenarioRow, World } from './types.js';
import { defaultWorld, operationOfRow } from './world.js';

const [acceptedStatus] = Object.keys(operationRules.updateImageMemberStatus.requestBody.variants);

/** The content type a request body of the operation is sent with (the spec's first). */
const requestTypeOf = (id: OperationId) => {
  const body = operationOf(id).requestBody;
  return body ? Object.keys(resolveRef<{ content: object }>(body).content)[0]! : jsonType;
};

/** The operations only an image's owner makes. */
const ownerCalls = new Set<OperationId>([
  'batchAddImageMembers',
  'batchDeleteImageMembers',
  'listImageMembersV1',
  'showImageMemberV1',
]);

/** Builds a scenario's request from its row: the defaults are the documents' IDs and the member's token. */
function scenarioOf(world: World, row: ScenarioRow): Scenario {
  const r = row.request;
  const operation = operationOfRow(row);
  const rules = operationRules[operation];
  const member = Object.values(world.projects).find((p) => p.id === exampleIds.member_id);
  // The owner's calls (sharing, revoking, reading the members) default to the documents' image's owner.
  const ownerName = world.images.find((i) => i.id === exampleIds.image_id)?.owner;
  const owner = ownerName === undefined ? undefined : world.projects[ownerName];
  const byOwner = ownerCalls.has(operation) && owner !== undefined;
  const actor = byOwner ? owner : member;
  const token = r.token === undefined ? (actor?.tokens?.[0] ?? 'any-token') : r.token;
  const status = r.status ?? acceptedStatus;
  const vault = r.vault_id === undefined ? {} : { vault_id: r.vault_id };
  const projectId = r.project_id ?? actor?.id ?? exampleIds.project_id;
  const members = JSON.stringify({
    images: r.images ?? [r.image_id ?? exampleIds.image_id],
    projects: r.projects ?? [member?.id ?? exampleIds.member_id],
  });
  // What each operation sends by default: a body for the two updates, none for the reads.
  const defaults: Record<OperationId, string | undefined> = {
    updateImageMemberStatus: JSON.stringify({ status, ...vault }),
    batchUpdateImageMembers: JSON.stringify({
      images: r.images ?? [r.image_id ?? exampleIds.image_id],
      project_id: projectId,
      status,
      ...vault,
    }),
    showMemberSchema: undefined,
    showJobProgress: undefined,
    showJob: undefined,
    batchAddImageMembers: members,
    batchDeleteImageMembers: members,
    listImageMembersV1: undefined,
    showImageMemberV1: undefined,
    listVersions: undefined,
    listVersionsDocument: undefined,
    listImages: undefined,
    showImage: undefined,
    showImageSchema: undefined,
    showImagesSchema: undefined,
    addImageMember: JSON.stringify({ member: r.member ?? exampleIds.member_id }),
    listImageMembers: undefined,
    showImageMember: undefined,
    deleteImageMember: undefined,
    showMembersSchema: undefined,
  };
  // A row's query: listImages' as written, listImageMembersV1's page size and marker.
  const query = [
    r.query,
    new URLSearchParams({
      ...(r.limit === undefined ? {} : { limit: r.limit }),
      ...(r.marker === undefined ? {} : { marker: r.marker }),
    }).toString(),
  ]
    .filter(Boolean)
    .join('&');
  const body = 'body' in r ? r.body : defaults[operation];
  // Asking for JSON, as the project's client does: a Glance-shaped answer is then the spec's example
  // itself (with `*/*` or no Accept, Glance and so the sandbox answer it as HTML or plain text).
  const headers: Record<string, string> = { Accept: jsonType };
  if (body !== undefined) headers['Content-Type'] = requestTypeOf(operation);
  if (token !== null) headers[authHeader] = token;
  return {
    name: row.name,
    summary: row.summary,
    trigger: row.trigger ?? false,
    ...(operation === 'updateImageMemberStatus' ? {} : { operation }),
    request: {
      method: rules.method,
      path:
        expandPath(rules.path, {
          image_id: r.image_id ?? exampleIds.image_id,
          member_id: r.member_id ?? exampleIds.member_id,
          project_id: projectId,
          job_id: r.job_id ?? world.jobs?.[0]?.id ?? exampleIds.job_id,
        }) + (query ? `?${query}` : ''),
      headers,
      body,
    },
    status: row.answer.status,
    example: row.answer.example ?? '',
  };
}

/**
 * The scenario rows a world plays: its own, or, when it names none, the default table's triggers
 * (reserved values, true of any world; the other rows describe the default world only).
 */
export const rowsOf = (world: World) =>
  world.scenarios ??
  (world === defaultWorld ? defaultWorld.scenarios : defaultWorld.scenarios?.filter((r) => r.trigger)) ??
  [];

/** The scenarios of a world (the default world's when none is given), as requests to send. */
export function scenariosOf(world: World = defaultWorld): Scenario[] {
  return rowsOf(world).map((row) => scenarioOf(world, row));
}

/** The default world's scenarios: loop over them in your own tests. */
export const scenarios: readonly Scenario[] = scenariosOf(defaultWorld);

/**
 * Where a trigger fires in the judging order: `identity` (a token and no image: right after the
 * token is read), `reserved` (an image the world does not have: any caller meets it, once the
 * body's shape is judged), `world` (an image of the world, or body values only: once the world
 * has judged the caller and the status value).
 */
export type Phase = 'identity' | 'reserved' | 'world';

/** What a trigger is matched against: the token, the URL's parameters, the body's fields. */
export interface TriggerInput {
  operation: OperationId;
  token: string;
  params: Readonly<Record<string, string>>;
  fields: Readonly<Record<string, unknown>>;
}

export interface Triggers {
  /** The forced answer of the first trigger of this phase the request matches, or undefined. */
  fire(phase: Phase, input: TriggerInput): SandboxAnswer | undefined;
  /** Forgets the call counters of rows with `times`. */
  reset(): void;
}

const same = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b);

export function createTriggers(
  world: World,
  known: { image: (id: string) => boolean; job: (id: string) => boolean },
): Triggers {
  const phaseOf = (row: ScenarioRow): Phase => {
    const r = row.request;
    const images = [...(r.image_id === undefined ? [] : [r.image_id]), ...(r.images ?? [])];
    const jobs = r.job_id === undefined ? [] : [r.job_id];
    if (images.length + jobs.length === 0) return r.token !== undefined ? 'identity' : 'world';
    return images.every(known.image) && jobs.every(known.job) ? 'world' : 'reserved';
  };
  const rows = rowsOf(world)
    .filter((row) => row.trigger)
    .map((row) => ({ row, phase: phaseOf(row), operation: operationOfRow(row) }));
  const counters = new Map<string, number>();

  function matches(row: ScenarioRow, input: TriggerInput) {
    for (const [key, wanted] of Object.entries(row.request)) {
      if (key === 'body') continue;
      if (key === 'token') {
        if (wanted !== input.token) return false;
      } else if (key in input.params) {
        const actual = input.params[key]!;
        // Image IDs are UUIDs: any case names the same image.
        if (key === 'image_id' ? String(wanted).toLowerCase() !== actual.toLowerCase() : wanted !== actual)
          return false;
      } else if (!same(wanted, input.fields[key])) return false;
    }
    return true;
  }

  return {
    fire(phase, input) {
      for (const { row, phase: at, operation } of rows) {
        if (at !== phase || !matches(row, input)) continue;
        // A token is judged before any operation: a trigger on a token alone answers for every
        // operation that declares its answer; any other trigger for its own operation only.
        const declared = examplesOf(input.operation)[row.answer.status]?.[row.answer.example ?? ''] !== undefined;
        if (phase === 'identity' ? !declared : operation !== input.operation) continue;
        const times = row.answer.times;
        if (times !== undefined) {
          const count = counters.get(row.name) ?? 0;
          counters.set(row.name, count + 1);
          if (count % (times + 1) === times) continue; // this call goes through
        }
        const retryAfter = row.answer.retry_after;
        return declaredAnswer(
          input.operation,
          row.answer.status,
          row.answer.example ?? '',
          input.params,
          retryAfter === undefined ? {} : { 'Retry-After': String(retryAfter) },
        );
      }
      return undefined;
    },
    reset: () => counters.clear(),
  };
}
