// The world: projects and their tokens, images and their members, the scenario rows; how a world
// file is checked on load; and the state a sandbox keeps of it, keyed for lookups (by image ID, by
// token) so that a world of 100,000 images serves as fast as one of four.
import { type OperationId, operationRules } from '../../generated/contract.js';
import sandboxData from '../../generated/sandbox.json' with { type: 'json' };
import { type SchemaError, validators } from '../../generated/validators.js';
import { jsonPath } from '../validate.js';
import { accessKeyProblems } from './aksk.js';
import { examplesOf } from './answers.js';
import { breaks } from './rules.js';
import type { ImageState, MemberState, ScenarioRow, World, WorldProblem } from './types.js';

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

/** The operation a scenario row is about (the member update unless it names another). */
export const operationOfRow = (row: ScenarioRow): OperationId => row.operation ?? 'updateImageMemberStatus';

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
  // The world schema, compiled at generate time (generated/validators.ts): no ajv at run time.
  if (!validators.world(value)) return schemaProblems(validators.world.errors ?? []);
  const world = value as World;
  const problems: WorldProblem[] = [];
  const add = (path: string, rule: string, message: string) =>
    problems.push({ path, rule, message: `${path} ${message}` });
  const projectNames = new Set(Object.keys(world.projects));
  const names = `one of the projects: ${[...projectNames].join(', ')}`;
  const idRules = operationRules.updateImageMemberStatus.pathParameters;
  const none: { rule: string; message: string }[] = [];
  const idProblems = (name: keyof typeof idRules, value: string) => {
    const broken = breaks(idRules[name], value);
    return broken ? [{ rule: broken.rule, message: `${name} ${broken.message}` }] : none;
  };

  if (world.any_token !== undefined && !projectNames.has(world.any_token))
    add('$.any_token', 'reference', `must be ${names}`);
  const ids = new Map<string, string>();
  const tokens = new Map<string, string>();
  for (const [name, project] of Object.entries(world.projects)) {
    const at = `$.projects.${name}`;
    for (const v of idProblems('member_id', project.id))
      add(`${at}.id`, v.rule, `must be a member_id the spec accepts: ${v.message}`);
    if (ids.has(project.id)) add(`${at}.id`, 'unique', `repeats the ID of project ${ids.get(project.id)}`);
    ids.set(project.id, name);
    for (const [i, token] of (project.tokens ?? []).entries()) {
      if (tokens.has(token)) add(`${at}.tokens[${i}]`, 'unique', `repeats a token of project ${tokens.get(token)}`);
      tokens.set(token, name);
    }
  }
  problems.push(...accessKeyProblems(world));
  // A world may hold 100,000 images: this loop builds no text unless there is a problem to report.
  const imageIds = new Map<string, number>();
  const images = world.images;
  for (let i = 0; i < images.length; i++) {
    const image = images[i]!;
    for (const v of idProblems('image_id', image.id))
      add(`$.images[${i}].id`, v.rule, `must be an image_id the spec accepts: ${v.message}`);
    const key = image.id.toLowerCase();
    const earlier = imageIds.get(key);
    if (earlier !== undefined) add(`$.images[${i}].id`, 'unique', `repeats the ID of $.images[${earlier}]`);
    else imageIds.set(key, i);
    if (!projectNames.has(image.owner)) add(`$.images[${i}].owner`, 'reference', `must be ${names}`);
    const members = image.members ?? [];
    for (let j = 0; j < members.length; j++) {
      const project = members[j]!.project;
      const path = () => `$.images[${i}].members[${j}].project`;
      if (!projectNames.has(project)) add(path(), 'reference', `must be ${names}`);
      if (project === image.owner) add(path(), 'not-owner', 'is the owner: an image cannot be shared with itself');
      for (let k = 0; k < j; k++)
        if (members[k]!.project === project) add(path(), 'unique', `repeats member ${project}`);
    }
  }
  const scenarioNames = new Set<string>();
  for (const [i, row] of (world.scenarios ?? []).entries()) {
    const at = `$.scenarios[${i}]`;
    if (scenarioNames.has(row.name)) add(`${at}.name`, 'unique', `repeats scenario ${row.name}`);
    scenarioNames.add(row.name);
    if (row.operation !== undefined && !(row.operation in operationRules)) {
      add(
        `${at}.operation`,
        'operation',
        `must be an operationId of the spec: ${Object.keys(operationRules).join(', ')}`,
      );
      continue;
    }
    const examples = examplesOf(operationOfRow(row));
    const declared = examples[row.answer.status];
    if (!declared)
      add(`${at}.answer.status`, 'declared', `must be a status the spec declares: ${Object.keys(examples).join(', ')}`);
    else if (Object.keys(declared).length === 0) {
      // An answer without a body (a deleted member's 204) has no example to name.
      if (row.answer.example !== undefined)
        add(`${at}.answer.example`, 'example', `must be left out: ${row.answer.status} has no body`);
    } else if (row.answer.example === undefined || !declared[row.answer.example])
      add(
        `${at}.answer.example`,
        'example',
        `(scenario "${row.name}") names no example "${row.answer.example}" of ${operationOfRow(row)} for ${row.answer.status}: it must be one of ${Object.keys(declared).join(', ')}`,
      );
    if (row.trigger && Object.keys(row.request).filter((k) => k !== 'body').length === 0)
      add(`${at}.request`, 'trigger', 'must name a token, an ID, status or vault_id for a trigger to match');
    if (row.trigger && 'body' in row.request)
      add(`${at}.request.body`, 'trigger', 'cannot be matched: a trigger matches token, IDs, status or vault_id');
  }
  const jobIds = new Set<string>();
  const jobRule = operationRules.showJobProgress.pathParameters.job_id;
  for (const [i, job] of (world.jobs ?? []).entries()) {
    const at = `$.jobs[${i}]`;
    const broken = breaks(jobRule, job.id);
    if (broken) add(`${at}.id`, broken.rule, `must be a job_id the spec accepts: job_id ${broken.message}`);
    if (jobIds.has(job.id)) add(`${at}.id`, 'unique', `repeats job ${job.id}`);
    jobIds.add(job.id);
    if (!projectNames.has(job.project)) add(`${at}.project`, 'reference', `must be ${names}`);
    const kind = job.kind ?? 'update';
    if (kind === 'update' && job.status === undefined) add(`${at}.status`, 'required', 'is required for an update job');
    if (kind !== 'update' && job.projects === undefined)
      add(`${at}.projects`, 'required', `is required for an ${kind} job`);
    for (const [j, project] of (job.projects ?? []).entries())
      if (!projectNames.has(project)) add(`${at}.projects[${j}]`, 'reference', `must be ${names}`);
    for (const [j, image] of job.images.entries())
      for (const v of idProblems('image_id', image))
        add(`${at}.images[${j}]`, v.rule, `must be an image_id the spec accepts: ${v.message}`);
  }
  return problems;
}

