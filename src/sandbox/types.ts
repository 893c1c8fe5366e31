// The sandbox's public shapes: a request in, an answer out, and the sandbox itself.
import type { JobView } from './jobs.js';
import type { Scenario, World } from './world.js';

export interface SandboxRequest {
  method: string;
  /** The path, optionally with a query (read by the operations that take one). */
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

export interface SandboxOptions {
  /** The world to start from (checked on creation); default the repository's world.yaml. */
  world?: World;
  /** The clock, for tests; default the system clock. */
  now?: () => Date;
}

export interface MemberState {
  project: string;
  status: 'pending' | 'accepted' | 'rejected';
  created_at: string;
  updated_at: string;
  vaults: string[];
}

export interface ImageState {
  id: string;
  owner: string;
  visibility: 'shared' | 'private';
  full_ecs_by_cbr: boolean;
  name: string | null;
  status: 'queued' | 'saving' | 'active' | 'killed' | 'deleted' | 'pending_delete' | 'deactivated' | 'uploading' | 'importing';
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
  members: MemberState[];
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
