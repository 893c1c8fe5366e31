// Benchmark 5: the developer loop. Wall time of `npm run generate` and `npm run docs` (median of
// three); `npm test` has a benchmark of its own, bench/test-loop.mjs (wall and CPU time, min and max).
import { spawnSync } from 'node:child_process';
import { fmt, projectRoot, summarize } from './lib.mjs';

function time(args) {
  const started = performance.now();
  const result = spawnSync('npm', args, {
    cwd: projectRoot,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, CI: 'true' },
  });
  if (result.status !== 0) {
    // A timing of a failed run means nothing; show why it failed instead of a bare exit code.
    const tail = `${result.stdout}\n${result.stderr}`.split('\n').filter((line) => /FAIL|×|Error|failed/.test(line));
    throw new Error(`npm ${args.join(' ')} failed with exit code ${result.status}:\n${tail.slice(0, 40).join('\n')}`);
  }
  return (performance.now() - started) / 1000;
}

export async function run({ repetitions = { generate: 3, docs: 3 } } = {}) {
  const rows = [];
  for (const [name, args, n] of [
    ['npm run generate', ['run', 'generate'], repetitions.generate],
    ['npm run docs', ['run', 'docs'], repetitions.docs],
  ]) {
    if (!n) continue;
    const samples = Array.from({ length: n }, () => time(args));
    rows.push({ benchmark: 'developer loop', name, unit: 's', ...summarize(samples), command: name });
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log('Timing the developer loop (npm test: node bench/test-loop.mjs) ...');
  for (const row of await run())
    console.log(
      `${row.name.padEnd(18)} median ${fmt(row.median, 2)} s  (${row.n} runs, ${fmt(row.p10, 2)}-${fmt(row.p90, 2)})`,
    );
}
