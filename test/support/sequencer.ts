// Test files in a fixed order, the longest first: on two cores the run takes as long as its
// longest chain, so the files that wait longest on child processes (npm pack and install, tsc,
// Redocly, Prism) start at once and the quick ones fill the gaps. A fresh clone has no timing
// cache, so vitest's own order (by cached duration) would start them by file size instead.
// Files not listed (new ones) keep vitest's order, after these.
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const slowFirst = [
  'start-lifecycle',
  'conformance',
  'package',
  'server-hostile',
  'server-hostile-mock',
  'hostile',
  'spec',
  'verify',
  'sandbox-server',
  'client-faults',
  'docs',
].map((name) => `/${name}.test.ts`);

const rank = (spec: TestSpecification) => {
  const at = slowFirst.findIndex((suffix) => spec.moduleId.endsWith(suffix));
  return at === -1 ? slowFirst.length : at;
};

export default class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]) {
    const sorted = await super.sort(files);
    return sorted
      .map((spec, i) => ({ spec, i }))
      .sort((a, b) => rank(a.spec) - rank(b.spec) || a.i - b.i)
      .map(({ spec }) => spec);
  }
}
