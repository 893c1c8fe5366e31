// Probes of the owner's side of sharing (the Glance v2 member calls): reads of the member the
// options name, and for add and delete only requests that change nothing (a body the service
// refuses before looking at the image, no token, an image that exists nowhere): verify never
// shares or revokes unless asked.
import type { Options } from '../args.js';
import type { Probe } from '../probe.js';

export function addImageMemberProbes(o: Options): Probe[] {
  const operationId = 'addImageMember';
  const at = (imageId: string) => ({ image_id: imageId });
  const valid = JSON.stringify({ member: o.memberId });
  // --share: the one real add, a pending member of the image (the revoke follows in deleteImageMember's).
  const share: Probe[] = o.share
    ? [
        {
          operationId,
          label: 'share with --share',
          pathValues: at(o.imageId),
          body: JSON.stringify({ member: o.share }),
          auth: true,
          expected: 200,
          echo: { image_id: o.imageId, member_id: o.share, status: 'pending' },
        },
      ]
    : [];
  return [
    ...share,
    { operationId, label: 'add: body missing', pathValues: at(o.imageId), body: undefined, auth: true, expected: 400 },
    {
      operationId,
      label: 'add: member missing',
      pathValues: at(o.imageId),
      body: '{}',
      auth: true,
      expected: 400,
    },
    { operationId, label: 'add: no token', pathValues: at(o.imageId), body: valid, auth: false, expected: 401 },
    {
      operationId,
      label: 'add: unknown image',
      pathValues: at(crypto.randomUUID()),
      body: valid,
      auth: true,
      expected: 404,
      reason: 'image_not_found',
    },
  ];
}

export function listImageMembersProbes(o: Options): Probe[] {
  const operationId = 'listImageMembers';
  return [
    {
      operationId,
      label: 'list members',
      pathValues: { image_id: o.imageId },
      body: undefined,
      auth: true,
      expected: 200,
    },
    {
      operationId,
      label: 'list: no token',
      pathValues: { image_id: o.imageId },
      body: undefined,
      auth: false,
      expected: 401,
    },
    {
      operationId,
      label: 'list: unknown image',
      pathValues: { image_id: crypto.randomUUID() },
      body: undefined,
      auth: true,
      expected: 404,
      reason: 'image_not_found',
    },
  ];
}

export function showImageMemberProbes(o: Options): Probe[] {
  const operationId = 'showImageMember';
  const at = (imageId: string) => ({ image_id: imageId, member_id: o.memberId });
  return [
    {
      operationId,
      label: 'show the member',
      pathValues: at(o.imageId),
      body: undefined,
      auth: true,
      expected: 200,
      echo: { image_id: o.imageId, member_id: o.memberId },
    },
    { operationId, label: 'show: no token', pathValues: at(o.imageId), body: undefined, auth: false, expected: 401 },
    {
      operationId,
      label: 'show: unknown image',
      pathValues: at(crypto.randomUUID()),
      body: undefined,
      auth: true,
      expected: 404,
      reason: 'image_not_found',
    },
  ];
}

export function deleteImageMemberProbes(o: Options): Probe[] {
  const operationId = 'deleteImageMember';
  const at = (imageId: string) => ({ image_id: imageId, member_id: o.memberId });
  // --share: revoke the member added, then read it: gone.
  const revoke: Probe[] = o.share
    ? [
        {
          operationId,
          label: 'revoke --share',
          pathValues: { image_id: o.imageId, member_id: o.share },
          body: undefined,
          auth: true,
          expected: 204,
        },
        {
          operationId: 'showImageMember',
          label: 'show the revoked member',
          pathValues: { image_id: o.imageId, member_id: o.share },
          body: undefined,
          auth: true,
          expected: 404,
          reason: 'member_not_found',
        },
      ]
    : [];
  return [
    ...revoke,
    { operationId, label: 'delete: no token', pathValues: at(o.imageId), body: undefined, auth: false, expected: 401 },
    {
      operationId,
      label: 'delete: unknown image',
      pathValues: at(crypto.randomUUID()),
      body: undefined,
      auth: true,
      expected: 404,
      reason: 'image_not_found',
    },
  ];
}

export function showMembersSchemaProbes(_: Options): Probe[] {
  const operationId = 'showMembersSchema';
  return [
    { operationId, label: 'member list schema', pathValues: {}, body: undefined, auth: true, expected: 200 },
    { operationId, label: 'member list schema: no token', pathValues: {}, body: undefined, auth: false, expected: 401 },
  ];
}
