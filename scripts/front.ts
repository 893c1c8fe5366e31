// The front: a small node:http server that owns the public port of `npm start` and `npm run mock`
// and stands in front of Prism. Prism 5.14.2 dies (empty reply, exit 1, no word) on requests it
// cannot handle: a JSON field name it cannot copy into its `sl-violations` header, a path with a
// malformed percent escape, a body nested thousands of levels deep. Rather than carry a patch of
// Prism's internals, the front refuses exactly those requests before Prism sees them, with a
// worded 400 (or 413/431/408), and forwards everything else unchanged, so Prism still judges every
// request the contract allows. Headers and bodies are read under time and size limits here too,
// so a slow or huge client is bounded before it reaches anyone. `/__sandbox/*` control calls go
// straight to the sandbox: they are not part of the contract and Prism would report them.

// Used by both servers: scripts/mock-server.ts (`npm run mock`) and scripts/sandbox-server.ts (`npm start`).

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  Agent,
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import { forwardedHeaders } from '../src/sandbox/aksk.js';
import { IAM_PROJECTS_PATH } from '../src/sandbox/iam.js';
import { projectRoot } from './prism.js';

/** Headers only the front sets, for the sandbox's AK/SK check. */
export { forwardedHeaders };

export interface FrontLimits {
  maxBodyBytes: number;
  maxDepth: number;
  maxHeaderBytes: number;
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  upstreamTimeoutMs: number;
}

/** Why the front refused a request: the status, the rule's name (X-Front-Rule) and the words. */
export interface Refusal {
  status: number;
  rule: string;
  message: string;
}

export interface FrontOptions {
  host?: string;
  port?: number;
  limits?: Partial<FrontLimits>;
  /** Each request the front refuses, in one line (never the body or a token). */
  log?: (line: string) => void;
  /** Named in 502/504 answers (default "Prism"). */
  upstreamName?: string;
}

export interface Front {
  url: string;
  port: number;
  /** Start forwarding: everything to `upstream`, `/__sandbox/*` to `control` when given. */
  ready: (upstream: string, control?: string) => void;
  close: () => Promise<void>;
}

/** The limits the front holds every request to. */
export const frontLimits: Readonly<FrontLimits> = Object.freeze({
  /** The largest body read (the real request is under 100 bytes); larger: 413. */
  maxBodyBytes: 1024 * 1024,
  /** Arrays and objects nested deeper than this: 400 (the contract's bodies are one level deep). */
  maxDepth: 32,
  /** All request headers together; larger: 431. */
  maxHeaderBytes: 16 * 1024,
  /** Headers must arrive whole within this (a trickling client gets 408 and is closed). */
  headersTimeoutMs: 5_000,
  /** The whole request must arrive within this. */
  requestTimeoutMs: 30_000,
  /** Prism (and the sandbox behind it) must answer within this; else 504. */
  upstreamTimeoutMs: 30_000,
});

// The 400 the front gives is the contract's own "request format invalid" answer (IMS shape, the
// spec's `request_invalid` example's code), with a message that says what exactly is wrong.
type SpecResponse = {
  $ref?: string;
  content?: { 'application/json'?: { examples?: { request_invalid?: { value?: { error?: { code?: unknown } } } } } };
};
type SpecDocument = {
  paths?: Record<string, Record<string, { responses?: Record<string, SpecResponse> } | undefined> | undefined>;
  components: { responses: Record<string, SpecResponse> };
};
const spec = JSON.parse(readFileSync(join(projectRoot, 'generated/openapi.json'), 'utf8')) as SpecDocument;
const requestInvalidCode = ((): string | undefined => {
  for (const item of Object.values(spec.paths ?? {}))
    for (const operation of Object.values(item ?? {})) {
      let response = operation?.responses?.['400'];
      if (response?.$ref) response = spec.components.responses[response.$ref.split('/').pop()!];
      const code = response?.content?.['application/json']?.examples?.request_invalid?.value?.error?.code;
      if (typeof code === 'string') return code;
    }
  return undefined;
})();

/** A body for an answer the front gives itself: the contract's 400 shape, else the API gateway's. */
function answerBody(status: number, message: string) {
  if (status === 400 && requestInvalidCode) return { error: { code: requestInvalidCode, message } };
  return { error_code: `FRONT.0${status}`, error_msg: message };
}

