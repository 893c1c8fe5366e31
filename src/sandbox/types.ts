// The sandbox's public shapes: a request in, an answer out, and the sandbox itself.
import type { JobView } from './jobs.js';
import type { Scenario, World } from './world.js';

export interface SandboxRequest {
  method: string;
  /** The path, optionally with its query (routing ignores it; an AK/SK signature covers it). */
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
