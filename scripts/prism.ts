// Starts the real Stoplight Prism on the spec and resolves once it is listening: as the static
// example mock (`npm run mock`, scripts/mock.ts), or as a validating proxy in front of a server
// (`upstream`: `npm start` puts it in front of the sandbox, scripts/sandbox-server.ts). Shared
// with the test suites, so they run the same Prism.
//
// Prism runs in a child (scripts/prism-child.mjs) tied to this process by an IPC channel: it
// exits when this process goes away, however that happens, and it reports its own listening
// port, so "ready" is never answered by some other program on the port.
import { type ChildProcess, spawn } from 'node:child_process';
import { type AddressInfo, createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type PrismEntry, prismEntry } from './prism-bundle.js';

export const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const prismChild = join(projectRoot, 'scripts/prism-child.mjs');

export interface PrismOptions {
  host?: string;
  /** Default 0: the OS picks a free port, and `url`/`port` say which. */
  port?: number;
  spec?: string;
  logLevel?: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';
  timeoutMs?: number;
  inherit?: boolean;
  /** Run `prism proxy` in front of this server instead of the static mock. */
  upstream?: string;
  /** Who started Prism (e.g. "npm start"), named in Prism's last word if that process dies. */
  owner?: string;
  /** Each line Prism prints. */
  onLine?: (line: string) => void;
  /**
   * Which Prism code to run: by default the one-file bundle with its code cache
   * (scripts/prism-bundle.ts), or the CLI in node_modules when `IMS_PRISM_BUNDLE=off`.
   */
  entry?: PrismEntry;
}

export interface PrismExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** true when `stop()` asked for it. */
  expected: boolean;
  /** The end of what Prism printed. */
  output: string;
}

export interface RunningPrism {
  url: string;
  port: number;
  process: ChildProcess;
  /** Settles when Prism's process ends, for whatever reason. */
  exited: Promise<PrismExit>;
  /** SIGTERM, then SIGKILL after `graceMs` (default 2000). */
  stop: (graceMs?: number) => Promise<void>;
}

/** What the child says over its IPC channel (scripts/prism-child.mjs). */
type ChildMessage = { type: 'listening'; port: number } | { type: 'listen-error'; code?: string; message: string };

/** Asks the OS for a free loopback port. */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The last `max` characters of what a process printed, for the message that says why it stopped. */
function tail(text: string, max = 4000): string {
  return text.length > max ? `...${text.slice(-max)}` : text;
}

export async function startPrism(options: PrismOptions = {}): Promise<RunningPrism> {
  const host = options.host ?? '127.0.0.1';
  // Port 0: the OS picks, and the child reports which; no window in which another program takes it.
  const port = options.port ?? 0;
  const spec = options.spec ?? join(projectRoot, 'openapi/openapi.yaml');
  const entry = options.entry ?? (await prismEntry());
  const args = options.upstream
    ? [entry.file, 'proxy', spec, options.upstream, '--host', host, '--port', String(port)]
    : [entry.file, 'mock', spec, '--host', host, '--port', String(port)];
  if (options.logLevel) args.push('--verboseLevel', options.logLevel);
  const displayHost = host.includes(':') ? `[${host}]` : host;
  // Plain node, no tsx: the child is checked JavaScript so that Prism loads without tsx's hooks.
  const child = spawn(process.execPath, [prismChild, ...args], {
    cwd: projectRoot,
    // fd 4: this process's stderr, for the child's last word if this process dies (prism-child.mjs).
    stdio: ['ignore', 'pipe', 'pipe', 'ipc', 2],
    env: {
      ...process.env,
      ...(options.owner ? { PRISM_CHILD_OWNER: options.owner } : {}),
      ...(entry.codeCache ? { PRISM_CODE_CACHE: entry.codeCache } : {}),
    },
  });
  let output = '';
  let stopping = false;
  // Everything Prism prints is kept (bounded) for the message that says why it stopped.
  for (const stream of [child.stdout!, child.stderr!]) {
    stream.on('data', (chunk: Buffer) => {
      output = tail(output + chunk, 16_000);
      if (options.inherit) (stream === child.stdout ? process.stdout : process.stderr).write(chunk);
    });
  }
  if (options.onLine) {
    const onLine = options.onLine;
    for (const stream of [child.stdout!, child.stderr!]) {
      let rest = '';
      stream.on('data', (chunk: Buffer) => {
        const lines = (rest + chunk).split('\n');
        rest = lines.pop() ?? '';
        for (const line of lines) onLine(line);
      });
    }
  }

  const listening = await new Promise<number>((resolve, reject) => {
    const timeoutMs = options.timeoutMs ?? 90_000; // generous: six engineers share two cores here, and CI may be as loaded
    const timer = setTimeout(() => fail(`Prism did not start within ${timeoutMs} ms`), timeoutMs);
    function fail(reason: string) {
      clearTimeout(timer);
      child.off('exit', onEarlyExit);
      child.kill('SIGKILL');
      reject(new Error(`${reason}:\n${tail(output)}`));
    }
    function onEarlyExit(code: number | null, signal: NodeJS.Signals | null) {
      fail(`Prism exited (${signal ?? `code ${code}`}) before listening`);
    }
    child.on('message', (message: ChildMessage | undefined) => {
      if (message?.type === 'listening') {
        clearTimeout(timer);
        child.off('exit', onEarlyExit);
        resolve(message.port);
      } else if (message?.type === 'listen-error') {
        const what = message.code === 'EADDRINUSE' ? `port ${port} on ${host} is already in use` : message.message;
        fail(`Prism cannot listen on ${displayHost}:${port}: ${what}`);
      }
    });
    child.once('exit', onEarlyExit);
  });

  const exited = new Promise<PrismExit>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal, expected: stopping, output: tail(output) }));
  });
  return {
    url: `http://${displayHost}:${listening}`,
    port: listening,
    process: child,
    exited,
    stop: async (graceMs = 2000) => {
      stopping = true;
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      // Prism normally stops at once; one that does not is killed, so a stop is always bounded.
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
