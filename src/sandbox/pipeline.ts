// The generic pipeline: every request goes through the same steps, in the order the service
// judges them, each a small function below:
//   1. control   `/__sandbox/*`, outside the contract (./control.ts); IAM's project lookup (./iam.ts)
//   2. route     the operation, by the spec's methods and paths (./router.ts); 404 / 405 otherwise
//   3. body      the body as sent and what JSON makes of it (judged by the operation, later)
//   4. identity  the credential (a token, or an AK/SK signature: ./aksk.ts), the triggers on it,
//                the caller the world knows (401 otherwise)
//   5. operation the operation's own rules (./operations/<operationId>.ts)
// Jobs run on the clock: before any step reads the world, they apply what they have reached.
import { authHeader, type OperationId, operationIds, operationRules } from '../../generated/contract.js';
import { operationOf } from '../spec.js';
import { type AkSk, isSigned, refusalAnswer } from './aksk.js';
import { answer, declaredAnswer, examplesOf, glanceAnswer, namedAnswer } from './answers.js';
import { CONTROL_PREFIX, type Controls, control } from './control.js';
import { IAM_PROJECTS_PATH, type IamLookup } from './iam.js';
import type { Jobs } from './job-engine.js';
import { negotiate } from './negotiate.js';
import { operations } from './operations/index.js';
import type { OperationContext, OperationModule } from './operations/types.js';
import { type Route, route } from './router.js';
import { keepsRules } from './rules.js';
import type { Triggers } from './scenarios.js';
import type { SandboxAnswer, SandboxRequest } from './types.js';
import type { WorldState } from './world.js';

/** What the pipeline works on: the sandbox's world, jobs, triggers and controls (./index.ts makes them). */
export interface PipelineParts {
  state: WorldState;
  jobs: Jobs;
  triggers: Triggers;
  controls: Controls;
  now: () => Date;
  /** The judge of AK/SK signatures (./aksk.ts). */
  aksk: AkSk;
  /** IAM's project lookup (./iam.ts), outside the contract like the controls. */
  iam: IamLookup;
}

const tokenHeader = authHeader.toLowerCase();
/** The spec's example of Glance's own 401, which a world with `identity_shape: glance` answers. */
const glanceUnauthorized = 'glance_unauthorized';
/** Operations the spec declares with `security: []` (version discovery): no identity is judged. */
const anonymous = new Set(
  operationIds.filter((id) => (operationOf(id) as { security?: unknown[] }).security?.length === 0),
);

function headerOf(headers: SandboxRequest['headers'], name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  for (const [key, value] of Object.entries(headers))
    if (key.toLowerCase() === name) return Array.isArray(value) ? value.join(', ') : value;
  return undefined;
}

/** 404 for a path no operation has, 405 for a method its path does not declare: in Glance's words. */
function unrouted(found: Exclude<Route, { kind: 'operation' }>, method: string): SandboxAnswer {
  if (found.kind === 'none') return glanceAnswer(404, 'Not Found', 'The resource could not be found.');
  return glanceAnswer(
    405,
    'Method Not Allowed',
    `The method ${method} is not allowed for this resource. <br /><br />\n`,
    {
      Allow: found.allow.join(', '),
    },
  );
}

/** The server's own URL as the client used it (its Host), for links such as the versions document's. */
function originOf(headers: SandboxRequest['headers']): string {
  const host = headerOf(headers, 'x-forwarded-host')?.split(',')[0]?.trim() || headerOf(headers, 'host') || '127.0.0.1';
  const proto = headerOf(headers, 'x-forwarded-proto')?.split(',')[0]?.trim() || 'http';
  return `${proto}://${host}`;
}

/** The body as sent (empty when none) and what JSON.parse made of it; not JSON is the operation's to judge. */
export interface RequestBody {
  text: string;
  parsed: boolean;
  body: unknown;
  isObject: boolean;
  /** The body when it is a JSON object, else `{}`: what triggers match. */
  fields: Readonly<Record<string, unknown>>;
}

export function readBody(request: SandboxRequest): RequestBody {
  const text = request.body ?? '';
  let body: unknown;
  let parsed = false;
  try {
    body = JSON.parse(text);
    parsed = true;
  } catch {
    // not JSON: the operation judges that
  }
  const isObject = parsed && typeof body === 'object' && body !== null && !Array.isArray(body);
  return { text, parsed, body, isObject, fields: (isObject ? body : {}) as Record<string, unknown> };
}

/** Who calls: the token and the project the world knows it for. */
export interface Identity {
  token: string;
  caller: string;
}

/**
 * Identity, as the gateway in front of IMS judges it, before the operation: the credential the
 * spec's security names (none: 401), the triggers that fire on it, then the caller the world knows
 * it by (unknown: 401). Returns the caller, or the answer that ends the request here. Another way
 * to sign in is another credential read here: nothing after this step knows how the caller was
 * identified. `examples` are the operation module's 401 names, checked where the module is written.
 */
