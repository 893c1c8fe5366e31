// verify as a function: parse the arguments, plan the probes of every operation, send them one
// after another, report. The CLI (scripts/verify/main.ts) and the tests call it alike.
import { createContractValidator } from '../../src/validate.js';
import { applyAndFollow, type JobSummary } from './apply.js';
import { parse, UsageError, usage } from './args.js';
import type { Result } from './probe.js';
import { plan } from './probes/index.js';
import { progressLine, report } from './report.js';
import { send } from './send.js';

export type { Result } from './probe.js';

/** Where verify writes: the CLI passes the console; tests pass collectors. */
export interface VerifyIo {
  env: Record<string, string | undefined>;
  out: (text: string) => void;
  err: (text: string) => void;
}

/** Runs verify with these arguments; resolves to the exit status (0 conforms, 1 does not, 2 bad arguments). */
export async function verify(argv: string[], io: VerifyIo): Promise<number> {
  const contract = createContractValidator();
  let options: ReturnType<typeof parse>;
  try {
    options = parse(argv, io.env, contract);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`verify: ${error.message}\n\n${usage}`);
    return 2;
  }
  if (options.help) {
    io.out(usage);
    return 0;
  }
  const probes = plan(options);
  const results: Result[] = [];
  const changes = [options.status && 'one real update', options.apply && 'one real batch update and its job'];
  const what = changes.some(Boolean) ? `, ${changes.filter(Boolean).join(', ')}` : ', none changes anything';
  io.err(`verify: checking ${options.baseUrl} against the contract (${probes.length} requests${what})`);
  for (const [n, probe] of probes.entries()) {
    const result = await send(options, probe, contract);
    results.push(result);
    io.err(progressLine(n + 1, probes.length, result));
  }
  let job: JobSummary | undefined;
  if (options.apply) {
    const run = await applyAndFollow(options, contract, (line) => io.err(line));
    results.push(...run.results);
    job = run.job;
  }
  io.out(report(options.baseUrl, results, options.json, job));
  return results.every((r) => r.conforms) ? 0 : 1;
}
