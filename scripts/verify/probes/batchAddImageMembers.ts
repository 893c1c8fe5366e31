// Probes of batchAddImageMembers (POST /v1/cloudimages/members): the contract's bad requests, and
// sharing with yourself. Each names only an image no server has (a fresh random ID), so even a
// server that wrongly takes one starts a job that shares nothing. The bad bodies and the missing
// token are batchDeleteImageMembers' too (`memberBatchProbes`).
import type { Options } from '../args.js';
import type { Probe } from '../probe.js';
import { declaredStatusOf } from './declared.js';

export function batchAddImageMembersProbes(o: Options): Probe[] {
  const operationId = 'batchAddImageMembers';
  return [
    ...memberBatchProbes(o, operationId, 'share'),
    {
      operationId,
      label: 'share: with your own project',
      pathValues: {},
      body: JSON.stringify({ images: [crypto.randomUUID()], projects: [o.projectId] }),
      auth: true,
      expected: declaredStatusOf(operationId, 'share_with_self'),
      reason: 'share_with_self',
    },
  ];
}

/** Bodies the contract refuses for a batch add or delete, and no token: a fresh random image and project each. */
export function memberBatchProbes(
  o: Options,
  operationId: 'batchAddImageMembers' | 'batchDeleteImageMembers',
  verb: string,
): Probe[] {
  const nobody = crypto.randomUUID();
  const project = crypto.randomUUID().replaceAll('-', '');
  const probe = (label: string, body: unknown, auth = true, expected = 400): Probe => ({
    operationId,
    label: `${verb}: ${label}`,
    pathValues: {},
    body: body === undefined ? undefined : JSON.stringify(body),
    auth,
    expected,
  });
  return [
    probe('empty image list', { images: [], projects: [project] }),
    probe('empty project list', { images: [nobody], projects: [] }),
    probe('invalid image ID', { images: ['not-an-image-id'], projects: [project] }),
    probe('duplicate project', { images: [nobody], projects: [project, project] }),
    probe('a field the call does not take', { images: [nobody], projects: [project], project_id: o.projectId }),
    probe('body missing', undefined),
    probe('no token', { images: [nobody], projects: [project] }, false, 401),
  ];
}
