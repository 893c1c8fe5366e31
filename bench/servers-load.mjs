// Benchmark: the local servers under load, as a user runs them. `npm start` and `npm run mock`
// are spawned through npm on free loopback ports; autocannon sends the documents' accept at 10
// and 100 connections through the front and Prism, and directly to the sandbox's own port (what
// the front and Prism cost); then a soak through `npm start`, with the resident memory of the
// whole process tree before and after. Every answer must be a 2xx: anything else fails the run.
//
//   node bench/servers-load.mjs [--seconds 10] [--soak-seconds 30] [--connections 10,100]
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { freePort } from '../scripts/prism.ts';
import { fmt, memberRequest, projectRoot } from './lib.mjs';

function flag(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : fallback;
}

const { path, request } = memberRequest();

/** Resident memory of a process and all its descendants, in MiB (Linux /proc). */
function treeRssMiB(pid) {
  let rss = 0;
  try {
    rss = Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
  let children = [];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
  } catch {
    // gone
  }
  return children.reduce((sum, child) => sum + treeRssMiB(Number(child)), rss);
}

/** `npm start` or `npm run mock` on a free port; resolves once it prints that it is ready. */
async function spawnCommand(command) {
  const port = await freePort();
  const child = spawn('npm', command === 'start' ? ['start', '--silent'] : ['run', 'mock', '--silent'], {
    cwd: projectRoot,
    env: { ...process.env, PORT: String(port), npm_config_update_notifier: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.resume();
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm ${command} not ready in 120 s`)), 120_000);
    child.stdout.on('data', () => {
      if (/ready in \d+ ms/.test(stdout)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`npm ${command} exited with ${code}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    sandboxUrl: stdout.match(/the sandbox itself at (http:\/\/[^\s,]+)/)?.[1],
    prismUrl: stdout.match(/Prism(?: itself)? at (http:\/\/[^\s,)]+)/)?.[1],
    pid: child.pid,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', resolve);
        child.kill('SIGTERM'); // the npm process alone: it stops everything (docs/servers.md)
      }),
  };
}

async function load(url, connections, duration) {
  // A short warm-up first: the first requests compile Prism's validators and warm the JIT.
  await autocannon({ url: url + path, ...request, connections, duration: 2, timeout: 30 });
  const result = await autocannon({ url: url + path, ...request, connections, duration, timeout: 30 });
  // A non-2xx answer is a failure of the servers; a client-side timeout on a loaded machine is reported.
  if (result.non2xx > 0 || result.errors > result.timeouts)
    throw new Error(
      `${url}: ${result.non2xx} non-2xx answers, ${result.errors} errors (${result.timeouts} of them timeouts) in ${result.requests.total}`,
    );
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total,
    timeouts: result.timeouts,
  };
}

export async function run({ seconds = 10, soakSeconds = 30, connections = [10, 100] } = {}) {
  const rows = [];
  const row = (name, r, extra = '') =>
    rows.push({
      benchmark: 'servers-load',
      name,
      unit: 'req/s',
      median: r.rps,
      detail: `${r.total} requests, ${r.timeouts} client timeouts (30 s), latency p50 ${r.p50} ms / p99 ${r.p99} ms${extra}`,
      command: 'node --import tsx bench/servers-load.mjs',
    });

  const start = await spawnCommand('start');
  try {
    for (const c of connections) {
      row(`npm start (front + Prism + sandbox), ${c} connections`, await load(start.url, c, seconds));
      row(`sandbox alone (its own port), ${c} connections`, await load(start.sandboxUrl, c, seconds));
    }
    const before = treeRssMiB(start.pid);
    const soak = await load(start.url, 10, soakSeconds);
    const after = treeRssMiB(start.pid);
    row(
      `npm start soak, ${soakSeconds} s at 10 connections`,
      soak,
      `; RSS of the process tree ${fmt(before, 0)} MiB before, ${fmt(after, 0)} MiB after`,
    );
    rows.at(-1).rssBeforeMiB = before;
    rows.at(-1).rssAfterMiB = after;
  } finally {
    await start.stop();
  }

  const mock = await spawnCommand('mock');
  try {
    for (const c of connections) {
      const r = await load(mock.url, c, seconds);
      row(`npm run mock (front + Prism), ${c} connections`, r, `; RSS ${fmt(treeRssMiB(mock.pid), 0)} MiB`);
    }
    // What the front costs: the same Prism with and without it, interleaved so that drift in
    // the machine's load hits both alike.
    const through = [];
    const direct = [];
    for (let round = 0; round < 3; round++) {
      through.push((await load(mock.url, 10, Math.max(3, seconds / 2))).rps);
      direct.push((await load(mock.prismUrl, 10, Math.max(3, seconds / 2))).rps);
    }
    const median = (xs) => [...xs].sort((a, b) => a - b)[1];
    rows.push({
      benchmark: 'servers-load',
      name: "the front's cost: Prism mock through it / direct, 10 connections",
      unit: 'ratio',
      median: median(through) / median(direct),
      detail: `3 interleaved rounds: through ${through.map((x) => fmt(x, 0)).join(', ')} req/s; direct ${direct.map((x) => fmt(x, 0)).join(', ')} req/s`,
      command: 'node --import tsx bench/servers-load.mjs',
    });
  } finally {
    await mock.stop();
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const seconds = Number(flag('seconds', 10));
  const soakSeconds = Number(flag('soak-seconds', 30));
  const connections = flag('connections', '10,100').split(',').map(Number);
  console.log(
    `Load through the front and Prism, and direct to the sandbox: ${seconds} s per run, a ${soakSeconds} s soak ...`,
  );
  for (const r of await run({ seconds, soakSeconds, connections }))
    console.log(`${r.name.padEnd(60)} ${fmt(r.median, r.unit === 'ratio' ? 2 : 1).padStart(8)} ${r.unit}  ${r.detail}`);
}
