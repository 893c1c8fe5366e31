// Benchmark 1: cost per call of this client against raw fetch (the floor), openapi-fetch alone
// and axios (what Huawei's own Node SDK is built on), all against one local server answering
// the spec's 200 example. Needs `npm run build` first (it imports the built package by name).
// Two figures per contender: wall time per call, and the CPU time this process spends per call
// (the server runs in its own process). On a machine shared with other work, wall time mostly
// measures the wait for a core; CPU time is what a call costs, and it is what the 1.10x goal
// of the client against a fetch with a timeout signal is checked on.
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

export async function run({ rounds = 30, batch = 300 } = {}) {
  const server = await startAnswerServer();
  try {
    const url = server.url + path;
    const ims = createImsClient({ baseUrl: server.url, token: 'bench-token' });
    const openapiFetch = createClient({ baseUrl: server.url, headers: { [authHeader]: 'bench-token' } });
    const http = axios.create({ baseURL: server.url, headers });
    const contenders = {
      'raw fetch': () => timePerOp(async () => (await fetch(url, { method: 'PUT', headers, body })).json(), batch),
      // The floor for any client with a time limit: undici follows the signal, which costs.
      'raw fetch with a timeout signal': () =>
        timePerOp(async () => {
          const controller = new AbortController();
          const timer = setTimeout(() => controller.abort(), 30_000);
          const member = await (await fetch(url, { method: 'PUT', headers, body, signal: controller.signal })).json();
          clearTimeout(timer);
          return member;
        }, batch),
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
    // Each batch also records the CPU time it took, per call, beside its wall time.
    const cpu = Object.fromEntries(Object.keys(contenders).map((name) => [name, []]));
    const timed = Object.fromEntries(
      Object.entries(contenders).map(([name, batchOf]) => [
        name,
        async () => {
          const before = process.cpuUsage();
          const wall = await batchOf();
          const used = process.cpuUsage(before);
          cpu[name].push((used.user + used.system) / batch);
          return wall;
        },
      ]),
    );
    const results = await interleave(timed, { rounds });
    // The first two rounds warm up, as interleave discards them for wall time.
    const cpuResults = Object.fromEntries(
      Object.entries(cpu).map(([name, samples]) => [name, summarize(samples.slice(2))]),
    );
    const floor = results['raw fetch'].median;
    const cpuFloor = cpuResults['raw fetch with a timeout signal'].median;
    return Object.entries(results).flatMap(([name, s]) => [
      {
        benchmark: 'client overhead per call',
        name,
        unit: 'µs/call',
        ...s,
        ratio: s.median / floor,
        command: 'node bench/client-overhead.mjs',
      },
      {
        benchmark: 'client CPU per call (vs a fetch with a timeout signal)',
        name,
        unit: 'CPU µs/call',
        ...cpuResults[name],
        ratio: cpuResults[name].median / cpuFloor,
        command: 'node bench/client-overhead.mjs',
      },
    ]);
  } finally {
    server.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log('Measuring client overhead per call (interleaved rounds) ...');
  for (const row of await run())
    console.log(
      `${row.name.padEnd(32)} ${row.unit.padEnd(12)} median ${fmt(row.median)}  p10-p90 ${fmt(row.p10)}-${fmt(row.p90)}  x${fmt(row.ratio, 2)}`,
    );
}