/** Text safe to quote in a message: printable ASCII, anything else as \uXXXX, at most 60 characters. */
function quote(text: string): string {
  const escaped = JSON.stringify(text).replace(
    /[^\x20-\x7e]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return escaped.length > 60 ? `${escaped.slice(0, 57)}...` : escaped;
}

/**
 * The request target's path must decode: every `%` followed by two hex digits, and the escapes
 * UTF-8 (Prism decodes the path and dies with "URI malformed" otherwise).
 */
export function checkTarget(target: string): Refusal | undefined {
  const query = target.indexOf('?');
  const path = query < 0 ? target : target.slice(0, query);
  const bad = /%(?![0-9a-fA-F]{2})/.exec(path);
  if (bad)
    return {
      status: 400,
      rule: 'path-percent-escape',
      message: `The request path has a malformed percent escape at character ${bad.index + 1} (${quote(path.slice(bad.index, bad.index + 3))}): "%" must be followed by two hexadecimal digits.`,
    };
  try {
    decodeURIComponent(path);
  } catch {
    return {
      status: 400,
      rule: 'path-utf8',
      message:
        'The request path has percent escapes that are not UTF-8 (such as %ff): encode each path segment as UTF-8.',
    };
  }
  return undefined;
}

// RFC 9110 media types: `type/subtype`, then `; name=value` parameters (value a token or a quoted
// string). This is the grammar Prism's `content-type` parser enforces, by throwing.
const token = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const mediaType = new RegExp(
  `^\\s*${token}/${token}\\s*(?:; *${token} *= *(?:${token}|"(?:[\\t\\x20\\x21\\x23-\\x5b\\x5d-\\x7e\\x80-\\xff]|\\\\[\\t\\x20-\\xff])*") *)*$`,
);

/**
 * `Content-Type` must be one media type and `Accept` a comma-separated list of them (each part,
 * empty ones included): when no type in `Accept` matches, Prism's mock parses each part and dies
 * on one it cannot parse (`Accept: *`, `Accept: a`, a trailing comma); a Content-Type it cannot
 * parse gets a 500 where the client's request is at fault.
 */
export function checkHeaders(headers: IncomingHttpHeaders): Refusal | undefined {
  const contentType = headers['content-type'];
  if (contentType !== undefined && contentType !== '' && !mediaType.test(contentType))
    return {
      status: 400,
      rule: 'content-type',
      message: `The Content-Type header is not a media type (type/subtype, then ; name=value parameters): ${quote(contentType)}.`,
    };
  const accept = headers.accept;
  if (accept !== undefined) {
    const bad = accept.split(',').find((part) => !mediaType.test(part));
    if (bad !== undefined)
      return {
        status: 400,
        rule: 'accept',
        message: `The Accept header is not a comma-separated list of media types (such as application/json or */*): ${quote(bad === '' ? accept : bad)}.`,
      };
  }
  return undefined;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const whitespace = new Set([0x20, 0x09, 0x0a, 0x0d]);

/**
 * A body that is JSON (an object or array) must be UTF-8, nested at most `maxDepth` deep, and
 * use printable-ASCII field names: Prism copies field names into a response header and dies on
 * any character a header cannot carry, and its logger overflows the stack on deep nesting.
 * Anything that is not JSON passes: Prism and the sandbox answer it with the contract's 400.
 */
export function checkBody(body: Uint8Array, maxDepth = frontLimits.maxDepth): Refusal | undefined {
  let start = 0;
  while (start < body.length && whitespace.has(body[start]!)) start++;
  if (start === body.length || (body[start] !== 0x7b && body[start] !== 0x5b)) return undefined;
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    return { status: 400, rule: 'body-utf8', message: 'The request body is not valid UTF-8 (JSON must be UTF-8).' };
  }
  // Nesting is counted on the text, before parsing, so no parser or walker recurses that deep.
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > maxDepth)
        return {
          status: 400,
          rule: 'body-depth',
          message: `The request body nests arrays and objects more than ${maxDepth} levels deep.`,
        };
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const pending: unknown[] = [value];
  while (pending.length) {
    const item = pending.pop();
    if (item === null || typeof item !== 'object') continue;
    if (Array.isArray(item)) {
      for (const element of item) pending.push(element);
      continue;
    }
    for (const [key, field] of Object.entries(item)) {
      if (!/^[\x20-\x7e]*$/.test(key))
        return {
          status: 400,
          rule: 'body-field-name',
          message: `The request body has a field name with characters other than printable ASCII: ${quote(key)}. No field of this API has one.`,
        };
      pending.push(field);
    }
  }
  return undefined;
}

// Headers that describe one hop, not the message: never copied from one connection to the next.
const hopByHop = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
  'proxy-authenticate',
  'proxy-authorization',
]);
function copyHeaders(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const copy: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers))
    if (!hopByHop.has(name) && value !== undefined) copy[name] = value;
  return copy;
}

