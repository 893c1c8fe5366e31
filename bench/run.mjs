#!/usr/bin/env node
// `npm run bench`: builds the package, runs every benchmark, and writes BENCHMARKS.md (a table
// with the machine, date and command per row) and bench/results.json (the raw figures).
// Benchmarks, not tests: figures are written down, nothing passes or fails on speed.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fmt, machine, projectRoot } from './lib.mjs';

const started = performance.now();
console.log('Building the package (npm run build) ...');
execFileSync('npm', ['run', 'build', '--silent'], { cwd: projectRoot, stdio: 'inherit' });

const suites = [
  ['client overhead', './client-overhead.mjs'],
  ['signing and validation', './signing-validation.mjs'],
  ['size', './size.mjs'],
  ['mock', './mock.mjs'],
  ['prism start', './prism-start.mjs'],
  ['sandbox world', './sandbox-world.mjs'],
  ['sandbox jobs', './sandbox-jobs.mjs'],
  ['servers under load', './servers-load.mjs'],
  ['test loop', './test-loop.mjs'],
  ['developer loop', './dev-loop.mjs'],
];
const rows = [];
for (const [label, module] of suites) {
  console.log(`Running ${label} ...`);
  const t = performance.now();
  const { run } = await import(module);
  rows.push(...(await run()));
  console.log(`  done in ${fmt((performance.now() - t) / 1000)} s`);
}

const info = { ...machine(), totalSeconds: (performance.now() - started) / 1000 };
writeFileSync(join(projectRoot, 'bench/results.json'), `${JSON.stringify({ machine: info, rows }, null, 2)}\n`);

const digits = (unit) =>
  unit === 'µs/call' || unit === 'µs/op' || unit === 'MB' ? 1 : unit === 's' || unit === 'kB' ? 2 : 0;
const cell = (row) => `${fmt(row.median, digits(row.unit))} ${row.unit}`;
const spread = (row) =>
  row.p10 !== undefined ? `${fmt(row.p10, digits(row.unit))}–${fmt(row.p90, digits(row.unit))}` : '';
const ratio = (row) => (row.ratio !== undefined ? `×${fmt(row.ratio, 2)}` : '');
const lines = [
  '# Benchmarks',
  '',
  `Written by \`npm run bench\` on ${info.date.slice(0, 10)}: ${info.cores} cores (${info.cpu}), ${info.memoryGiB} GiB,`,
  `Node ${info.node}, ${info.platform}; the whole run took ${fmt(info.totalSeconds, 0)} s. Raw figures: \`bench/results.json\`.`,
  'Medians of many repetitions; spread is the 10th–90th percentile; ratios are to the row marked as the baseline.',
  'Comparisons run both sides in the same process, interleaved round by round. Shared machine: expect some noise.',
  '',
];
for (const benchmark of [...new Set(rows.map((r) => r.benchmark))]) {
  lines.push(
    `## ${benchmark}`,
    '',
    '| what | median | spread (p10–p90) | ratio | notes | command |',
    '| --- | --- | --- | --- | --- | --- |',
  );
  for (const row of rows.filter((r) => r.benchmark === benchmark)) {
    lines.push(
      `| ${row.name} | ${cell(row)} | ${spread(row)} | ${ratio(row)} | ${row.detail ?? ''} | \`${row.command}\` |`,
    );
  }
  lines.push('');
}
// The reading of the figures, kept by hand in bench/NOTES.md, goes under the tables.
lines.push(readFileSync(join(projectRoot, 'bench/NOTES.md'), 'utf8'));
writeFileSync(join(projectRoot, 'BENCHMARKS.md'), lines.join('\n'));
console.log(`Wrote BENCHMARKS.md and bench/results.json in ${fmt(info.totalSeconds, 0)} s.`);
