// GET / (listVersions, 300) and GET /versions (listVersionsDocument, 200): Glance's versions
// document, what keystoneauth reads first (openstacksdk, openstackclient). The versions are the
// spec's example; each link points at the URL the client used, so a client that follows it comes
// back here, also behind Prism's proxy and the front (they keep the client's Host).
import { examplesOf } from '../answers.js';
import type { OperationContext, OperationModule } from './types.js';

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

export const listVersions: OperationModule<'listVersions'> = {
  judge: (c) => versionsDocument('listVersions', 300, c),
};
