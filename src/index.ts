// A typed client for IMS's "update image member status" call, on openapi-fetch.
// Every type comes from generated/types.ts and every rule checked here from
// generated/contract.ts; both are derived from openapi/openapi.yaml by `npm run generate`.
import createClient, { type Client } from 'openapi-fetch';
import type { components, operations, paths } from '../generated/types.js';
import { memberStatusPath, pathParameterRules, requestBodyFields } from '../generated/contract.js';

export type { components, operations, paths } from '../generated/types.js';

type Schemas = components['schemas'];
/** An image member, as the 200 answer carries it. */
export type Member = Schemas['Member'];
/** The request body: accept (optionally with `vault_id`) or reject. */
export type MemberStatusUpdate = Schemas['MemberStatusUpdate'];
/** Any error body the contract admits (IMS, API gateway or Glance shape). */
export type ErrorBody = Schemas['ErrorBody'];
type Operation = operations['updateImageMemberStatus'];
/** A status code the operation declares for an error. */
export type ErrorStatus = Exclude<keyof Operation['responses'], 200>;

export interface ImsClientOptions {
  /** Where the service is, e.g. `https://ims.cn-north-4.myhuaweicloud.com` or the mock's URL. */
  baseUrl: string;
  /** IAM token, sent as `X-Auth-Token`. Never included in errors. */
  token?: string;
  /** Extra headers sent with every request. */
  headers?: Record<string, string>;
  /** A fetch implementation to use instead of `globalThis.fetch`. */
  fetch?: (request: Request) => Promise<Response>;
}

/** Bad input found before sending: no request left. Names the field and the rule it broke. */
export class ImsInputError extends TypeError {
  override name = 'ImsInputError';
  constructor(
    readonly field: string,
    readonly rule: string,
  ) {
    super(`${field} ${rule}`);
  }
}

/** The service answered with a status other than 200. */
export class ImsApiError extends Error {
  override name = 'ImsApiError';
  constructor(
    readonly status: ErrorStatus | (number & {}),
    readonly code: string | undefined,
    message: string,
    readonly requestId: string | undefined,
    readonly body: ErrorBody | string | undefined,
  ) {
    super(message);
  }
}

/** Checks a path parameter against the spec's rules, so no ID can reroute or malform the URL. */
function checkPathParameter(name: keyof typeof pathParameterRules, value: unknown): string {
  const rule: { minLength?: number; maxLength?: number; pattern: string } = pathParameterRules[name];
  if (typeof value !== 'string') throw new ImsInputError(name, `must be a string, got ${value === null ? 'null' : typeof value}`);
  if (rule.minLength !== undefined && value.length < rule.minLength) throw new ImsInputError(name, `must not be empty`);
  if (rule.maxLength !== undefined && value.length > rule.maxLength)
    throw new ImsInputError(name, `must be at most ${rule.maxLength} characters, got ${value.length}`);
  if (!new RegExp(rule.pattern, 'u').test(value)) throw new ImsInputError(name, `must match ${rule.pattern}`);
  return value;
}

/** Checks the body at run time too: JavaScript callers get no type checks. */
function checkBody(body: unknown): MemberStatusUpdate {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ImsInputError('body', 'must be an object');
  const { status } = body as { status?: unknown };
  if (!Object.hasOwn(requestBodyFields, status as string))
    throw new ImsInputError('status', `must be one of ${Object.keys(requestBodyFields).join(', ')}, got ${JSON.stringify(status) ?? 'undefined'}`);
  const allowed: readonly string[] = requestBodyFields[status as keyof typeof requestBodyFields];
  for (const field of Object.keys(body)) {
    if (!allowed.includes(field)) throw new ImsInputError(field, `is not allowed when status is ${status}`);
  }
  const vaultId = (body as { vault_id?: unknown }).vault_id;
  if (vaultId !== undefined && (typeof vaultId !== 'string' || vaultId === ''))
    throw new ImsInputError('vault_id', 'must be a non-empty string');
  return body as MemberStatusUpdate;
}

/** Reads the code and message out of whichever error shape arrived. */
function describeError(body: unknown, response: Response): { code?: string; message: string } {
  const fallback = `IMS answered ${response.status} ${response.statusText}`.trim();
  if (typeof body !== 'object' || body === null) return { message: typeof body === 'string' && body ? body : fallback };
  const b = body as { error?: { code?: string; message?: string }; error_code?: string; error_msg?: string; code?: string; message?: string };
  return {
    code: b.error?.code ?? b.error_code ?? b.code,
    message: b.error?.message ?? b.error_msg ?? b.message ?? fallback,
  };
}

export function createImsClient(options: ImsClientOptions) {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) headers['X-Auth-Token'] = options.token;
  const raw: Client<paths> = createClient<paths>({ baseUrl: options.baseUrl, headers, fetch: options.fetch });

  async function updateMemberStatus(imageId: string, memberId: string, body: MemberStatusUpdate): Promise<Member> {
    const path = { image_id: checkPathParameter('image_id', imageId), member_id: checkPathParameter('member_id', memberId) };
    const { data, error, response } = await raw.PUT(memberStatusPath, { params: { path }, body: checkBody(body) });
    if (data !== undefined) return data;
    const { code, message } = describeError(error, response);
    const requestId = response.headers.get('X-Request-Id') ?? response.headers.get('X-Openstack-Request-Id') ?? undefined;
    throw new ImsApiError(response.status, code, message, requestId, error);
  }

  return {
    /** Sets the member's status to the body's `status`. */
    updateMemberStatus,
    /** Accepts a shared image; pass `vaultId` for a full-ECS image created by CBR. */
    acceptSharedImage: (imageId: string, memberId: string, { vaultId }: { vaultId?: string } = {}) =>
      updateMemberStatus(imageId, memberId, vaultId === undefined ? { status: 'accepted' } : { status: 'accepted', vault_id: vaultId }),
    /** Rejects a shared image: it leaves your image list but can still create ECSs. */
    rejectSharedImage: (imageId: string, memberId: string) => updateMemberStatus(imageId, memberId, { status: 'rejected' }),
    /** The underlying openapi-fetch client, for anything else. */
    raw,
  };
}

export type ImsClient = ReturnType<typeof createImsClient>;
