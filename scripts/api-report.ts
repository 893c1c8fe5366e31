// The public API report: one API Extractor report per entry point of package.json `exports`,
// committed under api/, so that any change to what a consumer can import shows in review.
//   node --import tsx scripts/api-report.ts           check (part of `npm run lint`): fails when a
//                                                     report differs from today's surface
//   node --import tsx scripts/api-report.ts --update  rewrite the reports (then commit them); `npm run api:update`
// The reports are made from declarations emitted into dist/api-dts (not dist/src, which the
// package tests pack), so a check never disturbs a build.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CompilerState, Extractor, ExtractorConfig, ExtractorLogLevel } from '@microsoft/api-extractor';

type Target = string | { types?: string };

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const update = process.argv.includes('--update');
const dts = join(root, 'dist/api-dts');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports: Record<string, Target> };

execFileSync(
  process.execPath,
  [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json', '--emitDeclarationOnly', '--outDir', dts],
  { cwd: root, stdio: 'inherit' },
);

// Every entry point with types; JSON and YAML files are data, not an API surface.
const entries = Object.entries(pkg.exports).flatMap(([entry, target]) =>
  typeof target === 'object' && target.types ? [[entry, target.types] as const] : [],
);
const entryFile = (types: string) => join(dts, types.replace(/^\.\/dist\//, ''));
let failed = 0;
let compilerState: CompilerState | undefined; // one TypeScript program for all six reports: most of the time is spent building it
for (const [entry, target] of entries) {
  const name = entry === '.' ? 'index' : entry.slice(2);
  const config = ExtractorConfig.prepare({
    configObject: {
      projectFolder: root,
      mainEntryPointFilePath: entryFile(target),
      compiler: { tsconfigFilePath: join(root, 'tsconfig.json') },
      apiReport: {
        enabled: true,
        reportFileName: `${name}.api.md`,
        reportFolder: join(root, 'api'),
        reportTempFolder: join(root, 'dist/api-tmp'),
      },
      docModel: { enabled: false },
      dtsRollup: { enabled: false },
      tsdocMetadata: { enabled: false },
      messages: {
        // The report itself is the point; doc-comment style and release tags are not enforced.
        extractorMessageReporting: {
          default: { logLevel: ExtractorLogLevel.Warning },
          'ae-missing-release-tag': { logLevel: ExtractorLogLevel.None },
          'ae-undocumented': { logLevel: ExtractorLogLevel.None },
          'ae-forgotten-export': { logLevel: ExtractorLogLevel.None, addToApiReportFile: true },
        },
        tsdocMessageReporting: { default: { logLevel: ExtractorLogLevel.None } },
      },
    },
    configObjectFullPath: join(root, 'scripts/api-report.ts'),
    packageJsonFullPath: join(root, 'package.json'),
  });
  compilerState ??= CompilerState.create(config, {
    additionalEntryPoints: entries.map(([, other]) => entryFile(other)),
  });
  const result = Extractor.invoke(config, {
    compilerState,
    localBuild: update,
    // Only what needs a reader: API Extractor's progress lines are noise in `npm run lint`.
    messageCallback: (message) => {
      if (message.logLevel === 'info' || message.logLevel === 'verbose') message.handled = true;
    },
  });
  if (!result.succeeded || result.apiReportChanged) {
    failed++;
    if (!update) console.error(`api/${name}.api.md differs from the surface of "${entry}"`);
  }
}
if (failed && !update) {
  console.error(
    'The public API changed. If you meant it, run `npm run api:update`, commit api/*.api.md and record the change in CHANGELOG.md.',
  );
  process.exit(1);
}
console.log(update ? `api/: ${entries.length} reports written` : `api/: ${entries.length} reports match`);
