// How `npm start` and `npm run mock` end, on the real commands spawned as a user runs them: a
// signal to the npm process alone (what `docker stop`, systemd and most process managers send,
// not the whole group) stops every process it started and frees the port promptly; a part that
// dies takes the whole with it and says why. Each case spawns its own server on its own free port
// and watches only the processes it started, so the cases run side by side: most of each case is
// waiting for npm, node and Prism to start, and one after another they made this file the
// longest chain of the run (vitest's maxConcurrency bounds how many start at once).
import { describe, expect, it } from 'vitest';
import { freePort } from '../scripts/prism.js';
import {
  allGone,
  commandLine,
  expectStopsOnSignal,
  processesOf,
  type SpawnedServer,
  spawnServer,
} from './support/servers.js';

/** Spawns the command, waits for it, and returns it with the processes it runs. */
async function running(command: 'start' | 'mock') {
  const server = spawnServer(command, await freePort());
  await server.ready;
  return { server, pids: processesOf(server) };
}

async function cleanUp(server: SpawnedServer | undefined) {
  if (!server) return;
  try {
    process.kill(-server.child.pid!, 'SIGKILL');
  } catch {
    // the group is gone, as it should be
  }
}

// SIGTERM, the process managers' signal, ends the server of each hostile-clients suite
// (test/support/server-hostile-suite.ts: npm start and npm run mock), after all its cases: the
// same check on a process that has been through every hostile client, with no start of its own.
describe.concurrent('a signal to the npm process alone stops everything and frees the port', () => {
  for (const command of ['start', 'mock'] as const)
    it(`npm ${command === 'start' ? 'start' : 'run mock'}, SIGINT`, async () => {
      const { server, pids } = await running(command);
      try {
        await expectStopsOnSignal(server, pids, 'SIGINT');
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
