// A big world in the sandbox, in-process: how long a world of N images takes to load (checked,
// as `npm start` checks it), what the process holds afterwards, and how many requests per second
// `handle` then answers. Each size runs in a fresh child process, so one size's heap never counts
// against another's. Needs `npm run build` first (it imports the built package by name).
//
//   node bench/sandbox-world.mjs            # 1,000 and 100,000 images
//   node bench/sandbox-world.mjs 250000     # any sizes
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { fmt, summarize } from './lib.mjs';

const self = fileURLToPath(import.meta.url);
const REQUEST_SECONDS = 2;

/** A world of `count` shared images, each owned by one project and shared with two others. */
function bigWorld(count) {
  const hex = (n, width) => n.toString(16).padStart(width, '0');
  const projects = {
    owner: { id: hex(1, 32), tokens: ['owner-token'] },
    member: { id: hex(2, 32), tokens: ['member-token'] },
    other: { id: hex(3, 32), tokens: ['other-token'] },
  };
  const images = [];
  for (let i = 0; i < count; i++)
    images.push({
      id: `${hex(i, 8)}-0000-4000-8000-${hex(i, 12)}`,
      owner: 'owner',
      members: [
        { project: 'member', created_at: '2026-01-05T09:00:00Z' },
        { project: 'other', status: 'accepted', created_at: '2026-01-05T09:00:00Z' },
      ],
    });
  return { projects, images, scenarios: [] };
}

/** In the child: load one world, then answer member updates on random images of it. */
async function measure(count) {
  const { createSandbox } = await import('ims-image-member-status/sandbox');
  const { authHeader, expandPath, operationRules } = await import('../dist/generated/contract.js');
  const world = bigWorld(count);
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  const started = performance.now();
  const sandbox = createSandbox({ world });
  const loadMs = performance.now() - started;
  global.gc?.();
  const rssAfter = process.memoryUsage().rss;
  const { method, path } = operationRules.updateImageMemberStatus;
  const requests = Array.from({ length: 1024 }, (_, i) => ({
    method,
    path: expandPath(path, { image_id: world.images[(i * 7919) % count].id, member_id: world.projects.member.id }),
    headers: { [authHeader]: 'member-token', 'Content-Type': 'application/json' },
    body: JSON.stringify({ status: i % 2 ? 'accepted' : 'rejected' }),
  }));
  // Whole seconds of requests, in slices of 50 ms, so a slow world still ends on time.
  const rates = [];
  const until = performance.now() + REQUEST_SECONDS * 1000;
  let i = 0;
  while (performance.now() < until) {
    const sliceStart = performance.now();
    let n = 0;
    while (performance.now() - sliceStart < 50) {
      const answer = sandbox.handle(requests[i++ % requests.length]);
      if (answer.status !== 200) throw new Error(`unexpected ${answer.status}: ${JSON.stringify(answer.body)}`);
      n++;
    }
    rates.push((n * 1000) / (performance.now() - sliceStart));
  }
  return { loadMs, rssMiB: rssAfter / 2 ** 20, worldMiB: (rssAfter - rssBefore) / 2 ** 20, rate: summarize(rates) };
}

function inChild(count) {
  return new Promise((resolve, reject) => {
    const child = fork(self, ['--child', String(count)], {
      execArgv: ['--expose-gc'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.once('message', resolve);
    child.once('error', reject);
    child.once('exit', (code) => code && reject(new Error(`child for ${count} images exited ${code}`)));
  });
}

export async function run(sizes = [1_000, 100_000]) {
  const rows = [];
  const command = 'node bench/sandbox-world.mjs';
  for (const count of sizes) {
    const r = await inChild(count);
    const label = `${count.toLocaleString('en')} images`;
    rows.push(
      { benchmark: 'sandbox world', name: `load ${label}`, median: r.loadMs, unit: 'ms', command },
      {
        benchmark: 'sandbox world',
        name: `RSS after loading ${label}`,
        median: r.rssMiB,
        unit: 'MiB',
        detail: `${fmt(r.worldMiB)} MiB more than before createSandbox`,
        command,
      },
      {
        benchmark: 'sandbox world',
        name: `handle() on ${label}`,
        ...r.rate,
        unit: 'req/s',
        detail: 'in-process, one member update per request, random images',
        command,
      },
    );
  }
  return rows;
}

if (process.argv[2] === '--child') {
  process.send(await measure(Number(process.argv[3])));
  process.exit(0);
} else if (import.meta.url === `file://${process.argv[1]}`) {
  const sizes = process.argv.slice(2).map(Number);
  for (const row of await run(sizes.length ? sizes : undefined))
    console.log(`${row.name.padEnd(34)} ${fmt(row.median)} ${row.unit}${row.detail ? `  (${row.detail})` : ''}`);
}
