// A real node:http server that misbehaves on cue: each request takes the next step of a script
// (answer, hang, reset the connection, cut the body short). It counts the requests it got.
// `startJobServer` plays one script per operation of the spec, routed by the generated paths,
// to move a job through its statuses.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { matchPath, type OperationId, operationRules } from '../../generated/contract.js';

export type Step =
  | { answer: number; body?: unknown; text?: string; type?: string; headers?: Record<string, string> }
  | { hang: true }
  | { reset: true }
  | { truncate: string };

export interface FaultServer {
  url: string;
  /** Requests received so far, with their headers and bodies (and the operation, on a job server). */
  requests: {
    method: string;
    url: string;
    headers: IncomingMessage['headers'];
    body: string;
    operationId?: OperationId | undefined;
  }[];
  close(): Promise<void>;
}

function play(step: Step, request: IncomingMessage, response: ServerResponse, hanging: Set<ServerResponse>) {
  if ('hang' in step) return void hanging.add(response);
  if ('reset' in step) return void request.socket.destroy();
  if ('truncate' in step) {
    response.writeHead(200, {
      'Content-Type': 'application/json',
      'Content-Length': String(step.truncate.length + 40),
    });
    response.write(step.truncate);
    return void setTimeout(() => request.socket.destroy(), 10);
  }
  const text = step.text ?? JSON.stringify(step.body);
  response.writeHead(step.answer, { 'Content-Type': step.type ?? 'application/json', ...step.headers });
  response.end(text);
}

/** A server whose every request picks its step with `next`. */
async function startServer(
  next: (request: IncomingMessage, received: FaultServer['requests']) => { step: Step; operationId?: OperationId },
): Promise<FaultServer> {
  const requests: FaultServer['requests'] = [];
  const hanging = new Set<ServerResponse>();
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const { step, operationId } = next(request, requests);
      requests.push({ method: request.method!, url: request.url!, headers: request.headers, body, operationId });
      play(step, request, response, hanging);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        for (const response of hanging) response.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Starts a server that plays `steps` in order, repeating the last one. */
export function startFaultServer(steps: Step[]): Promise<FaultServer> {
  return startServer((_, received) => ({ step: steps[Math.min(received.length, steps.length - 1)]! }));
}

/**
 * Starts a server that plays one script per operation (each in order, repeating its last
 * step), routing each request by the spec's method and path; anything else gets 404.
 */
export function startJobServer(scripts: Partial<Record<OperationId, Step[]>>): Promise<FaultServer> {
  const played = new Map<OperationId, number>();
  return startServer((request) => {
    const pathname = new URL(request.url!, 'http://x').pathname;
    const operationId = (Object.keys(operationRules) as OperationId[]).find(
      (id) =>
        operationRules[id].method === request.method && matchPath(operationRules[id].path, pathname) !== undefined,
    );
    const steps = operationId && scripts[operationId];
    if (!operationId || !steps?.length) return { step: { answer: 404, body: { error: 'no such route' } } };
    const n = played.get(operationId) ?? 0;
    played.set(operationId, n + 1);
    return { step: steps[Math.min(n, steps.length - 1)]!, operationId };
  });
}