export function identify(
  request: SandboxRequest,
  about: {
    operation: OperationId;
    params: Readonly<Record<string, string>>;
    fields: Readonly<Record<string, unknown>>;
  },
  examples: { tokenMissing: string; tokenInvalid: string },
  parts: Pick<PipelineParts, 'state' | 'triggers' | 'aksk'>,
): Identity | { refused: SandboxAnswer } {
  // A world standing for a plain Glance refuses identity in Glance's words, where the operation has them.
  const glanceRefusal =
    parts.state.world.identity_shape === 'glance' && examplesOf(about.operation)[401]?.[glanceUnauthorized]
      ? glanceUnauthorized
      : undefined;
  const refuse = (name: string) => ({
    refused: declaredAnswer(about.operation, 401, glanceRefusal ?? name, about.params),
  });
  // An AK/SK signature (./aksk.ts): the caller is the key's project. Triggers on a token do not fire.
  const signed = signedCaller(request, about.operation, parts.aksk);
  if (signed) {
    if ('refused' in signed) return signed;
    const bySignature = parts.triggers.fire('identity', { ...about, token: '' });
    if (bySignature) return { refused: bySignature };
    return { token: '', caller: signed.caller };
  }
  const token = headerOf(request.headers, tokenHeader)?.trim();
  if (!token) return refuse(examples.tokenMissing);
  const byToken = parts.triggers.fire('identity', { ...about, token });
  if (byToken) return { refused: byToken };
  const caller = parts.state.caller(token);
  if (caller === undefined) return refuse(examples.tokenInvalid);
  return { token, caller };
}

/**
 * The project a signed request acts as, or its refusal (a 401 of `operation`, or of any operation
 * for a request outside the spec); undefined for a request that is not signed.
 */
export function signedCaller(
  request: SandboxRequest,
  operation: OperationId | undefined,
  aksk: AkSk,
): { caller: string } | { refused: SandboxAnswer } | undefined {
  const header = (name: string) => headerOf(request.headers, name);
  if (!isSigned(header, tokenHeader)) return undefined;
  const outcome = aksk.judge({
    method: request.method,
    target: request.path,
    header,
    host: request.host,
    body: request.body,
    bodyUnreadable: request.bodyUnreadable,
  });
  return outcome.kind === 'caller'
    ? { caller: outcome.project }
    : { refused: refusalAnswer(operation, outcome.reason, outcome.values) };
}

/** Who asks IAM's lookup: a signature or a token, judged as for any call. */
export function lookupCaller(request: SandboxRequest, parts: Pick<PipelineParts, 'state' | 'aksk'>) {
  const signed = signedCaller(request, undefined, parts.aksk);
  if (signed) return 'refused' in signed ? signed : { project: signed.caller };
  const token = headerOf(request.headers, tokenHeader)?.trim();
  const project = token ? parts.state.caller(token) : undefined;
  return project === undefined
    ? { refused: refusalAnswer(undefined, token ? 'token_invalid' : 'token_missing', {}) }
    : { project };
}

/** The operation's own rules, with everything the steps before found out. */
function judgeOperation<Op extends OperationId>(
  operation: Op,
  found: Extract<Route, { kind: 'operation' }>,
  request: SandboxRequest,
  parts: PipelineParts,
): SandboxAnswer {
  const rules: OperationModule<Op> = operations[operation];
  const { params } = found;
  const read = readBody(request);
  const [, search = ''] = request.path.split(/\?(.*)/s);
  const query = new URLSearchParams(search);
  const origin = originOf(request.headers);
  // Version discovery takes no identity (`security: []`); every other operation names its 401s.
  const who: Identity | { refused: SandboxAnswer } = anonymous.has(operation)
    ? { token: headerOf(request.headers, tokenHeader)?.trim() ?? '', caller: '' }
    : identify(
        request,
        { operation, params, fields: read.fields },
        rules.examples as { tokenMissing: string; tokenInvalid: string },
        parts,
      );
  if ('refused' in who) return who.refused;
  const input = { operation, token: who.token, params, fields: read.fields };
  const context: OperationContext<Op> = {
    operation,
    request,
    params,
    query,
    origin,
    paramsValid: !found.malformed && keepsRules(operationRules[operation].pathParameters ?? {}, params),
    token: who.token,
    caller: who.caller,
    ...read,
    contentType: (headerOf(request.headers, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase(),
    state: parts.state,
    jobs: parts.jobs,
    now: parts.now,
    example: (status, name, extra) => namedAnswer(operation, status, name, params, extra),
    answer,
    forced: (phase) => parts.triggers.fire(phase, input),
  };
  return rules.judge(context);
}

/** The pipeline: request in, answer out; no request may stop it (a defect is a 500 with its cause). */
export function createPipeline(parts: PipelineParts): (request: SandboxRequest) => SandboxAnswer {
  function judge(request: SandboxRequest): SandboxAnswer {
    parts.jobs.advance();
    const method = request.method.toUpperCase();
    const path = request.path.split('?')[0]!;
    if (path.startsWith(CONTROL_PREFIX)) return control(method, path.slice(CONTROL_PREFIX.length), parts.controls);
    // IAM's project lookup, which Huawei's SDKs make before their first call when given no project.
    if (path === IAM_PROJECTS_PATH) return parts.iam.projects(request, method);
    const found = route(method, path);
    if (found.kind !== 'operation') return unrouted(found, method);
    return judgeOperation(found.operation, found, request, parts);
  }
  return (request) => {
    let result: SandboxAnswer;
    try {
      result = judge(request);
    } catch (error) {
      // No request may stop the sandbox: a defect here is a 500 in Glance's words, with its cause.
      result = glanceAnswer(
        500,
        'Internal Server Error',
        `The sandbox failed on this request: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    // Glance-shaped errors in the form the client's Accept asks for, as webob answers them.
    return negotiate(result, headerOf(request.headers, 'accept'));
  };
}
