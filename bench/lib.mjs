// Shared helpers for the benchmarks: statistics, interleaved comparison, the machine's facts.
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

export function quantile(sorted, q) {
  if (sorted.length === 0) return NaN;
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
}

/** Median and spread (10th to 90th percentile) of a list of samples. */
export function summarize(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { median: quantile(sorted, 0.5), p10: quantile(sorted, 0.1), p90: quantile(sorted, 0.9), n: sorted.length };
}

/**
 * Runs every contender in the same process, interleaved: each round runs each contender once
 * (in a rotating order), so drift in the machine's load hits all of them alike.
 * Each contender is an async function that runs one batch and returns its per-operation cost.
 */
export async function interleave(contenders, { rounds, warmupRounds = 2 }) {
  const names = Object.keys(contenders);
  const samples = Object.fromEntries(names.map((n) => [n, []]));
  for (let round = 0; round < warmupRounds + rounds; round++) {
    const order = names.map((_, i) => names[(i + round) % names.length]);
    for (const name of order) {
      const cost = await contenders[name]();
      if (round >= warmupRounds) samples[name].push(cost);
    }
  }
  return Object.fromEntries(names.map((n) => [n, summarize(samples[n])]));
}

/** Time per operation in microseconds for `count` sequential awaits of `op`. */
export async function timePerOp(op, count) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i++) await op();
  return Number(process.hrtime.bigint() - start) / 1000 / count;
}

export function machine() {
  return {
    cpu: cpus()[0]?.model?.trim() ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    date: new Date().toISOString(),
  };
}

/** Starts bench/answer-server.mjs in its own process, so the server never shares the client's event loop. */
export function startAnswerServer() {
  return new Promise((resolve, reject) => {
    const child = fork(join(projectRoot, 'bench/answer-server.mjs'), [], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.once('error', reject);
    child.once('message', ({ port }) => resolve({ url: `http://127.0.0.1:${port}`, stop: () => child.kill() }));
  });
}

export const fmt = (value, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');

/**
 * The v2 member update of the documents' IDs, found by its operation ID in the bundled spec (not
 * as the spec's first path): the request the mock and server benches load the servers with.
 */
export function memberRequest() {
  const spec = JSON.parse(readFileSync(join(projectRoot, 'generated/openapi.json'), 'utf8'));
  const template = Object.entries(spec.paths).find(
    ([, item]) => item.put?.operationId === 'updateImageMemberStatus',
  )[0];
  const path = template.replace(/\{(\w+)\}/g, (_, name) =>
    encodeURIComponent(Object.values(spec.components.parameters).find((p) => p.name === name).example),
  );
  const token = Object.values(spec.components.securitySchemes)[0].name;
  return {
    path,
    request: {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', [token]: 'bench' },
      body: '{"status":"accepted"}',
    },
  };
}