/** What a sandbox keeps of its world while it runs: the images and members now, keyed for lookups. */
/** An image's creation time when the world gives none and it has no member to date it by. */
const defaultImageTime = '2016-09-01T02:05:14Z';
/** The earliest created_at of an image's members (times of one format sort as text). */
const earliest = (members: { created_at: string }[]) =>
  members.length ? members.map((m) => m.created_at).sort()[0] : undefined;

export interface WorldState {
  readonly world: World;
  /** The image of that ID (any case), or undefined. */
  image(id: string): ImageState | undefined;
  /** The member entry of a project on an image, or undefined. */
  member(image: ImageState, project: string): MemberState | undefined;
  /** The project a token belongs to (or the world's `any_token` project), or undefined: 401. */
  caller(token: string): string | undefined;
  /** The project ID of a project name. */
  projectId(name: string): string;
  /** The project name of a project ID, or undefined. */
  projectNamed(id: string): string | undefined;
  /** Whether the world has an image of that ID (as loaded; for where triggers fire). */
  hasImage(id: string): boolean;
  /** Whether malformed requests on that image are answered in upstream Glance's shape. */
  glanceShaped(id: string): boolean;
  /**
   * The first `created_at` of a project's membership the owner deleted, or undefined: Glance keeps
   * it, and a project added again shows it (measured). `forget` records one at a deletion.
   */
  removedAt(image: ImageState, project: string): string | undefined;
  forget(image: ImageState, member: MemberState): void;
  reset(): void;
  /** Every image and member, in the world file's order. */
  images(): ImageState[];
}

