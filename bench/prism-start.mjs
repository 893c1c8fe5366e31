// Benchmark: what one Prism start costs, from spawn to listening, in wall time and in the CPU of
// Prism's process: Prism straight from node_modules, against the one-file bundle with its V8
// code cache (scripts/prism-bundle.ts), warm (the usual start) and cold (the first start after
// a lock-file change, which also writes the cache). `npm test` starts Prism about twenty times.
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startPrism } from '../scripts/prism.ts';
import { prismCli, prismEntry } from '../scripts/prism-bundle.ts';
import { fmt, projectRoot, summarize } from './lib.mjs';

/** User plus system CPU seconds a process has used so far (Linux /proc). */
function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function once(entry) {
  const started = performance.now();
  const prism = await startPrism({ logLevel: 'fatal', entry });
  const ms = performance.now() - started;
  const cpu = cpuSeconds(prism.process.pid);
  await prism.stop();
  return { ms, cpu };
}

export async function run({ starts = 7 } = {}) {
  const bundle = await prismEntry({});
  // The cold start runs on a copy, so the warm one keeps its cache (and the project's stays as it is).
  const dir = mkdtempSync(join(projectRoot, 'node_modules/.cache/ims-prism-bench-'));
  const contenders = {
    'from node_modules': () => ({ file: prismCli }),
    'bundle, code cache warm': () => bundle,
    'bundle, no code cache yet': () => {
      const file = join(dir, `prism-${Math.random().toString(36).slice(2)}.cjs`);
      copyFileSync(bundle.file, file);
      return { file, codeCache: `${file}.v8cache` };
    },
  };
  const samples = Object.fromEntries(Object.keys(contenders).map((name) => [name, { ms: [], cpu: [] }]));
  try {
    await once(bundle); // makes sure the warm cache exists
    // Interleaved, so drift in the machine's load hits all three alike.
    for (let i = 0; i < starts; i++) {
      for (const [name, entry] of Object.entries(contenders)) {
        const { ms, cpu } = await once(entry());
        samples[name].ms.push(ms);
        samples[name].cpu.push(cpu);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const baseline = summarize(samples['from node_modules'].cpu).median;
  return Object.entries(samples).flatMap(([name, { ms, cpu }]) => [
    {
      benchmark: 'prism start',
      name: `${name}: spawn to listening`,
      unit: 'ms',
      ...summarize(ms),
      command: 'node --import tsx bench/prism-start.mjs',
    },
    {
      benchmark: 'prism start',
      name: `${name}: CPU of Prism's process`,
      unit: 'ms',
      ...Object.fromEntries(Object.entries(summarize(cpu)).map(([k, v]) => [k, k === 'n' ? v : v * 1000])),
      ratio: summarize(cpu).median / baseline,
      detail: name === 'from node_modules' ? 'baseline' : undefined,
      command: 'node --import tsx bench/prism-start.mjs',
    },
  ]);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const starts = Number(process.argv[process.argv.indexOf('--starts') + 1]) || 7;
  console.log(`Starting Prism ${starts} times each way, interleaved ...`);
  for (const row of await run({ starts }))
    console.log(
      `${row.name.padEnd(48)} median ${fmt(row.median, 0)} ${row.unit}  p10-p90 ${fmt(row.p10, 0)}-${fmt(row.p90, 0)}${row.ratio ? `  ×${fmt(row.ratio, 2)}` : ''}`,
    );
}
