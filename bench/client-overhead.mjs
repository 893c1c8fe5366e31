// Benchmark 1: cost per call of this client against raw fetch (the floor), openapi-fetch alone
// and axios (what Huawei's own Node SDK is built on), all against one local server answering
// the spec's 200 example. Needs `npm run build` first (it imports the built package by name).
import axios from 'axios';
import { createImsClient } from 'ims-image-member-status';
import createClient from 'openapi-fetch';
import { authHeader, exampleIds, expandPath, operationRules } from '../dist/generated/contract.js';
import { fmt, interleave, startAnswerServer, timePerOp } from './lib.mjs';

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
    const results = await interleave(contenders, { rounds });
    const floor = results['raw fetch'].median;
    return Object.entries(results).map(([name, s]) => ({
      benchmark: 'client overhead per call',
      name,
      unit: 'µs/call',
      ...s,
      ratio: s.median / floor,
      command: 'node bench/client-overhead.mjs',
    }));
  } finally {
    server.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log('Measuring client overhead per call (interleaved rounds) ...');
  for (const row of await run())
    console.log(
      `${row.name.padEnd(22)} median ${fmt(row.median)} µs  p10-p90 ${fmt(row.p10)}-${fmt(row.p90)}  x${fmt(row.ratio, 2)}`,
    );
}
