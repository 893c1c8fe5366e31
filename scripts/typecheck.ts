// `npm run typecheck` (also a step of `npm run lint`): tsc over the whole project (src/,
// generated/, scripts/ and test/, as test/tsconfig.json includes them). tsc says nothing when
// all is well and nothing at all when it is stopped (out of memory, a time limit): a lint run
// then ended after Biome's line with no word of which step failed. So this step names itself
// and says how tsc ended, every time.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from './prism.js';

const tsc = join(projectRoot, 'node_modules/typescript/bin/tsc');
const started = performance.now();
const result = spawnSync(process.execPath, [tsc, '--noEmit', '-p', join(projectRoot, 'test/tsconfig.json')], {
  cwd: projectRoot,
  stdio: 'inherit',
});
const seconds = ((performance.now() - started) / 1000).toFixed(1);
if (result.error) {
  console.error(`typecheck: could not run tsc (${result.error.message})`);
  process.exit(1);
}
if (result.signal) {
  console.error(
    `typecheck: tsc was stopped by ${result.signal} after ${seconds} s, before it finished: no result. ` +
      'It needs about 0.5 GB of memory and 15 s of CPU; run `npm run typecheck` again with more of either.',
  );
  process.exit(1);
}
if (result.status !== 0) {
  console.error(
    `typecheck: tsc found the type errors above (src/, generated/, scripts/, test/), exit ${result.status}`,
  );
  process.exit(result.status ?? 1);
}
console.log(`typecheck: no type errors in src/, generated/, scripts/ and test/ (tsc, ${seconds} s)`);
