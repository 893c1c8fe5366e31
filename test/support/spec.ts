// The bundled spec and its examples, for tests that derive their expectations from it.
import { expandPath, operationRules } from '../../generated/contract.js';
import { operation, resolveRef, spec } from '../../src/spec.js';

export { spec };
export const imageId = spec.components.parameters.ImageId.example;
export const memberId = spec.components.parameters.MemberId.example;

type Example = { summary?: string; value: unknown };

/** Every declared response: status code and its named examples. */
export const responseExamples: { status: number; examples: Record<string, Example> }[] = Object.entries(
  operation.responses,
).map(([status, ref]) => ({
  status: Number(status),
  examples: resolveRef<{ content: { 'application/json': { examples: Record<string, Example> } } }>(ref).content[
    'application/json'
  ].examples,
}));

/** The request body's named examples. */
export const requestExamples = spec.components.requestBodies.MemberStatusUpdate.content['application/json']
  .examples as Record<string, Example>;

/** The URL of the member resource on a server. */
export const memberStatusPath = operationRules.updateImageMemberStatus.path;

/** The URL of the member resource on a server (IDs percent-encoded). */
export const memberUrl = (baseUrl: string, image = imageId, member = memberId) =>
  baseUrl + expandPath(memberStatusPath, { image_id: image, member_id: member });
