// IAM's project lookup, `GET /v3/projects?name=<region>`: Huawei's SDKs call it before their first
// request when given an AK/SK and a region but no project ID (`HUAWEICLOUD_SDK_IAM_ENDPOINT`, or
// `iamEndpoint` in the credentials, points it here). It is IAM's API, not IMS's, so it is not in
// the spec (docs/sandbox.md says why); the sandbox answers it from the world so that the shortest
// SDK setup works: the caller's project, named after the region asked for.
import { regionalServer, regionOwnEndpoints } from '../../generated/contract.js';
import { answer } from './answers.js';
import type { SandboxAnswer, SandboxRequest } from './types.js';

/** IAM's path for listing projects (Keystone's). */
export const IAM_PROJECTS_PATH = '/v3/projects';

/** The regions the spec serves: the project names a lookup finds. */
export const knownRegions: readonly string[] = [...regionalServer.regions, ...Object.keys(regionOwnEndpoints)];

export interface IamLookupOptions {
  /** Who asks: a signed request or a token, judged as for any call; or the refusal to send. */
  identify(request: SandboxRequest): { project: string } | { refused: SandboxAnswer };
  projectId(name: string): string;
}

export interface IamLookup {
  projects(request: SandboxRequest, method: string): SandboxAnswer;
}

export function createIamLookup(options: IamLookupOptions): IamLookup {
  return {
    projects(request: SandboxRequest, method: string): SandboxAnswer {
      if (method !== 'GET')
        return answer(
          405,
          { error: { code: 405, title: 'Method Not Allowed', message: `${method} is not served here.` } },
          { Allow: 'GET' },
        );
      const who = options.identify(request);
      if ('refused' in who) return who.refused;
      const query = new URLSearchParams(request.path.split('?')[1] ?? '');
      const name = query.get('name');
      const id = options.projectId(who.project);
      // Keystone answers the projects of the caller's domain that match; here the caller's own
      // project is the only one, and it exists in every region the spec serves.
      const projects =
        name === null || knownRegions.includes(name)
          ? [{ id, name: name ?? who.project, enabled: true, is_domain: false, description: '' }]
          : [];
      return answer(200, { projects, links: { self: request.path, previous: null, next: null } });
    },
  };
}
