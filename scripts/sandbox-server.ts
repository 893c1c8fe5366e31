// The sandbox (src/sandbox/) served over node:http, and that server behind real Prism in proxy
// mode, so Prism checks every request and answer against the spec. Used by `npm start`
// (scripts/sandbox.ts), the test suites' global setup and the benchmark: one way to run it.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse } from 'yaml';
import { answerText, checkWorld, createSandbox, type Sandbox, type World, WorldError } from '../src/sandbox/index.js';
import { type Front, startFront } from './front.js';
import { type RunningPrism, startPrism } from './prism.js';

/** Reads and checks a world file (YAML or JSON); throws a WorldError naming the file, JSON path and rule. */
export function loadWorld(file: string): World {
  let text: string | undefined;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new WorldError([{ path: '$', rule: 'file', message: `cannot be read: ${(error as Error).message}` }], file);
  }
  let value: unknown;
  try {
    value = parse(text, { prettyErrors: true });
  } catch (error) {
    throw new WorldError([{ path: '$', rule: 'yaml', message: `is not YAML: ${(error as Error).message}` }], file);
  }
  const problems = checkWorld(value);
  if (problems.length) throw new WorldError(problems, file);
  return value as World;
}

// Open to any origin, for pages that call the sandbox port directly (Prism does the same in front).
const cors = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Headers': '*',
  'Access-Control-Allow-Methods': 'GET, POST, PUT, OPTIONS',
  'Access-Control-Expose-Headers': '*',
};

/** The largest request body the sandbox reads; the real request is under 100 bytes. */
export const MAX_REQUEST_BYTES = 1024 * 1024;

/**
 * Serves a sandbox on node:http: each request is read whole (up to MAX_REQUEST_BYTES; a larger
 * one gets 413 in the API gateway's shape and the connection is closed), handed to
 * `sandbox.handle`, answered as JSON.
 */
export async function serveSandbox(
  sandbox: Sandbox,
  options: { host?: string; port?: number; onError?: (error: unknown) => void } = {},
) {
  const host = options.host ?? '127.0.0.1';
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_REQUEST_BYTES) return void chunks.push(chunk);
      if (response.headersSent) return;
      const error_msg = `The request body is larger than the sandbox reads (${MAX_REQUEST_BYTES} bytes).`;
      response.writeHead(413, { ...cors, 'Content-Type': 'application/json', Connection: 'close' });
      response.end(JSON.stringify({ error_code: 'SANDBOX.0413', error_msg }), () => request.destroy());
    });
    request.on('end', () => {
      if (response.headersSent) return;
      if (request.method === 'OPTIONS') return void response.writeHead(204, cors).end();
      let status: number;
      let headers: Record<string, string>;
      let text: string | undefined;
      try {
        const answer = sandbox.handle({
          method: request.method ?? 'GET',
          path: request.url ?? '/',
          headers: request.headers,
          body: chunks.length ? Buffer.concat(chunks).toString('utf8') : undefined,
        });
        ({ status, headers } = answer);
        // A Glance-shaped error may be HTML or plain text, as the request's Accept asked.
        text = answerText(answer);
      } catch (error) {
        // A bug in the sandbox fails this one request, loudly, and not the server: the contract's
        // 500 (IMS shape) with the error's message, and the stack on stderr.
        (options.onError ?? ((e: unknown) => console.error('sandbox: a request failed with', e)))(error);
        status = 500;
        headers = { 'Content-Type': 'application/json' };
        text = JSON.stringify({
          error: {
            code: 'SANDBOX.0500',
            message: `The sandbox failed on this request (a bug in the sandbox, not in your request): ${(error as Error)?.message ?? error}`,
          },
        });
      }
      response.writeHead(status, { ...cors, ...headers });
      response.end(text);
    });
    request.on('error', () => response.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface SandboxServerOptions {
  world?: World;
  /** A sandbox of your own to serve (one made with `createSandbox`, or one wrapping it); `world` is then ignored. */
  sandbox?: Sandbox;
  host?: string;
  port?: number;
  sandboxPort?: number;
  logLevel?: 'warn' | 'error' | 'info' | 'fatal';
  onViolation?: (violation: Violation) => void;
  /** Each request the front refuses, in one line. */
  onRefused?: (line: string) => void;
  /** Named in Prism's last word if this process dies (scripts/prism-child.mjs). */
  owner?: string;
}

export interface RunningSandbox {
  /** The front's address: the one to call. */
  url: string;
  /** Prism's own address, behind the front. */
  prismUrl: string;
  /** The sandbox itself, for `/__sandbox/*` (the front forwards those there too). */
  sandboxUrl: string;
  sandbox: Sandbox;
  prism: RunningPrism;
  front: Front;
  stop: () => Promise<void>;
}

export interface Violation {
  /** `request`: the request broke the contract (the sandbox answered it, usually with its 400); `response`: the answer did. */
  side: 'request' | 'response' | 'other';
  line: string;
}

/**
 * The sandbox behind `prism proxy` (without `--errors`, so the sandbox's own 400s pass through),
 * behind the front (scripts/front.ts), which owns the public port, refuses what would stop
 * Prism, and serves `/__sandbox/*` from the sandbox directly. Listens first, so a taken port is
 * an error before anything else starts. `onViolation` gets each violation Prism reports (the same
 * ones it puts in `sl-violations`); `onRefused` each request the front refuses.
 */
export async function startSandbox(options: SandboxServerOptions = {}): Promise<RunningSandbox> {
  const sandbox = options.sandbox ?? createSandbox(options.world ? { world: options.world } : {});
  const front = await startFront({
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    // The front reads no more than the sandbox would, so the sandbox's own 413 (not in the contract) is never reached.
    limits: { maxBodyBytes: MAX_REQUEST_BYTES },
    ...(options.onRefused ? { log: options.onRefused } : {}),
  });
  let server: Awaited<ReturnType<typeof serveSandbox>> | undefined;
  const onViolation = options.onViolation;
  try {
    server = await serveSandbox(sandbox, { host: '127.0.0.1', port: options.sandboxPort ?? 0 });
    const prism = await startPrism({
      upstream: server.url,
      ...(options.owner ? { owner: options.owner } : {}),
      logLevel: options.logLevel ?? 'warn',
      ...(onViolation
        ? {
            onLine: (line: string) => {
              const at = line.indexOf('Violation: ');
              if (at < 0) return;
              const text = line.slice(at + 'Violation: '.length).trim();
              onViolation({
                side: /^request\b/.test(text) ? 'request' : /^response\b/.test(text) ? 'response' : 'other',
                line: text,
              });
            },
          }
        : {}),
    });
    front.ready(prism.url, server.url);
    const served = server;
    return {
      url: front.url,
      prismUrl: prism.url,
      sandboxUrl: served.url,
      sandbox,
      prism,
      front,
      stop: async () => {
        await front.close();
        await prism.stop();
        await served.close();
      },
    };
  } catch (error) {
    await front.close();
    await server?.close();
    throw error;
  }
}
