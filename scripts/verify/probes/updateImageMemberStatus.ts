// Probes of updateImageMemberStatus (PUT /v2/images/{image_id}/members/{member_id}): the
// contract's bad requests, which change nothing, and the real update when asked for.
import type { Options } from '../args.js';
import type { Probe } from '../probe.js';

export function updateImageMemberStatusProbes(o: Options): Probe[] {
  const operationId = 'updateImageMemberStatus';
  const at = (imageId: string) => ({ image_id: imageId, member_id: o.memberId });
  const valid = JSON.stringify({ status: 'rejected' });
  const probes: Probe[] = [
    {
      operationId,
      label: 'invalid status value (ACCEPTED)',
      pathValues: at(o.imageId),
      body: '{"status":"ACCEPTED"}',
      auth: true,
      expected: 400,
    },
    { operationId, label: 'status missing', pathValues: at(o.imageId), body: '{}', auth: true, expected: 400 },
    { operationId, label: 'body missing', pathValues: at(o.imageId), body: undefined, auth: true, expected: 400 },
    { operationId, label: 'no token', pathValues: at(o.imageId), body: valid, auth: false, expected: 401 },
    {
      operationId,
      label: 'unknown image',
      pathValues: at(crypto.randomUUID()),
      body: valid,
      auth: true,
      expected: 404,
    },
  ];
  if (o.status) {
    const body = o.vaultId ? { status: o.status, vault_id: o.vaultId } : { status: o.status };
    probes.push({
      operationId,
      label: `update to ${o.status}${o.vaultId ? ' with vault_id' : ''}`,
      pathValues: at(o.imageId),
      body: JSON.stringify(body),
      auth: true,
      expected: 200,
      echo: { image_id: o.imageId, member_id: o.memberId, status: o.status },
      alone: true,
    });
  }
  return probes;
}
