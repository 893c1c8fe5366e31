// In-browser (and Node) mocking with MSW, driven by the spec alone, like the Prism mock: one
// handler per operation of the spec, every answer one of the spec's own examples (generated/
// openapi.json, no second copy), requests validated against the spec first, and
// `Prefer: code=..., example=...` picking a scenario exactly as Prism does.
//
//   import { setupWorker } from 'msw/browser';
//   import { createImsHandlers } from 'ims-image-member-status/msw';
//   await setupWorker(...createImsHandlers({ baseUrl: 'https://ims.cn-north-4.myhuaweicloud.com' })).start();
//
// Given a sandbox (`createImsHandlers({ sandbox: createSandbox() })`), the handlers answer as the
// sandbox does instead: every path of the spec and the control surface go to its router, with
// state, scenarios chosen by data, no `Prefer` needed.
import { type HttpHandler, HttpResponse, http } from 'msw';
import { type OperationId, operationIds, operationRules, securityHeaders } from '../generated/contract.js';
import { validateBodyOf } from './sandbox/contract.js';
import { IAM_PROJECTS_PATH } from './sandbox/iam.js';
import { answerText } from './sandbox/negotiate.js';
import { keepsRules } from './sandbox/rules.js';
import { operationOf, resolveRef } from './spec.js';

/**
 * What the handlers need of a sandbox: its `handle`. `createSandbox()` from the `./sandbox` entry
 * point is one; named here so this entry point's types stand alone (no type from `./sandbox`).
 */
export interface HandlerSandbox {
  handle(request: {
    method: string;
    path: string;
    headers: Headers;
    body: string | undefined;
    /** The authority the request was sent to: an AK/SK signature covers it. */
    host?: string;
    /** A GET's body cannot reach a handler: an AK/SK signature over `{}` is accepted too. */
    bodyUnreadable?: boolean;
  }): {
    status: number;
    headers: Record<string, string>;
    body: unknown;
  };
}

type Example = { value: unknown };
type Response = {
  headers?: Record<string, { $ref?: string; example?: string }>;
  content?: Record<string, { examples?: Record<string, Example> }>;
};

const credentialHeaders: readonly string[] = Object.values(securityHeaders);

/** Parses `Prefer: code=400, example=vault_id_required` (either part optional). */
function preference(header: string | null) {
  const prefer = Object.fromEntries(
    (header ?? '').split(/[,;]/).map((part) =>
      part
        .trim()
        .split('=')
        .map((s) => s.trim()),
    ),
  );
  return { code: prefer.code ? Number(prefer.code) : undefined, example: prefer.example as string | undefined };
}

/** Prism's way of saying a scenario does not exist (a developer error, not a contract answer). */
const noSuchScenario = (detail: string) =>
  HttpResponse.json(
    {
      type: 'https://stoplight.io/prism/errors#NOT_FOUND',
      title: 'The server cannot find the requested content',
      status: 404,
      detail,
    },
    {
      status: 404,
      headers: { 'Content-Type': 'application/problem+json' },
    },
  );

/**
 * The spec's static answer of an operation for a status, by example name (default its first), as
 * Prism serves it: the name comes from a `Prefer` header, so an unknown one is Prism's 404.
 */
function staticAnswer(id: OperationId, status: number, exampleName?: string) {
  const responses = operationOf(id).responses;
  const declared = responses[String(status)];
  if (!declared)
    return noSuchScenario(`No response for status ${status}. Declared: ${Object.keys(responses).join(', ')}.`);
  const response = resolveRef<Response>(declared);
  const headers: Record<string, string> = {};
  for (const [header, ref] of Object.entries(response.headers ?? {})) {
    const value = resolveRef<{ example?: string }>(ref).example;
    if (value) headers[header] = value;
  }
  // An answer without content (a deleted member's 204) has no example: an empty body.
  if (!response.content) return new HttpResponse(null, { status, headers });
  const examples = Object.values(response.content ?? {})[0]?.examples ?? {};
  const name = exampleName ?? Object.keys(examples)[0]!;
  const example = examples[name];
  if (!example)
    return noSuchScenario(
      `Response for status ${status} has no example "${name}". It has: ${Object.keys(examples).join(', ')}.`,
    );
  return HttpResponse.json(example.value as never, { status, headers });
}

