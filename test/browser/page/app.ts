// A small frontend page, as a developer would write one: it calls the API with the built client
// and shows what came back, step by step. `?api=<origin>&mode=sandbox|msw`: with sandbox, <origin>
// is `npm start` (the sandbox behind Prism, on another origin: CORS); with msw, the package's MSW
// handlers answer from an in-page sandbox in a service worker and nothing listens at <origin>.
// No Prefer header anywhere: what happens is chosen by the data, as against the real service.
// Then the recommended batch flow: several images accepted with a progress bar to SUCCESS, and a
// job that fails in part to its typed error.
import { exampleIds } from '../../../generated/contract.js';
import { createImsClient, ImsError, ImsJobFailedError } from '../../../src/index.js';
import { defaultWorld } from '../../../src/sandbox/index.js';

const params = new URLSearchParams(location.search);
const api = params.get('api')!;
const imageId = exampleIds.image_id;
const memberId = exampleIds.member_id;
// The world's full-ECS image created by CBR, and the vault it gives the member.
const fullEcs = defaultWorld.images.find((image) => image.full_ecs_by_cbr)!;
const vaultId = fullEcs.members!.find((m) => m.vaults?.length)!.vaults![0]!;
// For the batch: plain images the world shares with the member (by any token), and its project.
const memberName = defaultWorld.any_token!;
const batchImages = defaultWorld.images
  .filter((i) => i.visibility !== 'private' && !i.full_ecs_by_cbr && !i.error_shape)
  .filter((i) => i.members?.some((m) => m.project === memberName))
  .map((i) => i.id)
  .slice(0, 3);

/** A batch job followed to its end, with a progress bar on the page that each poll moves. */
async function batchOutcome(
  step: string,
  call: (onProgress: (percent: number | undefined) => void) => Promise<{ status: string; polls: number }>,
) {
  const bar = document.createElement('progress');
  bar.max = 1;
  bar.value = 0;
  bar.dataset.step = step;
  document.querySelector('#steps')!.append(bar);
  const percents: number[] = [];
  const onProgress = (percent: number | undefined) => {
    if (percent === undefined) return;
    percents.push(percent);
    bar.value = percent;
  };
  try {
    const done = await call(onProgress);
    return { ok: true, status: done.status, percents, polls: done.polls };
  } catch (error) {
    if (!(error instanceof ImsJobFailedError))
      return { ok: false, kind: (error as ImsError).kind ?? 'unexpected', message: String(error) };
    return {
      ok: false,
      kind: error.kind,
      jobId: error.jobId,
      errorCode: error.errorCode,
      failedImages: error.failedImages.map((i) => i.imageId),
      percents,
    };
  }
}

async function outcome(call: Promise<{ status: string; image_id: string }>) {
  try {
    const member = await call;
    return { ok: true, status: member.status, image: member.image_id };
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

/** Shows one step on the page: what was asked and what the API said. */
function show(step: string, result: Awaited<ReturnType<typeof outcome>>) {
  const item = document.createElement('li');
  item.dataset.step = step;
  item.textContent = result.ok
    ? `${step}: shared image is ${result.status}`
    : `${step}: ${result.status ?? result.kind} ${'reason' in result && result.reason ? result.reason : ''}`;
  document.querySelector('#steps')!.append(item);
  return result;
}

function showJob(step: string, result: Awaited<ReturnType<typeof batchOutcome>>) {
  const item = document.createElement('li');
  item.dataset.step = step;
  item.textContent = result.ok
    ? `${step}: job ${result.status}`
    : `${step}: ${result.kind} ${'errorCode' in result ? result.errorCode : ''}`;
  document.querySelector('#steps')!.append(item);
}

async function main() {
  if (params.get('mode') === 'msw') {
    const [{ setupWorker }, { createImsHandlers }, { createSandbox }] = await Promise.all([
      import('msw/browser'),
      import('../../../src/msw.js'),
      import('../../../src/sandbox/index.js'),
    ]);
    await setupWorker(...createImsHandlers({ baseUrl: api, sandbox: createSandbox() })).start({
      serviceWorker: { url: '/mockServiceWorker.js' },
      quiet: true,
    });
  }
  const ims = createImsClient({ baseUrl: api, token: 'browser-token', retry: false, projectId: memberId });
  const results = {
    accept: show('accept', await outcome(ims.acceptSharedImage(imageId, memberId))),
    reject: show('reject', await outcome(ims.rejectSharedImage(imageId, memberId))),
    fullEcsWithoutVault: show('full-ECS accept', await outcome(ims.acceptSharedImage(fullEcs.id, memberId))),
    fullEcsWithVault: show(
      'full-ECS accept with vault',
      await outcome(ims.acceptSharedImage(fullEcs.id, memberId, { vaultId })),
    ),
  };
  // The recommended flow: several images at once, then the job followed to its end.
  const poll = { firstPollMs: 200, maxPollMs: 500, waitTimeoutMs: 20_000 };
  const batch = await batchOutcome('batch accept', (onProgress) =>
    ims.acceptSharedImages(batchImages, { ...poll, onProgress: (p) => onProgress(p.percent) }),
  );
  showJob('batch accept', batch);
  const failing = await batchOutcome('batch accept, a vault that is not ours', (onProgress) =>
    ims.acceptSharedImages([batchImages[0]!, fullEcs.id], {
      ...poll,
      vaultId: 'vault-of-someone-else',
      onProgress: (p) => onProgress(p.percent),
    }),
  );
  showJob('batch accept, a vault that is not ours', failing);
  document.querySelector('#results')!.textContent = JSON.stringify({ ...results, batch, failing }, null, 2);
  document.title = 'done';
}

main().catch((error) => {
  document.querySelector('#results')!.textContent = JSON.stringify({ crashed: String(error) });
  document.title = 'done';
});
