// In-browser (and Node) mocking with MSW, driven by the spec alone, like the Prism mock: every
// answer is one of the spec's own examples (generated/openapi.json, no second copy), requests
// are validated against the spec first, and `Prefer: code=..., example=...` picks a scenario
// exactly as in the README's Prism cookbook.
//
//   import { setupWorker } from 'msw/browser';
//   import { createImsHandlers } from 'ims-image-member-status/msw';
//   await setupWorker(...createImsHandlers({ baseUrl: 'https://ims.cn-north-4.myhuaweicloud.com' })).start();
//
// Given a sandbox (`createImsHandlers({ sandbox: createSandbox() })`), the handlers answer as the
// sandbox does instead: state, scenarios chosen by data, no `Prefer` needed.
import { type HttpHandler, HttpResponse, http } from 'msw';
import { authHeader, operationRules } from '../generated/contract.js';
import type { Sandbox } from './sandbox.js';
import { operation, resolveRef } from './spec.js';
import { createContractValidator } from './validate.js';

type Example = { value: unknown };
type Response = {
  headers?: Record<string, { $ref?: string; example?: string }>;
  content: { 'application/json': { examples: Record<string, Example> } };
};

const responses = Object.fromEntries(
  Object.entries(operation.responses).map(([status, ref]) => [Number(status), resolveRef<Response>(ref)]),
);

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

function answer(status: number, exampleName?: string) {
  const response = responses[status];
  if (!response)
    return noSuchScenario(`No response for status ${status}. Declared: ${Object.keys(responses).join(', ')}.`);
  const examples = response.content['application/json'].examples;
  const name = exampleName ?? Object.keys(examples)[0]!;
  const example = examples[name];
  if (!example)
    return noSuchScenario(
      `Response for status ${status} has no example "${name}". It has: ${Object.keys(examples).join(', ')}.`,
    );
  const headers: Record<string, string> = {};
  for (const [header, ref] of Object.entries(response.headers ?? {})) {
    const value = resolveRef<{ example?: string }>(ref).example;
    if (value) headers[header] = value;
  }
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
  sandbox?: Sandbox;
}

/** The operation's path template in MSW's form: `{image_id}` becomes `:image_id`. */
const { method, path: template } = operationRules.updateImageMemberStatus;
const route = template.replace(/\{([^}]+)\}/g, ':$1');
const methodOf = { PUT: http.put } as const;

/** MSW handlers for the member-status operation. */
export function createImsHandlers(options: ImsHandlerOptions = {}): HttpHandler[] {
  const contract = createContractValidator();
  const base = (options.baseUrl ?? '*').replace(/\/+$/, '');
  const on = methodOf[method];
  const sandbox = options.sandbox;
  if (sandbox)
    return [
      on(`${base}${route}`, async ({ request }) => {
        const answer = sandbox.handle({
          method: request.method,
          path: new URL(request.url).pathname,
          headers: request.headers,
          body: request.body ? await request.text() : undefined,
        });
        return HttpResponse.json(answer.body as never, { status: answer.status, headers: answer.headers });
      }),
    ];
  return [
    on(`${base}${route}`, async ({ request, params }) => {
      // Security first, as the gateway in front of IMS does.
      if (!request.headers.get(authHeader)) return answer(401);
      const prefer = preference(request.headers.get('Prefer'));
      // Then the request itself, against the spec: invalid -> the spec's 400, whatever Prefer says.
      const ids = contract.validatePathParameters({ image_id: params.image_id, member_id: params.member_id });
      const isJson = /^application\/json\b/i.test(request.headers.get('Content-Type') ?? '');
      let body: unknown;
      try {
        body = JSON.parse(await request.text());
      } catch {
        return answer(400);
      }
      if (!ids.valid || !isJson || !contract.validateRequestBody(body).valid) return answer(400);
      return answer(prefer.code ?? 200, prefer.example);
    }),
  ];
}
