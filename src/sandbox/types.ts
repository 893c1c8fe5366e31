// The sandbox's public shapes: a request in, an answer out, and the sandbox itself.
import type { JobView } from './jobs.js';
import type { Scenario, World } from './world.js';

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
  visibility: 'shared' | 'private' | 'public';
  full_ecs_by_cbr: boolean;
  /** A full-ECS image (a CBR one or not). */
  full_ecs: boolean;
  /** Encrypted with the default key. */
  encrypted: boolean;
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
