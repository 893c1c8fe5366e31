// A small frontend page, as a developer would write one: it calls the API with the built client
// and shows what came back, step by step. `?api=<origin>&mode=sandbox|msw`: with sandbox, <origin>
// is `npm start` (the sandbox behind Prism, on another origin: CORS); with msw, the package's MSW
// handlers answer from an in-page sandbox in a service worker and nothing listens at <origin>.
// No Prefer header anywhere: what happens is chosen by the data, as against the real service.
// Then the recommended batch flow: several images accepted with a progress bar to SUCCESS, and a
// job that fails in part to its typed error. Then both sides of sharing, each with its own token
// from the world: the owner shares an image nobody was added to, the member's inbox lists what
// waits for an answer and the member accepts from it (the test clicks the button, as a user does),
// the owner lists the image's members (accepted) and revokes, and the member's next read is 404.
import { exampleIds } from '../../../generated/contract.js';
import { createImsClient, ImsApiError, type ImsClient, ImsError, ImsJobFailedError } from '../../../src/index.js';
import { batchImages, fullEcs, memberToken, ownerToken, sharable, vaultId } from './world.js';

const params = new URLSearchParams(location.search);
const api = params.get('api')!;
const imageId = exampleIds.image_id;
const memberId = exampleIds.member_id;

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

/** One line on the page. */
function say(step: string, text: string) {
  const item = document.createElement('li');
  item.dataset.step = step;
  item.textContent = `${step}: ${text}`;
  document.querySelector('#steps')!.append(item);
}

interface Failure {
  ok: false;
  kind: string;
  typed: boolean;
  status?: number;
  reason?: string;
  message?: string;
}

/** What a failed call says on the page and in the results: the typed error's kind, status, reason. */
function failure(error: unknown): Failure {
  if (!(error instanceof ImsError)) return { ok: false, kind: 'unexpected', typed: false, message: String(error) };
  return {
    ok: false,
    kind: error.kind,
    typed: error instanceof ImsApiError,
    status: (error as { status?: number }).status,
    reason: (error as { reason?: string }).reason,
  };
}

/**
 * The member's inbox: the images shared with it that wait for an answer, each with an Accept
 * button; resolves with the image whose button was clicked.
 */
async function inbox(member: ImsClient): Promise<{ listed: string[]; chosen: Promise<string> }> {
  const listed: string[] = [];
  for await (const page of member.listSharedImages({ memberStatus: 'pending' }))
    for (const image of page.images) listed.push(image.id);
  const list = document.querySelector('#pending')!;
  const chosen = new Promise<string>((resolve) => {
    for (const image of listed) {
      const item = document.createElement('li');
      item.dataset.image = image;
      item.append(`${image} `);
      const button = document.createElement('button');
      button.textContent = 'Accept';
      button.addEventListener('click', () => {
        for (const b of list.querySelectorAll('button')) b.disabled = true;
        resolve(image);
      });
      item.append(button);
      list.append(item);
    }
  });
  return { listed, chosen };
}

/** Both sides of sharing, each calling with its own token. */
async function sharing() {
  const owner = createImsClient({ baseUrl: api, token: ownerToken, retry: false });
  const member = createImsClient({ baseUrl: api, token: memberToken, retry: false, projectId: memberId });
  const results: Record<string, unknown> = { image: sharable.id };
  try {
    const shared = await owner.shareImage(sharable.id, memberId);
    results.shared = { status: shared.status, member: shared.member_id };
    say('owner shares', `${shared.image_id} with ${shared.member_id}, ${shared.status}`);
    const { listed, chosen } = await inbox(member);
    results.pending = listed;
    document.title = 'pending';
    const image = await chosen;
    const accepted = await member.acceptSharedImage(image, memberId);
    say('member accepts from the list', `${accepted.image_id} is ${accepted.status}`);
    // Answered: it leaves the inbox.
    document.querySelector(`#pending li[data-image="${image}"]`)?.remove();
    for (const b of document.querySelectorAll<HTMLButtonElement>('#pending button')) b.disabled = false;
    const { members } = await owner.listImageMembers(image);
    results.ownerSees = members.map((m) => ({ member: m.member_id, status: m.status }));
    say('owner lists members', members.map((m) => `${m.member_id} ${m.status}`).join(', ') || 'none');
    await owner.revokeImageMember(image, memberId);
    say('owner revokes', `${memberId} no longer a member`);
    const after = await member
      .showImageMember(image, memberId)
      .then((m) => ({ ok: true as const, status: m.status }), failure);
    results.after = after;
    say(
      'member reads it again',
      after.ok ? `still ${after.status}` : `${after.status ?? after.kind} ${after.reason ?? ''}`,
    );
  } catch (error) {
    results.failed = failure(error);
    say('sharing stopped', JSON.stringify(results.failed));
  }
  return results;
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
  const shared = await sharing();
  document.querySelector('#results')!.textContent = JSON.stringify({ ...results, batch, failing, shared }, null, 2);
  document.title = 'done';
}

main().catch((error) => {
  document.querySelector('#results')!.textContent = JSON.stringify({ crashed: String(error) });
  document.title = 'done';
});
