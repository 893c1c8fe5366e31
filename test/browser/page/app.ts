// A small frontend page, as a developer would write one: it calls the API with the built client
// and shows what came back. `?api=<origin>&mode=prism|msw`: with msw, the package's MSW handlers
// answer in a service worker and nothing listens at <origin>.
import { createImsClient, ImsError } from '../../../src/index.js';

const params = new URLSearchParams(location.search);
const api = params.get('api')!;
const imageId = 'd164b5df-1bc3-4c3f-893e-3e471fd16e64';
const memberId = 'edc89b490d7d4392898e19b2deb34797';

async function outcome(call: Promise<{ status: string }>) {
  try {
    const member = await call;
    return { ok: true, status: member.status };
  } catch (error) {
    if (!(error instanceof ImsError)) return { ok: false, kind: 'unexpected', message: String(error) };
    return {
      ok: false,
      kind: error.kind,
      status: (error as { status?: number }).status,
      reason: (error as { reason?: string }).reason,
      message: error.message,
    };
  }
}

async function main() {
  if (params.get('mode') === 'msw') {
    const [{ setupWorker }, { createImsHandlers }] = await Promise.all([
      import('msw/browser'),
      import('../../../src/msw.js'),
    ]);
    await setupWorker(...createImsHandlers({ baseUrl: api })).start({
      serviceWorker: { url: '/mockServiceWorker.js' },
      quiet: true,
    });
  }
  const client = (prefer?: string) =>
    createImsClient({ baseUrl: api, token: 'browser-token', retry: false, headers: prefer ? { Prefer: prefer } : {} });
  const results = {
    accept: await outcome(client().acceptSharedImage(imageId, memberId)),
    reject: await outcome(client('example=rejected').rejectSharedImage(imageId, memberId)),
    vaultScenario: await outcome(client('code=400, example=vault_id_required').acceptSharedImage(imageId, memberId)),
  };
  document.querySelector('#results')!.textContent = JSON.stringify(results, null, 2);
  document.title = 'done';
}

main().catch((error) => {
  document.querySelector('#results')!.textContent = JSON.stringify({ crashed: String(error) });
  document.title = 'done';
});