export interface ImsHandlerOptions {
  /** The API's origin as the app calls it, e.g. `https://ims.cn-north-4.myhuaweicloud.com`; default any origin. */
  baseUrl?: string;
  /**
   * A sandbox (`createSandbox()` from `ims-image-member-status/sandbox`) to answer every request,
   * with its state and scenarios; call its `reset()` between tests. Without one, the answers are
   * the spec's static examples and `Prefer` picks them.
   */
  sandbox?: HandlerSandbox;
}

/** A path template in MSW's form: `{image_id}` becomes `:image_id`. */
const mswPath = (template: string) => template.replace(/\{([^}]+)\}/g, ':$1');

/** MSW handlers for every operation of the spec. */
export function createImsHandlers(options: ImsHandlerOptions = {}): HttpHandler[] {
  const base = (options.baseUrl ?? '*').replace(/\/+$/, '');
  const sandbox = options.sandbox;
  if (sandbox) {
    // Every path of the spec, any method (the sandbox answers 405 itself), and the control surface.
    // IAM's project lookup too (src/sandbox/iam.ts): Huawei's SDKs make it when given no project.
    const paths = [
      ...new Set(operationIds.map((id) => operationRules[id].path)),
      '/__sandbox/:control',
      IAM_PROJECTS_PATH,
    ];
    return paths.map((path) =>
      http.all(`${base}${mswPath(path)}`, async ({ request }) => {
        const url = new URL(request.url);
        // A Request keeps Host to itself: the URL says which server (and scheme) the caller meant.
        const headers = new Headers(request.headers);
        if (!headers.has('host')) headers.set('host', url.host);
        if (!headers.has('x-forwarded-proto')) headers.set('x-forwarded-proto', url.protocol.slice(0, -1));
        const answer = sandbox.handle({
          method: request.method,
          path: `${url.pathname}${url.search}`,
          headers,
          body: request.body ? await request.text() : undefined,
          host: url.host,
          bodyUnreadable: request.method === 'GET' || request.method === 'HEAD',
        });
        // A 204 (a deleted member) has no body to write.
        if (answer.body === undefined)
          return new HttpResponse(null, { status: answer.status, headers: answer.headers });
        // A Glance-shaped error may be HTML or plain text, as the request's Accept asked.
        return new HttpResponse(answerText(answer), { status: answer.status, headers: answer.headers });
      }),
    );
  }
  return operationIds.map((id) => {
    const { method, path } = operationRules[id];
    const rules = operationRules[id] as { pathParameters?: Record<string, object> };
    const on = http[method.toLowerCase() as 'put' | 'get' | 'post' | 'delete'];
    return on(`${base}${mswPath(path)}`, async ({ request, params }) => {
      // Security first, as the gateway in front of IMS does: like Prism, the presence of any
      // declared scheme's header (a token, or an AK/SK signature in Authorization).
      if (!credentialHeaders.some((name) => request.headers.get(name))) return staticAnswer(id, 401);
      const prefer = preference(request.headers.get('Prefer'));
      // Then the request itself, against the spec: invalid -> the spec's 400, whatever Prefer says.
      const values = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)]));
      let valid = keepsRules(rules.pathParameters ?? {}, values);
      if (operationOf(id).requestBody) {
        const isJson = /^application\/json\b/i.test(request.headers.get('Content-Type') ?? '');
        let body: unknown;
        try {
          body = JSON.parse(await request.text());
        } catch {
          return staticAnswer(id, 400);
        }
        valid &&= isJson && validateBodyOf(id, body)!.valid;
      }
      if (!valid) return staticAnswer(id, 400);
      // The operation's success status by default: 200, or 204 for a deleted member.
      const success = Number(Object.keys(operationOf(id).responses).find((code) => code.startsWith('2')) ?? 200);
      return staticAnswer(id, prefer.code ?? success, prefer.example);
    });
  });
}
