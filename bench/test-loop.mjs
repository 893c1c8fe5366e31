// Benchmark: the test loop. `npm test` run three times (by default) as a developer runs it, each
// timed by its wall clock and by the CPU time it and every process it waited for used (Linux:
// the children's times in /proc/self/stat). On a machine shared with other work the wall time
// mostly measures the wait for a core, so both are reported: CPU seconds divided by the cores
// is the floor the wall time can reach on an idle machine. `node bench/test-loop.mjs [N]`.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fmt, projectRoot } from './lib.mjs';

/** CPU seconds used so far by the children this process has waited for, or NaN off Linux. */
function childrenCpuSeconds() {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    // Fields after the command name (which may hold spaces): cutime and cstime are the 14th and 15th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100; // clock ticks; USER_HZ is 100 on Linux
  } catch {
    return Number.NaN;
  }
}

/** One `npm test`: its wall and CPU seconds and its test count; throws, naming the failures, if it failed. */
export function timeNpmTest() {
  const cpuBefore = childrenCpuSeconds();
  const started = performance.now();
  const result = spawnSync('npm', ['test'], {
    cwd: projectRoot,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, CI: 'true', npm_config_update_notifier: 'false' },
  });
  const wall = (performance.now() - started) / 1000;
  const cpu = childrenCpuSeconds() - cpuBefore;
  const output = `${result.stdout}\n${result.stderr}`;
  if (result.status !== 0) {
    // A timing of a failed run means nothing; show why it failed instead of a bare exit code.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the escape sequences of vitest's colours
    const plain = output.replace(/\x1b\[[0-9;]*m/g, '');
    const failed = plain.indexOf('Failed Tests');
    const why = failed >= 0 ? plain.slice(failed).split('\n') : plain.split('\n').filter((line) => /FAIL|×/.test(line));
    throw new Error(`npm test failed with exit code ${result.status}:\n${why.slice(0, 60).join('\n')}`);
  }
  // The summary reporter's closing line: "N passed, N failed, N skipped".
  const passed = Number(/(\d+) passed, \d+ failed, \d+ skipped/.exec(output)?.[1] ?? Number.NaN);
  return { wall, cpu, passed };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const stats = (values) => ({
  median: median(values),
  min: Math.min(...values),
  max: Math.max(...values),
  // BENCHMARKS.md's spread column reads p10/p90: with three runs, the lowest and the highest.
  p10: Math.min(...values),
  p90: Math.max(...values),
  n: values.length,
});

export async function run({ repetitions = 3, onRun = () => {} } = {}) {
  const runs = [];
  for (let i = 0; i < repetitions; i++) {
    const timed = timeNpmTest();
    runs.push(timed);
    onRun(timed, i);
  }
  const tests = runs.map((r) => r.passed);
  const detail = `${runs.length} runs, ${tests[0]} tests each; min–max in the spread column; ${cpus().length} cores`;
  return [
    {
      benchmark: 'test loop (npm test)',
      name: 'npm test, wall time',
      unit: 's',
      ...stats(runs.map((r) => r.wall)),
      detail,
      command: 'node bench/test-loop.mjs',
    },
    {
      benchmark: 'test loop (npm test)',
      name: 'npm test, CPU time of every process it ran',
      unit: 's',
      ...stats(runs.map((r) => r.cpu)),
      detail: `CPU s / ${cpus().length} cores = the wall time's floor on an idle machine`,
      command: 'node bench/test-loop.mjs',
    },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const repetitions = Number(process.argv[2] ?? 3);
  console.log(`Timing npm test ${repetitions} times ...`);
  const rows = await run({
    repetitions,
    onRun: (r, i) =>
      console.log(`  run ${i + 1}: ${fmt(r.wall, 1)} s wall, ${fmt(r.cpu, 1)} s CPU, ${r.passed} tests passed`),
  });
  for (const row of rows)
    console.log(
      `${row.name.padEnd(44)} median ${fmt(row.median, 1)} s  min ${fmt(row.min, 1)}  max ${fmt(row.max, 1)}  (${row.n} runs)`,
    );
}
