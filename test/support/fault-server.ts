// A real node:http server that misbehaves on cue: each request takes the next step of a script
// (answer, hang, reset the connection, cut the body short). It counts the requests it got.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Step =
  | { answer: number; body?: unknown; text?: string; type?: string; headers?: Record<string, string> }
  | { hang: true }
  | { reset: true }
  | { truncate: string };

export interface FaultServer {
  url: string;
  /** Requests received so far, with their headers and bodies. */
  requests: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[];
  close(): Promise<void>;
}

/** Starts a server that plays `steps` in order, repeating the last one. */
export async function startFaultServer(steps: Step[]): Promise<FaultServer> {
  const requests: FaultServer['requests'] = [];
  const hanging = new Set<ServerResponse>();
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      requests.push({ method: request.method!, url: request.url!, headers: request.headers, body });
      const step = steps[Math.min(requests.length - 1, steps.length - 1)]!;
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