/**
 * Starts the front on `host:port` (default 127.0.0.1, port 0 = any free one). It listens at once,
 * so a taken port is known before anything else starts; requests that arrive before `ready()`
 * wait for it.
 */
export async function startFront(options: FrontOptions = {}): Promise<Front> {
  const limits = { ...frontLimits, ...options.limits };
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? (() => {});
  type Targets = { upstream: string; control?: string };
  let setReady: (targets: Targets) => void = () => {};
  const targets = new Promise<Targets>((resolve) => {
    setReady = resolve;
  });
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });

  function answer(
    response: ServerResponse,
    status: number,
    message: string,
    rule: string,
    extraHeaders: OutgoingHttpHeaders = {},
  ): void {
    if (response.headersSent || response.destroyed) return void response.destroy();
    const body = JSON.stringify(answerBody(status, message));
    response.writeHead(status, {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(body),
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Expose-Headers': '*',
      // Which of the front's rules refused the request, for logs and tests (the body says it in words).
      'X-Front-Rule': rule,
      ...extraHeaders,
    });
    response.end(body);
  }

  function forward(
    request: IncomingMessage,
    response: ServerResponse,
    received: Buffer,
    base: string,
    retried = false,
  ): void {
    const target = new URL(base);
    const headers = copyHeaders(request.headers);
    // Prism's proxy sends its upstream's Host on: the URL the client used goes on beside it, for
    // the links the sandbox builds from it (the versions document of version discovery).
    if (request.headers.host && headers['x-forwarded-host'] === undefined)
      headers['x-forwarded-host'] = request.headers.host;
    if (headers['x-forwarded-proto'] === undefined) headers['x-forwarded-proto'] = 'http';
    // What an AK/SK signature covers that Prism's proxy would lose (src/sandbox/aksk.ts reads
    // these): the Host the client sent (Prism sends the upstream's own), and a GET body's hash
    // (Prism's proxy refuses a GET with a body, and Huawei's Node SDK sends `{}` with every GET,
    // signed). Copies a client sent are dropped: only the front says these.
    for (const name of Object.values(forwardedHeaders)) delete headers[name];
    if (request.headers.host) headers[forwardedHeaders.host] = request.headers.host;
    let body = received;
    const dropped = (request.method === 'GET' || request.method === 'HEAD') && body.length > 0;
    if (dropped) {
      headers[forwardedHeaders.bodySha256] = createHash('sha256').update(body).digest('hex');
      body = Buffer.alloc(0);
      delete headers['content-length'];
    } else if (body.length || request.headers['content-length'] !== undefined || request.headers['transfer-encoding'])
      headers['content-length'] = String(body.length);
    const upstream = httpRequest({
      agent,
      host: target.hostname,
      port: target.port,
      method: request.method,
      path: request.url,
      headers,
    });
    upstream.setTimeout(limits.upstreamTimeoutMs, () =>
      upstream.destroy(Object.assign(new Error('no answer in time'), { code: 'FRONT_TIMEOUT' })),
    );
    response.once('close', () => {
      if (!response.writableFinished) upstream.destroy();
    });
    upstream.on('response', (answerStream) => {
      try {
        response.writeHead(answerStream.statusCode ?? 502, copyHeaders(answerStream.headers));
      } catch (error) {
        answerStream.resume();
        return answer(
          response,
          502,
          `The server behind the front sent a header that cannot be forwarded: ${(error as Error).message}`,
          'upstream-header',
        );
      }
      answerStream.pipe(response);
      answerStream.on('error', () => response.destroy());
    });
    upstream.on('error', (error: NodeJS.ErrnoException) => {
      if (response.headersSent) return void response.destroy();
      // A kept-alive connection that Prism closed just as this request went out: the request never
      // reached it, so it is sent once more on a fresh connection (the remedy Node's docs give).
      if (upstream.reusedSocket && error.code === 'ECONNRESET' && !retried && !response.destroyed)
        return forward(request, response, received, base, true);
      if (error.code === 'FRONT_TIMEOUT')
        return answer(
          response,
          504,
          `No answer from ${options.upstreamName ?? 'Prism'} within ${limits.upstreamTimeoutMs} ms.`,
          'upstream-timeout',
        );
      answer(
        response,
        502,
        `${options.upstreamName ?? 'Prism'} did not answer (${error.code ?? error.message}); see the server's log.`,
        'upstream-failed',
      );
    });
    upstream.end(body);
  }

  const server = createServer(
    {
      maxHeaderSize: limits.maxHeaderBytes,
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      // How often node checks the two timeouts above (default 30 s, which would make them loose).
      connectionsCheckingInterval: Math.min(1_000, limits.headersTimeoutMs),
      keepAliveTimeout: 5_000,
    },
    (request, response) => {
      const refused = checkTarget(request.url ?? '/') ?? checkHeaders(request.headers);
      if (refused) {
        log(`refused ${request.method} (${refused.rule}): ${refused.message}`);
        // The body is not needed: node reads it to its end and discards it, and the connection
        // serves the next request (a pipelined one included).
        return answer(response, refused.status, refused.message, refused.rule);
      }
      // A body over the limit is still read to its end (and thrown away) before the 413, up to
      // `lingerBytes`: a server that closes while the client is still sending makes the client's
      // kernel reset the connection, and the 413 is lost. A declared length beyond that is refused at once.
      const lingerBytes = limits.maxBodyBytes * 8;
      const tooLargeMessage = `The request body is larger than ${limits.maxBodyBytes} bytes.`;
      const declared = Number(request.headers['content-length']);
      if (declared > lingerBytes) {
        log(`refused ${request.method} (body-size): Content-Length ${declared}`);
        return answer(response, 413, tooLargeMessage, 'body-size', { Connection: 'close' });
      }
      const chunks: Buffer[] = [];
      let size = 0;
      let tooLarge = false;
      request.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= limits.maxBodyBytes) return void chunks.push(chunk);
        if (!tooLarge) {
          tooLarge = true;
          chunks.length = 0;
          log(`refused ${request.method} (body-size): more than ${limits.maxBodyBytes} bytes`);
        }
        if (size > lingerBytes && !response.headersSent) {
          answer(response, 413, tooLargeMessage, 'body-size', { Connection: 'close' });
          response.on('finish', () => request.destroy());
        }
      });
      // A client that goes away mid-body: nothing is forwarded, nothing is left waiting.
      request.on('error', () => response.destroy());
      request.on('end', async () => {
        if (response.destroyed || response.headersSent) return;
        if (tooLarge) return answer(response, 413, tooLargeMessage, 'body-size', { Connection: 'close' });
        const body = Buffer.concat(chunks);
        const problem = checkBody(body, limits.maxDepth);
        if (problem) {
          log(`refused ${request.method} (${problem.rule}): ${problem.message}`);
          return answer(response, problem.status, problem.message, problem.rule);
        }
        const { upstream, control } = await targets;
        if (response.destroyed) return;
        // The control calls, and IAM's project lookup (not an IMS call: src/sandbox/iam.ts).
        const target = request.url ?? '';
        const isControl =
          control !== undefined && (/^\/__sandbox(\/|\?|$)/.test(target) || target.split('?')[0] === IAM_PROJECTS_PATH);
        forward(request, response, body, isControl ? control : upstream);
      });
    },
  );
  // Requests node cannot parse never reach the handler: answer them in words, then close.
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    if (!socket.writable || socket.destroyed) return void socket.destroy();
    const [status, rule, message] =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'header-size', `The request headers are larger than ${limits.maxHeaderBytes} bytes.`]
        : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? [
              408,
              'request-timeout',
              `The request did not arrive whole in time (headers within ${limits.headersTimeoutMs} ms, all of it within ${limits.requestTimeoutMs} ms).`,
            ]
          : [400, 'http-syntax', `The request is not well-formed HTTP/1.1 (${error.code ?? 'parse error'}).`];
    log(`refused a connection's request (${rule}): ${message}`);
    const body = JSON.stringify(answerBody(status, message));
    socket.end(
      `HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : status === 408 ? 'Request Timeout' : 'Bad Request'}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nX-Front-Rule: ${rule}\r\nConnection: close\r\n\r\n${body}`,
    );
  });

  await new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const where = `${host.includes(':') ? `[${host}]` : host}:${options.port ?? 0}`;
      reject(
        error.code === 'EADDRINUSE'
          ? Object.assign(
              new Error(
                `Port ${options.port} on ${host} is already in use (another npm start or npm run mock?). Stop that one, or choose another port: PORT=4011.`,
              ),
              { code: 'EADDRINUSE' },
            )
          : new Error(`Cannot listen on ${where}: ${error.message}`),
      );
    });
    server.listen(options.port ?? 0, host, () => resolve(undefined));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    ready: (upstream, control) => setReady(control ? { upstream, control } : { upstream }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        agent.destroy();
      }),
  };
}
