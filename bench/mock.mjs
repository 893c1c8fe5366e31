// Benchmark 4: the Prism mock. Time from spawn to the first 200, and requests per second under
// a bounded load (autocannon, loopback only) at the default and a quiet log level, with memory.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { freePort, startPrism } from '../scripts/prism.mjs';
import { fmt, projectRoot, summarize } from './lib.mjs';

const path = '/v2/images/d164b5df-1bc3-4c3f-893e-3e471fd16e64/members/edc89b490d7d4392898e19b2deb34797';
const request = {
  method: 'PUT',
  headers: { 'Content-Type': 'application/json', 'X-Auth-Token': 'bench' },
  body: '{"status":"accepted"}',
};
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
    for (;;) {
      if (performance.now() - started > 30_000) throw new Error('Prism gave no 200 within 30 s');
      try {
        const response = await fetch(`http://127.0.0.1:${port}${path}`, request);
        if (response.status === 200) return performance.now() - started;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 10));
    }
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
  const startupSamples = [];
  for (let i = 0; i < startups; i++) startupSamples.push(await spawnToFirst200());
  const rows = [
    {
      benchmark: 'mock',
      name: 'spawn to first 200',
      unit: 'ms',
      ...summarize(startupSamples),
      command: 'node bench/mock.mjs',
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
      command: 'node bench/mock.mjs',
    });
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log('Measuring the Prism mock: start-up, then load at two log levels ...');
  for (const row of await run())
    console.log(
      `${row.name.padEnd(32)} ${fmt(row.median)} ${row.unit}  ${row.detail ?? `p10-p90 ${fmt(row.p10)}-${fmt(row.p90)}`}`,
    );
}
