// The servers the global setup starts in the background: `running(name)` resolves to the URL
// once that server answers, so a test file waits only for the server it uses. And the real
// commands (`npm start`, `npm run mock`) spawned as a user runs them, for the suites that hold
// their lifecycle and their guards.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { expect, inject } from 'vitest';
import { projectRoot } from '../../scripts/prism.js';

type ServerName = 'prismUrl' | 'sandboxUrl' | 'sandboxDirectUrl';

export async function running(name: ServerName, timeoutMs = 120_000): Promise<string> {
  const url = inject(name);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await fetch(url, { method: 'OPTIONS', signal: AbortSignal.timeout(1_000) });
      return url;
    } catch {
      if (Date.now() > deadline)
        throw new Error(`${name} (${url}) did not answer within ${timeoutMs} ms: see the global setup's output`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** `npm start` or `npm run mock` as a user runs it, on `port`, with its output collected. */
export interface SpawnedServer {
  child: ChildProcess;
  port: number;
  url: string;
  output: () => { stdout: string; stderr: string };
  /** Resolves once the command prints that it is ready; rejects if it exits first or takes too long. */
  ready: Promise<void>;
  /** Resolves with how the npm process ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM to the npm process, then SIGKILL to its whole group if it lingers. */
  stop: () => Promise<void>;
}

export function spawnServer(
  command: 'start' | 'mock',
  port: number,
  args: string[] = [],
  readyTimeoutMs = 90_000,
): SpawnedServer {
  const npmArgs = command === 'start' ? ['start', '--silent'] : ['run', 'mock', '--silent'];
  const child = spawn('npm', args.length ? [...npmArgs, '--', ...args] : npmArgs, {
    cwd: projectRoot,
    env: { ...process.env, PORT: String(port), npm_config_update_notifier: 'false' },
    // A group of its own only so that a failed test can still clean up everything; the tests
    // themselves signal the npm process alone, as a process manager does.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`npm ${command} not ready within ${readyTimeoutMs} ms:\n${stdout}\n${stderr}`)),
      readyTimeoutMs,
    );
    child.stdout!.on('data', () => {
      if (/ready in \d+ ms/.test(stdout)) {
        clearTimeout(timer);
        resolve();
      }
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`npm ${command} exited (${signal ?? code}) before it was ready:\n${stdout}\n${stderr}`));
    });
  });
  ready.catch(() => {}); // awaited by the tests; never an unhandled rejection here
  return {
    child,
    port,
    url: `http://127.0.0.1:${port}`,
    output: () => ({ stdout, stderr }),
    ready,
    exited,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // gone already
        }
      }, 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Every descendant of a process (Linux /proc), deepest last. */
export function descendants(pid: number): number[] {
  let children: number[] = [];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
  return children.flatMap((child) => [child, ...descendants(child)]);
}

/** A process that no longer runs: gone, or a zombie nobody has reaped yet (it holds no port). */
export function processGone(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

/** true when nothing accepts connections on 127.0.0.1:port. */
export function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

/** How long a stopping command may take to free its port and end every process it started. */
export const STOP_WITHIN_MS = 5_000;

/** A process's command line (Linux /proc), or '' when it is gone. */
export function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

/** Waits until the port is free and every process in `pids` is gone, or the bound passes. */
export async function allGone(port: number, pids: number[], withinMs = STOP_WITHIN_MS): Promise<number> {
  const deadline = performance.now() + withinMs;
  for (;;) {
    const free = await portFree(port);
    const alive = pids.filter((pid) => !processGone(pid));
    if (free && alive.length === 0) return performance.now();
    if (performance.now() > deadline)
      throw new Error(
        `after ${withinMs} ms: port ${port} ${free ? 'free' : 'still taken'}; still running: ${alive.map((pid) => `${pid} ${commandLine(pid)}`).join('; ') || 'none'}`,
      );
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * A ready server's processes: npm, the node process it runs and Prism's at least (checked, so
 * a lifecycle case watches all of them, not just npm).
 */
export function processesOf(server: SpawnedServer): number[] {
  const pids = [server.child.pid!, ...descendants(server.child.pid!)];
  expect(pids.length).toBeGreaterThanOrEqual(3);
  expect(pids.some((pid) => commandLine(pid).includes('prism-child.mjs'))).toBe(true);
  return pids;
}

/**
 * A signal to the npm process alone (what `docker stop`, systemd and most process managers
 * send, not the whole group): every process it started stops, the port is freed within
 * STOP_WITHIN_MS, npm exits 0, and the command says which signal it got.
 */
export async function expectStopsOnSignal(server: SpawnedServer, pids: number[], signal: NodeJS.Signals) {
  const sent = performance.now();
  server.child.kill(signal);
  const gone = await allGone(server.port, pids);
  expect(gone - sent).toBeLessThan(STOP_WITHIN_MS);
  expect((await server.exited).code).toBe(0);
  expect(server.output().stderr).toMatch(new RegExp(`${signal} received, stopping`));
}
