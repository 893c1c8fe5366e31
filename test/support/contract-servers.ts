// Two real HTTP servers for verify's tests, both answering the requests `npm run verify` sends:
// one that keeps the contract (its answers are the spec's own examples) and one that drifts
// from it in five different ways, one per request.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { authHeader, matchPath, operationRules, requestIdHeaders } from '../../generated/contract.js';
import { akskReasons, createAkSk } from '../../src/sandbox/aksk.js';
import { imageId as knownImage, responseExamples } from './spec.js';

const example = (status: number, name: string) =>
  responseExamples.find((r) => r.status === status)!.examples[name]!.value;

type Answer = { status: number; type: string; body: string };
const json = (status: number, value: unknown): Answer => ({
  status,
  type: 'application/json',
  body: JSON.stringify(value),
});

// The AK/SK keys the servers know (the access key `AK` with either secret verify's tests sign
// with), judged by the sandbox's own judge, so a bad signature is refused as a gateway refuses it.
const judges = ['sk-secret-xyz', 'env-sk-789'].map((sk) =>
  createAkSk({ projects: { p: { id: 'p', access_keys: [{ ak: 'AK', sk }] } }, images: [] }, () => new Date()),
);

/** The gateway's reason to refuse a signed request, or undefined when one of the keys signed it. */
function signatureRefusal(request: IncomingMessage, body: string): string | undefined {
  const header = (name: string) => {
    const value = request.headers[name];
    return Array.isArray(value) ? value.join(', ') : value;
  };
  const outcomes = judges.map((judge) =>
    judge.judge({ method: request.method ?? 'GET', target: request.url ?? '/', header, body: body || undefined }),
  );
  if (outcomes.some((o) => o.kind === 'caller')) return undefined;
  const refused = outcomes.find((o) => o.kind === 'refused' && o.reason !== 'signature_mismatch') ?? outcomes[0]!;
  return refused.kind === 'refused' ? refused.reason : undefined;
}

/** How a server judges a request to the member URL, the way a real IMS would. */
function classify(request: IncomingMessage, body: string, image: string) {
  if (!request.headers[authHeader.toLowerCase()] && !request.headers.authorization) return 'no token';
  if (!request.headers[authHeader.toLowerCase()]) {
    const reason = signatureRefusal(request, body);
    if (reason) return reason;
  }
  if (image !== knownImage) return 'unknown image';
  try {
    const parsed = JSON.parse(body);
    if (parsed?.status === 'accepted' || parsed?.status === 'rejected') return 'valid';
    return parsed && 'status' in parsed ? 'invalid status' : 'status missing';
  } catch {
    return 'body missing';
  }
}

const refusals = (status: Answer['status']) =>
  Object.fromEntries(akskReasons.map((reason) => [reason, () => json(status, example(401, reason))]));

const conforming: Record<string, (member: string) => Answer> = {
  ...refusals(401),
  'no token': () => json(401, example(401, 'token_missing')),
  'unknown image': () => json(404, example(404, 'image_not_found')),
  'invalid status': () => json(400, example(400, 'invalid_status')),
  'status missing': () => json(400, example(400, 'status_missing')),
  'body missing': () => json(400, example(400, 'body_empty')),
  valid: () => json(200, example(200, 'accepted')),
};

const drifting: Record<string, (member: string) => Answer> = {
  ...refusals(401),
  'no token': () => ({ status: 401, type: 'text/plain', body: JSON.stringify(example(401, 'token_missing')) }), // wrong content type
  'unknown image': () => ({ status: 404, type: 'text/html', body: '<html><body><h1>404 Not Found</h1></body></html>' }), // HTML error page
  'invalid status': () => json(422, { error: { code: 'IMG.0001', message: 'unprocessable' } }), // undeclared status
  'status missing': () => json(400, { message: 'no status' }), // an error body in none of the three shapes
  'body missing': () => json(400, example(400, 'body_empty')),
  valid: () => {
    const { created_at: _missing, ...member } = example(200, 'accepted') as Record<string, unknown>;
    return json(200, { ...member, status: 'ACCEPTED' }); // a missing field and a wrong enum value
  },
};

export async function startContractServer(kind: 'conforming' | 'drifting') {
  const answers = kind === 'conforming' ? conforming : drifting;
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const match = matchPath(
        operationRules.updateImageMemberStatus.path,
        new URL(request.url ?? '/', 'http://x').pathname,
      );
      const answer =
        match && request.method === 'PUT'
          ? answers[classify(request, body, match.image_id!)]!(match.member_id!)
          : json(404, example(404, 'image_not_found'));
      response
        .writeHead(answer.status, { 'Content-Type': answer.type, [requestIdHeaders[0]]: 'test' })
        .end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
