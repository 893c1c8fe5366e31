// Glance's versions document (version discovery), shared by listVersions (GET /, 300) and
// listVersionsDocument (GET /versions, 200): the spec's example, each link pointing at the URL the
// client used, so a client that follows it comes back here, also behind Prism's proxy and the
// front (the front passes the client's Host on as X-Forwarded-Host).
import { examplesOf } from './answers.js';
import type { OperationContext } from './operations/types.js';

type Versions = { versions: { links: { href: string }[] }[] };

export function versionsDocument<Op extends 'listVersions' | 'listVersionsDocument'>(
  id: Op,
  status: number,
  c: OperationContext<Op>,
) {
  const example = Object.values(examplesOf(id)[status] ?? {})[0]?.value as Versions;
  const versions = example.versions.map((version) => ({
    ...version,
    links: version.links.map((link) => ({ ...link, href: `${c.origin}${new URL(link.href).pathname}` })),
  }));
  return c.answer(status, { versions });
}
