// The bundled spec and its examples, for tests that derive their expectations from it.
import spec from '../../generated/openapi.json' with { type: 'json' };

export { spec };
export const imageId = spec.components.parameters.ImageId.example;
export const memberId = spec.components.parameters.MemberId.example;

type Example = { summary?: string; value: unknown };
type Responses = Record<string, { $ref: string }>;
const operation = spec.paths['/v2/images/{image_id}/members/{member_id}'].put as unknown as { responses: Responses };

function deref<T>(ref: { $ref: string }): T {
  return ref.$ref
    .slice(2)
    .split('/')
    .reduce<unknown>((at, key) => (at as Record<string, unknown>)[key], spec) as T;
}

/** Every declared response: status code and its named examples. */
export const responseExamples: { status: number; examples: Record<string, Example> }[] = Object.entries(operation.responses).map(
  ([status, ref]) => ({
    status: Number(status),
    examples: deref<{ content: { 'application/json': { examples: Record<string, Example> } } }>(ref).content['application/json'].examples,
  }),
);

/** The request body's named examples. */
export const requestExamples = spec.components.requestBodies.MemberStatusUpdate.content['application/json'].examples as Record<string, Example>;

/** The URL of the member resource on a server. */
export const memberUrl = (baseUrl: string, image = imageId, member = memberId) => `${baseUrl}/v2/images/${image}/members/${member}`;
