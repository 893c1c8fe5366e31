// verify as a function: parse the arguments, plan the probes of every operation, send them (one
// after another, or --concurrency at a time), report. The CLI (scripts/verify/main.ts) and the tests call it alike.
import { createContractValidator } from '../../src/validate.js';
import { applyAndFollow, type JobSummary } from './apply.js';
import { parse, UsageError, usage } from './args.js';
import type { Probe } from './probe.js';
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
  const changes = [options.status && 'one real update', options.apply && 'one real batch update and its job'];
  const what = changes.some(Boolean) ? `, ${changes.filter(Boolean).join(', ')}` : ', none changes anything';
  io.err(`verify: checking ${options.baseUrl} against the contract (${probes.length} requests${what})`);
  let answered = 0;
  const results = await sendAll(probes, options.concurrency, async (probe) => {
    const result = await send(options, probe, contract);
    io.err(progressLine(++answered, probes.length, result));
    return result;
  });
  let job: JobSummary | undefined;
  if (options.apply) {
    const run = await applyAndFollow(options, contract, (line) => io.err(line));
    results.push(...run.results);
    job = run.job;
  }
  io.out(report(options.baseUrl, results, options.json, job));
  return results.every((r) => r.conforms) ? 0 : 1;
}

/**
 * Sends every probe, at most `concurrency` in flight at once, and resolves to their results in
 * the plan's order. A probe marked `alone` waits for every probe before it and holds back every
 * probe after it: a real change is never sent beside the reads around it. Against a distant
 * server most of a probe's time is the round trip, so a few at a time save most of the wait.
 */
async function sendAll<R>(
  probes: readonly Probe[],
  concurrency: number,
  sendOne: (probe: Probe) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(probes.length);
  let next = 0;
  while (next < probes.length) {
    if (probes[next]!.alone) {
      results[next] = await sendOne(probes[next]!);
      next++;
      continue;
    }
    // The run of probes up to the next one that must go alone, `concurrency` workers pulling from it.
    let end = next;
    while (end < probes.length && !probes[end]!.alone) end++;
    let taken = next;
    const worker = async () => {
      while (taken < end) {
        const n = taken++;
        results[n] = await sendOne(probes[n]!);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, end - next) }, worker));
    next = end;
  }
  return results;
}
