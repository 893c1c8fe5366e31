// What keystone's `authtoken` filter does in a real deployment, reduced to a table: a known
// `X-Auth-Token` becomes the identity headers Glance's `context` filter reads
// (`X-Identity-Status: Confirmed`, `X-User-Id`, `X-Project-Id`, `X-Roles`). A request with no or
// an unknown token goes on with no identity, and Glance itself answers 401, so every answer a
// client sees, 401s included, is Glance's own.
//
// Identity headers a caller sends are always removed first: otherwise anyone could name any
// project by sending `X-Project-Id` themselves.
import { createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { authHeader } from '../../generated/contract.js';

const identityHeaders = [
  'x-identity-status',
  'x-user-id',
  'x-project-id',
  'x-roles',
  'x-tenant-id',
  'x-service-catalog',
];
// The roles Glance's default policy needs to read images and update a member's status.
const ROLES = 'member,reader';

export interface IdentityProxy {
  url: string;
  /** token -> project ID; change it at will, the next request sees the change. */
  tokens: Map<string, string>;
  close(): Promise<void>;
}

/** Starts the proxy on a free 127.0.0.1 port in front of `upstream` (Glance's own URL). */
export async function startIdentityProxy(upstream: string, tokens = new Map<string, string>()): Promise<IdentityProxy> {
  const target = new URL(upstream);
  const tokenHeader = authHeader.toLowerCase();
  const server = createServer((incoming, outgoing) => {
    const headers: IncomingHttpHeaders = { ...incoming.headers };
    for (const name of identityHeaders) delete headers[name];
    const token = headers[tokenHeader];
    delete headers[tokenHeader];
    const project = typeof token === 'string' ? tokens.get(token) : undefined;
    if (project !== undefined) {
      headers['x-identity-status'] = 'Confirmed';
      headers['x-user-id'] = `user-of-${project}`;
      headers['x-project-id'] = project;
      headers['x-roles'] = ROLES;
    }
    // The Host stays the one the client used: Glance builds the links of its versions document
    // from it, and a client following them must come back through this proxy, not to Glance itself.
    const forward = httpRequest(
      { host: target.hostname, port: target.port, method: incoming.method, path: incoming.url, headers },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forward.on('error', (error) => {
      if (outgoing.headersSent) return void outgoing.destroy();
      outgoing.writeHead(502, { 'Content-Type': 'text/plain' }).end(`identity proxy: Glance failed: ${error.message}`);
    });
    incoming.pipe(forward);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    tokens,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
