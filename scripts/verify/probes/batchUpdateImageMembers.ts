// Probes of batchUpdateImageMembers (PUT /v1/cloudimages/members): the contract's bad requests.
// Each names only an image no server has (a fresh random ID), so even a server that wrongly
// takes one starts a job that can change nothing; the real batch is --apply's (see ../apply.ts).
import type { Options } from '../args.js';
import type { Probe } from '../probe.js';

export function batchUpdateImageMembersProbes(o: Options): Probe[] {
  const operationId = 'batchUpdateImageMembers';
  const nobody = crypto.randomUUID();
  const bad = (label: string, body: unknown): Probe => ({
    operationId,
    label: `batch: ${label}`,
    pathValues: {},
    body: body === undefined ? undefined : JSON.stringify(body),
    auth: true,
    expected: 400,
  });
  const project_id = o.projectId;
  return [
    bad('empty image list', { images: [], project_id, status: 'accepted' }),
    bad('invalid image ID', { images: ['not-an-image-id'], project_id, status: 'accepted' }),
    bad('duplicate image', { images: [nobody, nobody], project_id, status: 'accepted' }),
    bad('vault_id on a reject', { images: [nobody], project_id, status: 'rejected', vault_id: 'vault' }),
    bad('project_id missing', { images: [nobody], status: 'accepted' }),
    bad('unknown status (pending)', { images: [nobody], project_id, status: 'pending' }),
    bad('body missing', undefined),
    {
      operationId,
      label: 'batch: no token',
      pathValues: {},
      body: JSON.stringify({ images: [nobody], project_id, status: 'rejected' }),
      auth: false,
      expected: 401,
    },
  ];
}
