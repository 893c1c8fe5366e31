// How `npm start` and `npm run mock` end, on the real commands spawned as a user runs them: a
// signal to the npm process alone (what `docker stop`, systemd and most process managers send,
// not the whole group) stops every process it started and frees the port promptly; a part that
// dies takes the whole with it and says why. Each case spawns its own server on its own free port
// and watches only the processes it started, so the cases run side by side: most of each case is
// waiting for npm, node and Prism to start, and one after another they made this file the
// longest chain of the run (vitest's maxConcurrency bounds how many start at once).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { freePort } from '../scripts/prism.js';
import { descendants, portFree, processGone, type SpawnedServer, spawnServer } from './support/servers.js';

const STOP_WITHIN_MS = 5_000;

const commandLine = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
};

/** Waits until the port is free and every process in `pids` is gone, or the bound passes. */
async function allGone(port: number, pids: number[], withinMs = STOP_WITHIN_MS) {
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

/** Spawns the command, waits for it, and returns it with the processes it runs. */
async function running(command: 'start' | 'mock') {
  const server = spawnServer(command, await freePort());
  await server.ready;
  const pids = [server.child.pid!, ...descendants(server.child.pid!)];
  // npm, the node process it runs, and Prism's at least.
  expect(pids.length).toBeGreaterThanOrEqual(3);
  expect(pids.some((pid) => commandLine(pid).includes('prism-child.mjs'))).toBe(true);
  return { server, pids };
}

async function cleanUp(server: SpawnedServer | undefined) {
  if (!server) return;
  try {
    process.kill(-server.child.pid!, 'SIGKILL');
  } catch {
    // the group is gone, as it should be
  }
}

describe.concurrent('a signal to the npm process alone stops everything and frees the port', () => {
  for (const command of ['start', 'mock'] as const)
    for (const signal of ['SIGTERM', 'SIGINT'] as const)
      it(`npm ${command === 'start' ? 'start' : 'run mock'}, ${signal}`, async () => {
        const { server, pids } = await running(command);
        try {
          const sent = performance.now();
          server.child.kill(signal);
          const gone = await allGone(server.port, pids);
          expect(gone - sent).toBeLessThan(STOP_WITHIN_MS);
          expect((await server.exited).code).toBe(0);
          expect(server.output().stderr).toMatch(new RegExp(`${signal} received, stopping`));
        } finally {
          await cleanUp(server);
        }
      }, 150_000);
});

describe.concurrent('Ctrl-C in a terminal (SIGINT to the whole group)', () => {
  it('npm start: stops once, cleanly: exit 0, port free, nothing left, no "stopped unexpectedly"', async () => {
    const { server, pids } = await running('start');
    try {
      process.kill(-server.child.pid!, 'SIGINT');
      await allGone(server.port, pids);
      expect((await server.exited).code).toBe(0);
      expect(server.output().stderr).not.toMatch(/unexpectedly|exiting without waiting/);
    } finally {
      await cleanUp(server);
    }
  }, 150_000);
});

describe.concurrent('a part that dies ends the whole, and says why', () => {
  it('npm start: the main process killed (SIGKILL): Prism follows, the port is freed, and Prism says so', async () => {
    const { server, pids } = await running('start');
    try {
      const main = pids.find((pid) => commandLine(pid).includes('scripts/sandbox.ts'))!;
      expect(main).toBeDefined();
      process.kill(main, 'SIGKILL');
      await allGone(server.port, pids);
      expect((await server.exited).code).not.toBe(0);
      expect(server.output().stderr).toMatch(/npm start: its main process \(pid \d+\) ended without stopping Prism/);
    } finally {
      await cleanUp(server);
    }
  }, 150_000);

  for (const command of ['start', 'mock'] as const)
    it(`npm ${command === 'start' ? 'start' : 'run mock'}: Prism killed: the whole stops with the reason, exit 1`, async () => {
      const { server, pids } = await running(command);
      try {
        const prism = pids.find((pid) => commandLine(pid).includes('prism-child.mjs'))!;
        process.kill(prism, 'SIGKILL');
        await allGone(server.port, pids);
        expect((await server.exited).code).toBe(1);
        expect(server.output().stderr).toMatch(
          /Prism \(the contract checker behind the front\) stopped unexpectedly: it was killed by SIGKILL/,
        );
        expect(server.output().stderr).toMatch(/stopping everything else too/);
      } finally {
        await cleanUp(server);
      }
    }, 150_000);
});
