// Benchmark 4: the mocks. Time from spawn to the first 200, and requests per second under a
// bounded load (autocannon, loopback only), with memory: the static Prism mock (`npm run mock`)
// at the default and a quiet log level, and the sandbox as `npm start` serves it (node:http
// behind Prism's proxy, which checks every request and answer), in one run.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { freePort, startPrism } from '../scripts/prism.ts';
import { fmt, memberRequest, projectRoot, summarize } from './lib.mjs';

const { path, request } = memberRequest();
const prismBin = join(projectRoot, 'node_modules/@stoplight/prism-cli/dist/index.js');

/** Resident and peak memory of a process, in MiB, from /proc (Linux). */
function memoryMiB(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (key) => Number(status.match(new RegExp(`${key}:\\s+(\\d+)`))?.[1]);
    return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 };
  } catch {
    return { rss: NaN, peak: NaN };
  }
}

/** Resident memory of a process and all its descendants (npm -> tsx -> node -> Prism), in MiB. */
function treeMemoryMiB(pid) {
  let rss = memoryMiB(pid).rss;
  let children = [];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
  } catch {
    // gone already
  }
  for (const child of children) rss += treeMemoryMiB(Number(child));
  return rss;
}

/** `npm start` (the sandbox behind Prism's proxy) in a process group of its own, on `port`. */
function spawnSandbox(port) {
  return spawn('npm', ['start', '--silent'], {
    cwd: projectRoot,
    env: { ...process.env, PORT: String(port), npm_config_update_notifier: 'false' },
    stdio: 'ignore',
    detached: true,
  });
}
const stopGroup = (child) =>
  new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', resolve);
    process.kill(-child.pid, 'SIGTERM');
  });

async function firstOk(port, started) {
  for (;;) {
    if (performance.now() - started > 30_000) throw new Error('no 200 within 30 s');
    try {
      const response = await fetch(`http://127.0.0.1:${port}${path}`, request);
      if (response.status === 200) return performance.now() - started;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function sandboxSpawnToFirst200() {
  const port = await freePort();
  const started = performance.now();
  const child = spawnSandbox(port);
  try {
    return await firstOk(port, started);
  } finally {
    await stopGroup(child);
  }
}

async function sandboxLoad({ connections, duration }) {
  const port = await freePort();
  const child = spawnSandbox(port);
  try {
    await firstOk(port, performance.now());
    const result = await autocannon({ url: `http://127.0.0.1:${port}${path}`, ...request, connections, duration });
    const rss = treeMemoryMiB(child.pid);
    if (result.non2xx > 0 || result.errors > 0)
      throw new Error(`load run had ${result.non2xx} non-2xx answers and ${result.errors} errors`);
    return {
      rps: result.requests.average,
      p50: result.latency.p50,
      p99: result.latency.p99,
      total: result.requests.total,
      rss,
    };
  } finally {
    await stopGroup(child);
  }
}

async function spawnToFirst200() {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [prismBin, 'mock', join(projectRoot, 'openapi/openapi.yaml'), '--port', String(port), '--host', '127.0.0.1'],
    {
      stdio: 'ignore',
    },
  );
  try {
    return await firstOk(port, started);
  } finally {
    child.kill();
  }
}

async function load(logLevel, { connections, duration }) {
  const prism = await startPrism(logLevel ? { logLevel } : {});
  try {
    const result = await autocannon({ url: prism.url + path, ...request, connections, duration });
    const memory = memoryMiB(prism.process.pid);
    if (result.non2xx > 0 || result.errors > 0)
      throw new Error(`load run had ${result.non2xx} non-2xx answers and ${result.errors} errors`);
    return {
      rps: result.requests.average,
      p50: result.latency.p50,
      p99: result.latency.p99,
      total: result.requests.total,
      ...memory,
    };
  } finally {
    await prism.stop();
  }
}

export async function run({ startups = 7, connections = 10, duration = 8 } = {}) {
  // Interleaved, so drift in the machine's load hits both alike.
  const startupSamples = [];
  const sandboxStartupSamples = [];
  for (let i = 0; i < startups; i++) {
    startupSamples.push(await spawnToFirst200());
    sandboxStartupSamples.push(await sandboxSpawnToFirst200());
  }
  const rows = [
    {
      benchmark: 'mock',
      name: 'spawn to first 200',
      unit: 'ms',
      ...summarize(startupSamples),
      command: 'node --import tsx bench/mock.mjs',
    },
    {
      benchmark: 'mock',
      name: 'sandbox: npm start to first 200',
      unit: 'ms',
      ...summarize(sandboxStartupSamples),
      command: 'node --import tsx bench/mock.mjs',
    },
  ];
  for (const [label, level] of [
    ['default log level', undefined],
    ['log level error', 'error'],
  ]) {
    const r = await load(level, { connections, duration });
    rows.push({
      benchmark: 'mock',
      name: `requests/s, ${label}`,
      unit: 'req/s',
      median: r.rps,
      detail: `${connections} connections, ${duration} s, ${r.total} requests, latency p50 ${r.p50} ms / p99 ${r.p99} ms, RSS ${fmt(r.rss, 0)} MiB (peak ${fmt(r.peak, 0)} MiB)`,
      rssMiB: r.rss,
      peakMiB: r.peak,
      command: 'node --import tsx bench/mock.mjs',
    });
  }
  const sandbox = await sandboxLoad({ connections, duration });
  rows.push({
    benchmark: 'mock',
    name: 'sandbox: requests/s, npm start',
    unit: 'req/s',
    median: sandbox.rps,
    detail: `sandbox behind Prism proxy (log level warn), ${connections} connections, ${duration} s, ${sandbox.total} requests, latency p50 ${sandbox.p50} ms / p99 ${sandbox.p99} ms, RSS of the process tree ${fmt(sandbox.rss, 0)} MiB`,
    rssMiB: sandbox.rss,
    command: 'node --import tsx bench/mock.mjs',
  });
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log('Measuring the Prism mock and the sandbox (npm start): start-up, then load ...');
  const quick = process.argv.includes('--quick');
  for (const row of await run(quick ? { startups: 3, duration: 5 } : {}))
    console.log(
      `${row.name.padEnd(32)} ${fmt(row.median)} ${row.unit}  ${row.detail ?? `p10-p90 ${fmt(row.p10)}-${fmt(row.p90)}`}`,
    );
}
