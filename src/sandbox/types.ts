// The sandbox's shapes: a request in, an answer out, the world file, the state it keeps, its jobs,
// and the sandbox itself. A leaf: it imports nothing from the modules beside it (only the generated
// contract and types), so any of them may import it and no import circle passes through it.
// Statuses are the spec's (generated/contract.ts, from components.schemas), not retyped.
import type { JobStatus, MemberDecision, MemberStatus, OperationId } from '../../generated/contract.js';

export type { JobStatus, MemberDecision, MemberStatus };

export interface SandboxRequest {
  method: string;
  /** The path, optionally with its query (read by the operations that take one; an AK/SK signature covers it). */
  path: string;
  headers?: Headers | Record<string, string | string[] | undefined>;
  /** The body's text; undefined when none was sent. */
  body?: string | undefined;
  /** The authority the request was sent to (`host[:port]`), when no `Host` header carries it (fetch, MSW): AK/SK signs it. */
  host?: string | undefined;
  /**
   * true when a GET or HEAD may have had a body the transport could not hand over (MSW: a fetch
   * `Request` cannot carry one): an AK/SK signature over `{}`, which Huawei's Node SDK sends with
   * every GET, is then accepted too.
   */
  bodyUnreadable?: boolean;
}

export interface SandboxAnswer {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export interface SandboxOptions {
  /** The world to start from (checked on creation); default the repository's world.yaml. */
  world?: World;
  /** The clock, for tests; default the system clock. */
  now?: () => Date;
}

/** A world file, as written in YAML or JSON (see openapi/sandbox/world.schema.json). */
export interface World {
  any_token?: string;
  /**
   * Who refuses a missing or unknown token: Huawei's API gateway (default, its JSON) or upstream
   * Glance (its 401, negotiated by Accept), for a world that stands for a plain Glance.
   */
  identity_shape?: 'gateway' | 'glance';
  projects: Record<
    string,
    {
      id: string;
      tokens?: string[];
      /** AK/SK pairs that sign as this project (src/sandbox/aksk.ts); a temporary key has its security token. */
      access_keys?: { ak: string; sk: string; security_token?: string }[];
    }
  >;
  images: {
    id: string;
    owner: string;
    visibility?: 'shared' | 'private' | 'public';
    full_ecs_by_cbr?: boolean;
    /** A full-ECS image; without `full_ecs_by_cbr` it cannot be shared (IMG.0135). */
    full_ecs?: boolean;
    /** Encrypted with the default key: it cannot be shared (IMG.0098). */
    encrypted_default_key?: boolean;
    /** Who answers a malformed request on this image: IMS (default) or upstream Glance, in its shape. */
    error_shape?: 'ims' | 'glance';
    /** What image answers show (see world.schema.json for the defaults). */
    name?: string | null;
    status?: ImageState['status'];
    disk_format?: string | null;
    container_format?: string | null;
    size?: number | null;
    min_disk?: number;
    min_ram?: number;
    protected?: boolean;
    os_hidden?: boolean;
    tags?: string[];
    created_at?: string;
    updated_at?: string;
    /** Further properties answered as top-level fields (Huawei's `__imagetype`, `__os_type`...). */
    properties?: Record<string, string>;
    members?: {
      project: string;
      status?: MemberStatus;
      created_at: string;
      updated_at?: string;
      vaults?: string[];
    }[];
  }[];
  scenarios?: ScenarioRow[];
  /** How long a member job takes on the sandbox's clock (defaults: 500 ms INIT, 2000 ms RUNNING). */
  job_timing?: { init_ms?: number; running_ms?: number };
  /** A job whose images partly fail ends `FAIL` (the contract's choice, the default) or `SUCCESS`. */
  partial_failure?: 'fail' | 'success';
  /** Member jobs that exist when the sandbox starts, run on its clock like submitted ones. */
  jobs?: WorldJob[];
  /**
   * Where a batch add or delete meets a fault of one image (not the caller's, public, encrypted,
   * full-ECS, the member quota): in the job's results (`job`, the contract's choice, the default),
   * or at once, the whole request refused with that fault's answer (`request`).
   */
  image_faults?: 'job' | 'request';
  /** The most members an image may have (Huawei's: 256 for a system or data disk image, 10 for a full-ECS one). */
  share_limits?: { disk?: number; full_ecs?: number };
}

/** A member job of the world file. */
export interface WorldJob {
  id: string;
  /** What the job does: a member's status update (default), or the owner adding or removing members. */
  kind?: 'update' | 'add' | 'delete';
  /** The project the job acts for: the member for an update, the owner for an add or delete. */
  project: string;
  images: string[];
  /** add, delete: the projects (by name) added to or removed from each image. */
  projects?: string[];
  /** update: the status set. */
  status?: MemberDecision;
  vault_id?: string;
  /** UTC with milliseconds. */
  submitted_at: string;
  /** A job that never ends: it stays `INIT` or `RUNNING`. */
  stays?: Extract<JobStatus, 'INIT' | 'RUNNING'>;
}

/**
 * One row of the scenario table as the world file holds it. Its answer names an example as data:
 * `checkWorld` holds it to the spec (and `npm run generate` the default world's).
 */
export interface ScenarioRow {
  name: string;
  summary: string;
  trigger?: boolean;
  /** The operationId the row is about; default `updateImageMemberStatus`. */
  operation?: OperationId;
  request: {
    token?: string | null;
    image_id?: string;
    member_id?: string;
    status?: string;
    vault_id?: string;
    /** batchUpdateImageMembers: the images (default the documents' image) and project (default the member's). */
    images?: string[];
    project_id?: string;
    /** addImageMember: the project to add (default the documents' member). */
    member?: string;
    /** showJobProgress, showJob: the job (default the world's first job). */
    job_id?: string;
    /** batchAddImageMembers, batchDeleteImageMembers: the projects (default the member's). */
    projects?: string[];
    /** listImageMembersV1: the query's page size and marker. */
    limit?: string;
    marker?: string;
    /** listImages: the query string, without `?`. */
    query?: string;
    body?: string;
  };
  /** `example` is absent for an answer without a body (204). */
  answer: { status: number; example?: string; retry_after?: number; times?: number };
}

/** A scenario as a consumer's test can send it: the exact request and the status it gets. */
export interface Scenario {
  name: string;
  summary: string;
  /** The operationId, when not `updateImageMemberStatus`. */
  operation?: OperationId;
  /** true: reserved values force the answer; false: the world answers so by itself. */
  trigger: boolean;
  request: { method: string; path: string; headers: Record<string, string>; body: string | undefined };
  status: number;
  /** The spec's named example the answer's body is ('' for an answer without a body). */
  example: string;
}

export interface WorldProblem {
  /** JSON path into the world, e.g. `$.images[0].owner`. */
  path: string;
  /** The JSON Schema keyword or the world rule that failed. */
  rule: string;
  message: string;
}

export interface MemberState {
  project: string;
  status: MemberStatus;
  created_at: string;
  updated_at: string;
  vaults: string[];
}

export interface ImageState {
  id: string;
  owner: string;
  visibility: 'shared' | 'private' | 'public';
  full_ecs_by_cbr: boolean;
  name: string | null;
  status:
    | 'queued'
    | 'saving'
    | 'active'
    | 'killed'
    | 'deleted'
    | 'pending_delete'
    | 'deactivated'
    | 'uploading'
    | 'importing';
  disk_format: string | null;
  container_format: string | null;
  size: number | null;
  min_disk: number;
  min_ram: number;
  protected: boolean;
  os_hidden: boolean;
  tags: string[];
  created_at: string;
  updated_at: string;
  /** Further properties, answered as top-level fields. */
  properties: Record<string, string>;
  /** A full-ECS image (also when created from a CBR backup). */
  full_ecs: boolean;
  encrypted_default_key: boolean;
  members: MemberState[];
}

/** One image's outcome, once the job has reached it. */
export interface JobResult {
  image_id: string;
  project_id: string;
  status: Extract<JobStatus, 'SUCCESS' | 'FAIL'>;
  /** Why it failed: the IMS error code and message (kept for the job's own error_code and fail_reason). */
  error?: { code: string; message: string };
}

/** What a job does: a member sets its status, or the owner adds or removes members. */
export type JobKind = 'update' | 'add' | 'delete';

/** A job as `/__sandbox/state` and the job operations show it. */
export interface JobView {
  job_id: string;
  job_type: string;
  kind: JobKind;
  /** The project the job acts for (by name): the member of an update, the owner of an add or delete. */
  project: string;
  status: JobStatus;
  begin_time: string | null;
  end_time: string | null;
  error_code: string | null;
  fail_reason: string | null;
  process_percent: number;
  results: JobResult[];
  images: string[];
  /** An update's status and vault; an add's or delete's projects (by name). */
  request: { status?: MemberDecision; vault_id?: string; projects?: string[] };
}

export interface Sandbox {
  /** Answers one request, as the service would. */
  handle(request: SandboxRequest): SandboxAnswer;
  /** Back to the world as it was created: statuses, times and scenario counters. */
  reset(): void;
  /** The world now: every image and member, and every job, for tests and `GET /__sandbox/state`. */
  state(): { any_token?: string; projects: World['projects']; images: ImageState[]; jobs: JobView[] };
  /** The world's scenarios, as requests. */
  readonly scenarios: readonly Scenario[];
  readonly world: World;
  /**
   * A `fetch` answered by this sandbox, no port needed:
   * `createImsClient({ baseUrl: 'http://sandbox', token, fetch: sandbox.fetch })`.
   */
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
}
