// Run in a child process by test/hostile.test.ts (`node --expose-gc --import tsx ...`), so the
// test runner's own heap does not blur the figure: makes one client call to each URL given and
// prints, as JSON, the error kind and how far RSS rose above its level before the call.

import { exampleIds } from '../../generated/contract.js';
import { createImsClient } from '../../src/index.js';

const gc = (globalThis as { gc?: () => void }).gc;
const results: { url: string; kind: string; rssGrowthMiB: number }[] = [];
for (const url of process.argv.slice(2)) {
  gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 2);
  const client = createImsClient({ baseUrl: url, token: 'probe-token', retry: false, timeoutMs: 20_000 });
  const kind = await client.acceptSharedImage(exampleIds.image_id, exampleIds.member_id).then(
    () => 'none',
    (error: { kind?: string }) => error.kind ?? 'unknown',
  );
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  results.push({ url, kind, rssGrowthMiB: (peak - before) / 2 ** 20 });
}
process.stdout.write(JSON.stringify(results));