export function createWorldState(world: World): WorldState {
  const tokenOwner = new Map<string, string>();
  for (const [name, project] of Object.entries(world.projects))
    for (const token of project.tokens ?? []) tokenOwner.set(token, name);
  const projectByIds = new Map(Object.entries(world.projects).map(([name, p]) => [p.id, name]));
  // The world as loaded, by lower-case ID (image IDs are UUIDs: any case names the same image).
  const loaded = new Map<string, World['images'][number]>();
  for (const image of world.images) loaded.set(image.id.toLowerCase(), image);
  // Copy on first touch: only the images a request reaches get a state of their own, so creating
  // and resetting a sandbox costs nothing per image.
  const live = new Map<string, ImageState>();
  const removed = new Map<string, string>();
  const removedKey = (image: ImageState, project: string) => `${image.id.toLowerCase()} ${project}`;

  const stateOf = (image: World['images'][number]): ImageState => {
    const created_at = image.created_at ?? earliest(image.members ?? []) ?? defaultImageTime;
    return {
      id: image.id,
      owner: image.owner,
      visibility: image.visibility ?? 'shared',
      full_ecs_by_cbr: image.full_ecs_by_cbr ?? false,
      full_ecs: (image.full_ecs ?? false) || (image.full_ecs_by_cbr ?? false),
      encrypted_default_key: image.encrypted_default_key ?? false,
      name: image.name ?? null,
      status: image.status ?? 'active',
      disk_format: image.disk_format === undefined ? 'zvhd2' : image.disk_format,
      container_format: image.container_format === undefined ? 'bare' : image.container_format,
      size: image.size ?? null,
      min_disk: image.min_disk ?? 0,
      min_ram: image.min_ram ?? 0,
      protected: image.protected ?? false,
      os_hidden: image.os_hidden ?? false,
      tags: [...(image.tags ?? [])],
      created_at,
      updated_at: image.updated_at ?? created_at,
      properties: { ...(image.properties ?? {}) },
      members: (image.members ?? []).map((m) => ({
        project: m.project,
        status: m.status ?? 'pending',
        created_at: m.created_at,
        updated_at: m.updated_at ?? m.created_at,
        vaults: [...(m.vaults ?? [])],
      })),
    };
  };

  return {
    world,
    image(id) {
      const key = id.toLowerCase();
      let image = live.get(key);
      if (!image) {
        const source = loaded.get(key);
        if (!source) return undefined;
        image = stateOf(source);
        live.set(key, image);
      }
      return image;
    },
    // An image has at most a few hundred members (IMS allows 256), so a scan here stays cheap.
    member: (image, project) => image.members.find((m) => m.project === project),
    caller: (token) => tokenOwner.get(token) ?? world.any_token,
    projectId: (name) => world.projects[name]!.id,
    projectNamed: (id) => projectByIds.get(id),
    hasImage: (id) => loaded.has(id.toLowerCase()),
    glanceShaped: (id) => loaded.get(id.toLowerCase())?.error_shape === 'glance',
    removedAt: (image, project) => removed.get(removedKey(image, project)),
    forget(image, member) {
      const at = image.members.indexOf(member);
      if (at >= 0) image.members.splice(at, 1);
      if (!removed.has(removedKey(image, member.project)))
        removed.set(removedKey(image, member.project), member.created_at);
    },
    reset() {
      live.clear();
      removed.clear();
    },
    images: () => world.images.map((image) => live.get(image.id.toLowerCase()) ?? stateOf(image)),
  };
}
