// What verify prints: a progress line per probe on stderr, and on stdout a table (or JSON with
// --json) and a one-line summary.
import type { JobSummary } from './apply.js';
import type { Result } from './probe.js';

/** The stderr line for one probe as soon as its answer is judged. */
export function progressLine(n: number, total: number, result: Result): string {
  const verdict = result.conforms ? 'conforms' : `${result.violations.length} violation(s)`;
  return `[${n}/${total}] ${result.request}: expected ${result.expected}, got ${result.got} -> ${verdict}`;
}

/** The results as aligned columns; a row with several violations takes one line for each. */
export function table(results: Result[]): string {
  const rows = results.map((r) => [
    r.request,
    String(r.expected),
    String(r.got),
    r.conforms ? 'conforms' : r.violations.map((v) => `${v.path} ${v.rule}: ${v.message}`).join('\n'),
  ]);
  const head = ['request', 'expected', 'got', 'violations'];
  const width = head.map((h, i) =>
    Math.max(h.length, ...rows.map((row) => Math.max(...row[i]!.split('\n').map((l) => l.length)))),
  );
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(width[i]!))).join('  ');
  const out = [line(head), line(width.map((w) => '-'.repeat(w)))];
  for (const row of rows) {
    const [first, ...rest] = row[3]!.split('\n');
    out.push(line([row[0]!, row[1]!, row[2]!, first!]));
    for (const more of rest) out.push(line(['', '', '', more]));
  }
  return out.join('\n');
}

/** stdout's whole text: the JSON document, or the table and its summary. */
export function report(baseUrl: string, results: Result[], json: boolean, job?: JobSummary): string {
  const failed = results.filter((r) => !r.conforms).length;
  if (json) return JSON.stringify({ baseUrl, conforms: failed === 0, results, ...(job && { job }) }, null, 2);
  const summary =
    failed === 0
      ? `All ${results.length} answers conform to the contract.`
      : `${failed} of ${results.length} answers break the contract.`;
  return `${table(results)}\n\n${summary}`;
}
