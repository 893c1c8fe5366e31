// Real node:http servers that misbehave, one behaviour each, for the hostile-server suite:
// redirects, endless and compressed floods, trickles, broken bodies. Each counts the requests
// it received and the headers they carried, so a test can prove nothing reached it.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { constants, createBrotliCompress, createGzip } from 'node:zlib';
import { matchPath, type OperationId, operationRules } from '../../generated/contract.js';

export interface HostileServer {
  url: string;
  origin: string;
  /** Requests received: method, URL and headers. */
  requests: { method: string; url: string; headers: IncomingHttpHeaders }[];
  close(): Promise<void>;
}

/** How a server answers; `request` is there for the behaviours that route (see `byOperation`). */
export type Behaviour = (response: ServerResponse, request?: IncomingMessage) => void;

export async function startHostileServer(behaviour: Behaviour): Promise<HostileServer> {
  const requests: HostileServer['requests'] = [];
  const open = new Set<ServerResponse>();
  const server = createServer((request, response) => {
    requests.push({ method: request.method!, url: request.url!, headers: request.headers });
    open.add(response);
    response.on('close', () => open.delete(response));
    request.resume();
    request.on('end', () => behaviour(response, request));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: origin,
    origin,
    requests,
    close: () =>
      new Promise((resolve) => {
        for (const response of open) response.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const MiB = 1024 * 1024;

/** Answers `status` with a redirect to `location`. */
export const redirect =
  (status: number, location: string): Behaviour =>
  (response) =>
    response.writeHead(status, { Location: location, 'Content-Type': 'text/plain' }).end('moved');

/**
 * Answers `status` with `bytes` of JSON-ish filler, written as fast as the client reads, plain
 * or compressed on the fly (a compression bomb: a few kB on the wire inflate to `bytes`).
 * Stops writing as soon as the client goes away.
 */
export const flood =
  (status: number, bytes: number, encoding?: 'gzip' | 'br'): Behaviour =>
  (response) => {
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (encoding) headers['Content-Encoding'] = encoding;
    response.writeHead(status, headers);
    // Fast settings: the filler compresses a thousandfold at any level, and the default brotli
    // level would spend seconds of CPU per case making the bomb.
    const sink =
      encoding === 'gzip'
        ? createGzip({ level: 1 })
        : encoding === 'br'
          ? createBrotliCompress({ params: { [constants.BROTLI_PARAM_QUALITY]: 1 } })
          : undefined;
    if (sink) sink.pipe(response);
    const target = sink ?? response;
    const chunk = Buffer.alloc(64 * 1024, 'a');
    let written = 0;
    let gone = false;
    response.on('close', () => {
      gone = true;
      sink?.destroy();
    });
    const pump = () => {
      while (!gone && written < bytes) {
        written += chunk.length;
        if (!target.write(chunk)) return void target.once('drain', pump);
      }
      if (!gone) target.end();
    };
    pump();
  };

/** Sends the status line and headers, then one byte every `everyMs`, forever. */
export const trickle =
  (everyMs: number): Behaviour =>
  (response) => {
    response.writeHead(200, { 'Content-Type': 'application/json' });
    response.write('{');
    const timer = setInterval(() => response.write(' '), everyMs);
    response.on('close', () => clearInterval(timer));
  };

/** Answers with exactly these bytes. */
export const bytes =
  (status: number, body: Buffer | string, headers: Record<string, string> = {}): Behaviour =>
  (response) =>
    response.writeHead(status, { 'Content-Type': 'application/json', ...headers }).end(body);

/** Promises `Content-Length` bytes, sends fewer, then closes the connection. */
export const shortBody =
  (body: string): Behaviour =>
  (response) => {
    response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(body.length + 100) });
    response.write(body);
    setTimeout(() => response.socket?.destroy(), 10);
  };

/**
 * Routes each request by the spec's method and path to the behaviours of its operation, played
 * in order (the last one repeated); anything else gets 404. For job servers: a batch call
 * answered well, then polls that misbehave.
 */
export function byOperation(routes: Partial<Record<OperationId, Behaviour[]>>): Behaviour {
  const played = new Map<OperationId, number>();
  return (response, request) => {
    const pathname = new URL(request!.url!, 'http://x').pathname;
    const id = (Object.keys(operationRules) as OperationId[]).find(
      (op) => operationRules[op].method === request!.method && matchPath(operationRules[op].path, pathname),
    );
    const behaviours = id === undefined ? undefined : routes[id];
    if (id === undefined || !behaviours?.length) return void response.writeHead(404).end();
    const n = played.get(id) ?? 0;
    played.set(id, n + 1);
    behaviours[Math.min(n, behaviours.length - 1)]!(response, request);
  };
}
