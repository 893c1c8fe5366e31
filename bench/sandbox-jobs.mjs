// The new operations in the sandbox, in-process: how many batch updates, progress polls and job
// reads per second `handle` answers, and the time from a batch call to its outcome on the
// default world's durations (on the sandbox's own clock: what a client polling it waits at
// least). Needs `npm run build` first (it imports the built package by name).
//
//   node bench/sandbox-jobs.mjs
import { fmt, summarize } from './lib.mjs';

const SECONDS = 2;

export async function run() {
  const { createSandbox, defaultWorld } = await import('ims-image-member-status/sandbox');
  const { authHeader, exampleIds, expandPath, operationRules } = await import('../dist/generated/contract.js');
  const command = 'node bench/sandbox-jobs.mjs';
  const time = { now: Date.parse('2026-11-29T10:00:00.000Z') };
  const sandbox = createSandbox({ now: () => new Date(time.now) });
  const headers = { [authHeader]: 'bench-token', 'Content-Type': 'application/json' };
  const request = (operation, values, body) => ({
    method: operationRules[operation].method,
    path: expandPath(operationRules[operation].path, values),
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const images = defaultWorld.images.filter((i) => i.visibility !== 'private' && !i.full_ecs_by_cbr).map((i) => i.id);
  const batch = request(
    'batchUpdateImageMembers',
    {},
    { images, project_id: exampleIds.member_id, status: 'accepted' },
  );
  const firstJob = sandbox.handle(batch).body.job_id;
  const progress = request('showJobProgress', { job_id: firstJob });
  const job = request('showJob', { job_id: firstJob, project_id: exampleIds.member_id });

  /** Requests per second over whole slices of 50 ms, for SECONDS seconds; the clock moves 10 ms a request. */
  function rate(req, expected) {
    const rates = [];
    const until = performance.now() + SECONDS * 1000;
    while (performance.now() < until) {
      const start = performance.now();
      let n = 0;
      while (performance.now() - start < 50) {
        time.now += 10;
        const answer = sandbox.handle(req);
        if (answer.status !== expected) throw new Error(`unexpected ${answer.status}: ${JSON.stringify(answer.body)}`);
        n++;
      }
      rates.push((n * 1000) / (performance.now() - start));
    }
    return summarize(rates);
  }

  const rows = [];
  const row = (name, stats, detail) =>
    rows.push({ benchmark: 'sandbox jobs', name, ...stats, unit: 'req/s', detail, command });
  row('showJobProgress', rate(progress, 200), 'in-process, one job polled');
  row('showJob', rate(job, 200), `in-process, results for ${images.length} images`);
  sandbox.reset();
  row('batchUpdateImageMembers', rate(batch, 200), `in-process, ${images.length} images a job, jobs piling up`);

  // From the call to the outcome, on the default durations: the sandbox's clock, polled every 100 ms.
  sandbox.reset();
  const started = time.now;
  const id = sandbox.handle(batch).body.job_id;
  const poll = request('showJobProgress', { job_id: id });
  let status = 'INIT';
  while (status === 'INIT' || status === 'RUNNING') {
    time.now += 100;
    status = sandbox.handle(poll).body.status;
  }
  rows.push({
    benchmark: 'sandbox jobs',
    name: `batch call to its outcome (${status})`,
    median: (time.now - started) / 1000,
    unit: 's',
    detail: `default job_timing (${defaultWorld.job_timing.init_ms} ms INIT, ${defaultWorld.job_timing.running_ms} ms RUNNING), polled every 100 ms of sandbox time`,
    command,
  });
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const row of await run()) console.log(`${row.name.padEnd(44)} ${fmt(row.median)} ${row.unit}  (${row.detail})`);
}
