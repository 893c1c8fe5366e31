// A page that makes one call with the client to `?api=<origin>` and puts the outcome on the
// page, for the hostile-server browser tests: in a browser a redirect arrives opaque, and
// Content-Encoding is undone by the browser before the client counts bytes.
import { exampleIds } from '../../../generated/contract.js';
import { createImsClient } from '../../../src/index.js';

const api = new URLSearchParams(location.search).get('api')!;
const client = createImsClient({ baseUrl: api, token: 'page-SECRET-token', retry: false });
client.acceptSharedImage(exampleIds.image_id, exampleIds.member_id).then(
  (member) => (document.body.dataset.outcome = JSON.stringify({ kind: 'none', status: member.status })),
  (error: { kind?: string; status?: number; targetOrigin?: string; message?: string }) =>
    (document.body.dataset.outcome = JSON.stringify({
      kind: error.kind ?? 'unexpected',
      status: error.status,
      targetOrigin: error.targetOrigin,
      message: error.message ?? String(error),
    })),
);
