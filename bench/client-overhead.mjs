// Benchmark 1: cost per call of this client against raw fetch (the floor), openapi-fetch alone
// and axios (what Huawei's own Node SDK is built on), all against one local server answering
// the spec's 200 example. Needs `npm run build` first (it imports the built package by name).
// Two figures per contender: wall time per call, and the CPU time this process spends per call
// (the server runs in its own process). On a machine shared with other work, wall time mostly
// measures the wait for a core; CPU time is what a call costs. The 1.10x goal is the client
// against `fetch` with `AbortSignal.timeout`, made fair: the same URL, the same headers as the
// client sends (Accept, Content-Type, the token), the same body, and the answer read to a parsed
// JSON value. Ratios are taken round by round (both ran in the same round, one after the other)
// and reported as min, median and max over the rounds.
import axios from 'axios';
import { createImsClient } from 'ims-image-member-status';
import createClient from 'openapi-fetch';
import { authHeader, exampleIds, expandPath, operationRules } from '../dist/generated/contract.js';
import { fmt, interleave, startAnswerServer, summarize, timePerOp } from './lib.mjs';

const { image_id: imageId, member_id: memberId } = exampleIds;
const template = operationRules.updateImageMemberStatus.path;
const path = expandPath(template, { image_id: imageId, member_id: memberId });
const body = JSON.stringify({ status: 'accepted' });
const headers = { 'Content-Type': 'application/json', [authHeader]: 'bench-token' };
// What the client sends: it asks for JSON (an upstream Glance answers HTML errors otherwise).
const clientHeaders = { Accept: 'application/json', ...headers };
/** The baseline every ratio is taken against. */
const BASELINE = 'fetch with AbortSignal.timeout (same headers)';

const summarizeRatios = (ratios) => {
  const sorted = [...ratios].sort((a, b) => a - b);
  return {
    median: sorted[Math.floor(sorted.length / 2)],
    min: sorted[0],
    max: sorted[sorted.length - 1],
    n: sorted.length,
  };
};

/** `only`: the names of the contenders to run (the baseline always runs). */
export async function run({ rounds = 30, batch = 300, only } = {}) {
  const server = await startAnswerServer();
  try {
    const url = server.url + path;
    const ims = createImsClient({ baseUrl: server.url, token: 'bench-token' });
    const openapiFetch = createClient({ baseUrl: server.url, headers: { [authHeader]: 'bench-token' } });
    const http = axios.create({ baseURL: server.url, headers });
    const contenders = {
      'raw fetch': () => timePerOp(async () => (await fetch(url, { method: 'PUT', headers, body })).json(), batch),
      // The floor for any client with a time limit, as a user writes it: undici follows the signal, which costs.
      [BASELINE]: () =>
        timePerOp(
          async () =>
            (
              await fetch(url, { method: 'PUT', headers: clientHeaders, body, signal: AbortSignal.timeout(30_000) })
            ).json(),
          batch,
        ),
      // What openapi-fetch does underneath: build a Request object, then fetch it.
      'raw fetch of a Request object': () =>
        timePerOp(async () => (await fetch(new Request(url, { method: 'PUT', headers, body }))).json(), batch),
      'this client': () => timePerOp(() => ims.acceptSharedImage(imageId, memberId), batch),
      'openapi-fetch alone': () =>
        timePerOp(
          () =>
            openapiFetch.PUT(template, {
              params: { path: { image_id: imageId, member_id: memberId } },
              body: { status: 'accepted' },
            }),
          batch,
        ),
      axios: () => timePerOp(() => http.put(path, body), batch),
    };
    if (only)
      for (const name of Object.keys(contenders))
        if (name !== BASELINE && !only.includes(name)) delete contenders[name];
    // Each batch also records the CPU time it took, per call, beside its wall time.
    const cpu = Object.fromEntries(Object.keys(contenders).map((name) => [name, []]));
    const wall = Object.fromEntries(Object.keys(contenders).map((name) => [name, []]));
    const timed = Object.fromEntries(
      Object.entries(contenders).map(([name, batchOf]) => [
        name,
        async () => {
          const before = process.cpuUsage();
          const perCall = await batchOf();
          const used = process.cpuUsage(before);
          cpu[name].push((used.user + used.system) / batch);
          wall[name].push(perCall);
          return perCall;
        },
      ]),
    );
    const results = await interleave(timed, { rounds });
    // The first two rounds warm up, as interleave discards them for wall time.
    const cpuResults = Object.fromEntries(
      Object.entries(cpu).map(([name, samples]) => [name, summarize(samples.slice(2))]),
    );
    // Ratio to the baseline within each round, after the two warm-up rounds: min, median, max.
    const perRound = (samples, name) => {
      const own = samples[name].slice(2);
      const base = samples[BASELINE].slice(2);
      return summarizeRatios(own.map((value, i) => value / base[i]));
    };
    const spread = (r) =>
      `×${r.median.toFixed(3)} (min ×${r.min.toFixed(3)}, max ×${r.max.toFixed(3)} over ${r.n} rounds)`;
    return Object.entries(results).flatMap(([name, s]) => {
      const wallRatio = perRound(wall, name);
      const cpuRatio = perRound(cpu, name);
      return [
        {
          benchmark: 'client overhead per call',
          name,
          unit: 'µs/call',
          ...s,
          ratio: wallRatio.median,
          ratioMin: wallRatio.min,
          ratioMax: wallRatio.max,
          detail: name === BASELINE ? 'the baseline' : `vs the baseline per round: ${spread(wallRatio)}`,
          command: 'node bench/client-overhead.mjs',
        },
        {
          benchmark: 'client CPU per call (vs fetch with AbortSignal.timeout)',
          name,
          unit: 'CPU µs/call',
          ...cpuResults[name],
          ratio: cpuRatio.median,
          ratioMin: cpuRatio.min,
          ratioMax: cpuRatio.max,
          detail: name === BASELINE ? 'the baseline' : `vs the baseline per round: ${spread(cpuRatio)}`,
          command: 'node bench/client-overhead.mjs',
        },
      ];
    });
  } finally {
    server.stop();
  }
}

// `node bench/client-overhead.mjs [--runs N] [--client-only]`: N whole runs (default 1), each
// printed, then the client's median ratio per run as min, median and max over the runs.
if (import.meta.url === `file://${process.argv[1]}`) {
  const runsAt = process.argv.indexOf('--runs');
  const runs = runsAt > 0 ? Number(process.argv[runsAt + 1]) : 1;
  const only = process.argv.includes('--client-only') ? ['this client'] : undefined;
  const medians = { wall: [], cpu: [] };
  for (let i = 0; i < runs; i++) {
    console.log(`Measuring client overhead per call (interleaved rounds), run ${i + 1} of ${runs} ...`);
    for (const row of await run({ only })) {
      console.log(
        `${row.name.padEnd(46)} ${row.unit.padEnd(12)} median ${fmt(row.median)}  p10-p90 ${fmt(row.p10)}-${fmt(row.p90)}  x${fmt(row.ratio, 3)} (min x${fmt(row.ratioMin, 3)}, max x${fmt(row.ratioMax, 3)})`,
      );
      if (row.name === 'this client') medians[row.unit === 'µs/call' ? 'wall' : 'cpu'].push(row.ratio);
    }
  }
  for (const [what, ratios] of Object.entries(medians)) {
    const r = summarizeRatios(ratios);
    console.log(
      `this client vs ${BASELINE}, ${what}: median ratio per run x${fmt(r.median, 3)}, min x${fmt(r.min, 3)}, max x${fmt(r.max, 3)} (${r.n} runs)`,
    );
  }
}
