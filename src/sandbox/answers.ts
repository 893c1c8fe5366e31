// Every answer body the sandbox sends is one of the spec's named examples (or a resource it
// builds): this module reads them per operation from the bundled spec, and personalises their
// texts with the IDs of the request.

import {
  type ExampleName,
  type ExampleStatus,
  exampleIds,
  type OperationId,
  requestIdHeaders,
} from '../../generated/contract.js';

import { operationOf, resolveRef } from '../spec.js';
import type { SandboxAnswer } from './types.js';

type Example = { value: unknown };
type DeclaredResponse = { content?: Record<string, { examples?: Record<string, Example> }> };

/** The media type the spec's requests and answers use. */
export const jsonType = 'application/json';

const cache = new Map<OperationId, Record<number, Record<string, Example>>>();

/** The named examples of each declared status of an operation. */
export function examplesOf(id: OperationId): Record<number, Record<string, Example>> {
  let found = cache.get(id);
  if (!found) {
    found = Object.fromEntries(
      Object.entries(operationOf(id).responses).map(([status, ref]) => {
        const content = resolveRef<DeclaredResponse>(ref).content ?? {};
        const media = content[jsonType] ?? Object.values(content)[0];
        return [Number(status), media?.examples ?? {}];
      }),
    );
    cache.set(id, found);
  }
  return found;
}

/** Copies a value, with the documents' IDs in its texts replaced by the requested ones. */
export function personalised(value: unknown, ids: Readonly<Record<string, string>>): unknown {
  const swaps = Object.entries(ids).flatMap(([name, id]) => {
    const documented = (exampleIds as Record<string, string | undefined>)[name];
    return documented && documented !== id ? [[documented, id] as const] : [];
  });
  if (swaps.length === 0) return value;
  const swap = (v: unknown): unknown => {
    if (typeof v === 'string') return swaps.reduce((text, [from, to]) => text.split(from).join(to), v);
    if (Array.isArray(v)) return v.map(swap);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, swap(x)]));
    return v;
  };
  return swap(value);
}

function randomHex(bytes: number) {
  const values = crypto.getRandomValues(new Uint8Array(bytes));
  let hex = '';
  for (const b of values) hex += b.toString(16).padStart(2, '0');
  return hex;
}

/**
 * An answer with a JSON body and a fresh request ID, in each header the spec names for it: the
 * same ID as 32 hex digits (Huawei's `X-Request-Id`, which its SDKs read) and as `req-<uuid>`
 * (Glance's `X-Openstack-Request-Id`, which OpenStack's clients log).
 */
export function answer(status: number, body: unknown, extra: Record<string, string> = {}): SandboxAnswer {
  const id = randomHex(16);
  const uuid = `${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20)}`;
  return {
    status,
    headers: { 'Content-Type': jsonType, [requestIdHeaders[0]]: id, [requestIdHeaders[1]]: `req-${uuid}`, ...extra },
    body,
  };
}

/** The operation's named example for a status, personalised with the request's IDs; throws when it has none. */
function exampleOf(
  id: OperationId,
  status: number,
  name: string,
  ids: Readonly<Record<string, string>>,
  extra: Record<string, string>,
): SandboxAnswer {
  const example = examplesOf(id)[status]?.[name];
  if (!example) throw new Error(`${id} declares no example ${name} for ${status}`);
  return answer(status, personalised(example.value, ids), extra);
}

/**
 * The operation's named example for a status, personalised with the request's IDs. The name is
 * one the compiler knows the spec has (generated/contract.ts `ExampleName`): a misspelling fails
 * to compile rather than answering 500.
 */
export function namedAnswer<Op extends OperationId, Status extends ExampleStatus<Op>>(
  id: Op,
  status: Status,
  name: ExampleName<Op, Status>,
  ids: Readonly<Record<string, string>>,
  extra: Record<string, string> = {},
): SandboxAnswer {
  return exampleOf(id, status, name as string, ids, extra);
}

/**
 * A named example whose name the compiler could not check here: a world's scenario row names it
 * as data (`checkWorld` refuses a world whose row names an example the spec does not have), an
 * operation module's 401s were checked where the module is written. Throws only on a defect.
 */
export function declaredAnswer(
  id: OperationId,
  status: number,
  name: string,
  ids: Readonly<Record<string, string>>,
  extra: Record<string, string> = {},
): SandboxAnswer {
  return exampleOf(id, status, name, ids, extra);
}

/** An answer in upstream Glance's shape, for what no operation of the spec covers (unknown routes, methods). */
export function glanceAnswer(status: number, title: string, message: string, extra: Record<string, string> = {}) {
  // webob ends every explanation with its template's line breaks; Glance's JSON keeps them.
  return answer(
    status,
    {
      code: `${status} ${title}`,
      title,
      message: message.includes('<br />') ? message : `${message}<br /><br />\n\n\n`,
    },
    extra,
  );
}
