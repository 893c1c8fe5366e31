// The sandbox held to a real OpenStack Glance: one generated sequence of calls (fast-check
// `commands`) sent to both, with the same fresh world on each side, and every answer compared
// (status; on a 200 the field set, the echoed fields, `created_at` fixed and `updated_at` moving
// only on a change). The divergences the contract makes on purpose are the table in
// docs/glance.md: each row is asserted here, and a generated call that matches a row is counted
// as that row, never as agreement. See docs/glance.md for what runs and how.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OperationId, reasonOf } from '../../generated/contract.js';
import { createGlanceWorld, type GlanceWorld, type ImageName, projectNames } from '../../scripts/glance/fixtures.js';
import { type IdentityProxy, startIdentityProxy } from '../../scripts/glance/identity-proxy.js';
import type { World } from '../../src/sandbox/index.js';
import {
  type Answer,
  applies,
  type BodyKind,
  type Call,
  type Caller,
  divergenceTable,
  glanceUrl,
  label,
  reachesValue,
  requestOf,
  send,
  startSandboxTarget,
  urlMember,
} from './harness.js';

// CI runs a fixed seed; locally a random one, printed, so any run can be replayed with FC_SEED.
const seed = process.env.FC_SEED
  ? Number(process.env.FC_SEED)
  : process.env.CI
    ? 20261129
    : Math.floor(Math.random() * 2 ** 31);
const SEQUENCES = 24;
const operationId = 'updateImageMemberStatus' satisfies OperationId;
const MIN_CALLS = 500;
const table = divergenceTable();
const rowOf = new Map(table.map((row) => [row.case, row]));

let proxy: IdentityProxy;
let glance: GlanceWorld;
let sandbox: Awaited<ReturnType<typeof startSandboxTarget>>;
/** The sandbox's world for the next sequence: Glance's, with the times Glance has now. */
let world: World;

beforeAll(async () => {
  console.log(`glance differential: fast-check seed ${seed} (replay with FC_SEED=${seed} npm run test:glance)`);
  proxy = await startIdentityProxy(glanceUrl());
  glance = await createGlanceWorld(proxy);
  sandbox = await startSandboxTarget(glance.world);
});
afterAll(async () => {
  await sandbox?.close();
  await proxy?.close();
});

// The only members whose status a call can change: the two of the `shared` image.
const movable = ['member', 'other_member'] as const;

/**
 * Both sides back to the start of a sequence: in Glance each movable member sets itself back to
 * `pending` (Glance allows it; times move), and a fresh sandbox gets the world with those times.
 */
async function resetBoth() {
  const next = structuredClone(glance.world);
  const image = next.images.find((i) => i.id === glance.images.shared)!;
  for (const name of movable) {
    const answer = await send(
      proxy.url,
      requestOf({ caller: name, image: 'shared', member: 'self', body: 'pending' }, glance, 'pending'),
    );
    if (answer.status !== 200)
      throw new Error(`resetting ${name} in Glance: ${answer.status} ${JSON.stringify(answer.body)}`);
    const member = image.members!.find((m) => m.project === name)!;
    const body = answer.body as { created_at: string; updated_at: string };
    member.status = 'pending';
    member.created_at = body.created_at;
    member.updated_at = body.updated_at;
  }
  world = next;
  sandbox.load(world);
}

type Side = 'glance' | 'sandbox';
interface Entry {
  status: string;
  created_at: string;
  updated_at: string;
}
/** What each side last showed of each member of `shared`, and what the model expects. */
interface Model {
  status: Map<string, string>;
}
interface Real {
  seen: Record<Side, Map<string, Entry>>;
  record: (outcome: Outcome) => void;
  strict: boolean;
}
interface Outcome {
  call: Call;
  /** On an error both answered with the same status: the reason each body gives (`reasonOf`). */
  reasons?: [string | undefined, string | undefined];
  kind: 'agree' | 'known' | 'differ';
  row?: string;
  glance: number;
  sandbox: number;
  problems: string[];
}

/** The table's rows the generator sends (as bodies), and those only their own test sends. */
// `unknown_field` is no divergence any more: the sandbox ignores unknown fields as Glance does.
const divergent = new Set<BodyKind>(['pending', 'vault_id_on_reject', 'any_content_type']);
const sentApart = ['image_id_not_uuid', 'error_shape', 'no_token_reason'];
const secondOf = (ms: number) => Math.floor(ms / 1000) * 1000;

/** The checks of one side's 200 against what it showed before; returns the problems. */
function checkSuccess(side: Side, real: Real, call: Call, answer: Answer, sent: string, start: number, end: number) {
  const problems: string[] = [];
  const body = answer.body as Entry & { image_id: string; member_id: string };
  const member = urlMember(call);
  if (body.image_id !== glance.images[call.image]) problems.push(`${side}: image_id ${body.image_id} is not the URL's`);
  if (body.member_id !== glance.projects[member])
    problems.push(`${side}: member_id ${body.member_id} is not the URL's`);
  if (body.status !== sent) problems.push(`${side}: status ${body.status}, sent ${sent}`);
  const before = real.seen[side].get(member);
  if (!before) return [...problems, `${side}: 200 for a member that cannot change (${label(call)})`];
  if (body.created_at !== before.created_at)
    problems.push(`${side}: created_at moved from ${before.created_at} to ${body.created_at}`);
  const updated = Date.parse(body.updated_at);
  if (body.status === before.status) {
    if (body.updated_at !== before.updated_at)
      problems.push(`${side}: updated_at moved from ${before.updated_at} to ${body.updated_at} without a change`);
  } else if (!(body.updated_at >= before.updated_at && updated >= secondOf(start) && updated <= end + 1000))
    problems.push(`${side}: updated_at ${body.updated_at} after a change is not the time of the call`);
  real.seen[side].set(member, { status: body.status, created_at: body.created_at, updated_at: body.updated_at });
  return problems;
}

class PairCall implements fc.AsyncCommand<Model, Real> {
  constructor(readonly call: Call) {}

  /** A table case that reaches the value check is sent only where it changes nothing in Glance. */
  check(model: Readonly<Model>) {
    if (!reachesValue(this.call)) return true;
    const current = model.status.get(this.call.caller) ?? 'pending';
    if (this.call.body === 'pending') return current === 'pending';
    if (this.call.body === 'vault_id_on_reject') return current === 'rejected';
    return true;
  }

  async run(model: Model, real: Real) {
    const call = this.call;
    const current = model.status.get(urlMember(call)) ?? 'pending';
    const request = requestOf(call, glance, current);
    const start = Date.now();
    const [g, s] = await Promise.all([send(proxy.url, request), send(sandbox.url, request)]);
    const end = Date.now();
    const problems: string[] = [];
    const candidate = divergent.has(call.body) ? rowOf.get(call.body) : undefined;
    const row = candidate && applies(candidate, call) ? candidate : undefined;
    let kind: Outcome['kind'] = 'agree';
    if (row) {
      kind = 'known';
      // Where Glance judges the value, its status is the table's; elsewhere its 403 or 404 for the
      // caller, never a 400: it read the body as JSON.
      const glanceAsTable = reachesValue(call) ? g.status === row.glance : g.status === 403 || g.status === 404;
      if (!glanceAsTable || s.status !== row.sandbox)
        problems.push(`table row ${row.case} says Glance ${row.glance}, sandbox ${row.sandbox}`);
    } else if (g.status !== s.status) problems.push('statuses differ');
    // A 200 only ever answers a body that parses (Glance's, and the sandbox's, judgement).
    const sent = () => (JSON.parse(request.body) as { status: string }).status;
    if (g.status === 200) {
      problems.push(...checkSuccess('glance', real, call, g, sent(), start, end));
      model.status.set(urlMember(call), (g.body as { status: string }).status);
    }
    if (s.status === 200) problems.push(...checkSuccess('sandbox', real, call, s, sent(), start, end));
    if (g.status === 200 && s.status === 200) {
      const [gk, sk] = [Object.keys(g.body as object).sort(), Object.keys(s.body as object).sort()];
      if (gk.join() !== sk.join()) problems.push(`field sets differ: Glance ${gk.join()}, sandbox ${sk.join()}`);
    }
    // The same error must give a UI the same reason, whichever server said it and in whichever shape.
    let reasons: Outcome['reasons'];
    let reasonRow: string | undefined;
    if (!row && g.status === s.status && g.status !== 200) {
      reasons = [reasonOf(operationId, g.status, g.body), reasonOf(operationId, s.status, s.body)];
      const noToken = rowOf.get('no_token_reason')!;
      if (reasons[0] !== reasons[1]) {
        if (applies(noToken, call) && reasons.join() === 'token_invalid,token_missing') reasonRow = noToken.case;
        else problems.push(`reasons differ: Glance ${reasons[0]}, sandbox ${reasons[1]}`);
      }
    }
    if (reasonRow) kind = 'known';
    if (problems.length) kind = 'differ';
    const outcome: Outcome = {
      ...(reasons ? { reasons } : {}),
      call,
      kind,
      glance: g.status,
      sandbox: s.status,
      problems,
      ...(row || reasonRow ? { row: row?.case ?? reasonRow } : {}),
    };
    real.record(outcome);
    if (real.strict && kind === 'differ')
      throw new Error(`${label(call)}: Glance ${g.status}, sandbox ${s.status}: ${problems.join('; ')}`);
  }

  toString() {
    return label(this.call);
  }
}

// The generator: the member and the `shared` image most often, so that statuses really move.
const callerArb: fc.Arbitrary<Caller> = fc.oneof(
  { arbitrary: fc.constant('member' as const), weight: 5 },
  { arbitrary: fc.constant('other_member' as const), weight: 3 },
  { arbitrary: fc.constant('owner' as const), weight: 2 },
  { arbitrary: fc.constant('stranger' as const), weight: 2 },
  { arbitrary: fc.constant('none' as const), weight: 1 },
  { arbitrary: fc.constant('unknown_token' as const), weight: 1 },
);
const imageArb: fc.Arbitrary<ImageName> = fc.oneof(
  { arbitrary: fc.constant('shared' as const), weight: 8 },
  {
    arbitrary: fc.constantFrom('made_private' as const, 'private' as const, 'unshared' as const, 'unknown' as const),
    weight: 3,
  },
);
const memberArb = fc.oneof(
  { arbitrary: fc.constant('self' as const), weight: 5 },
  { arbitrary: fc.constantFrom(...projectNames), weight: 2 },
);
const bodyArb: fc.Arbitrary<BodyKind> = fc.oneof(
  { arbitrary: fc.constantFrom('accepted' as const, 'rejected' as const), weight: 10 },
  {
    arbitrary: fc.constantFrom('upper_case', 'empty_string', 'null_status', 'number_status', 'unknown_status'),
    weight: 4,
  },
  { arbitrary: fc.constantFrom('no_status', 'not_json', 'empty', 'array', 'string'), weight: 2 },
  { arbitrary: fc.constantFrom(...divergent), weight: 3 },
) as fc.Arbitrary<BodyKind>;
const callArb = fc
  .record({ caller: callerArb, image: imageArb, member: memberArb, body: bodyArb })
  .map((call) => new PairCall(call));
const sequences = fc.commands([callArb], { maxCommands: 60, size: 'max' });

async function runSequence(commands: Iterable<fc.AsyncCommand<Model, Real>>, strict: boolean, record: Real['record']) {
  await resetBoth();
  const seen = (): Map<string, Entry> => {
    const image = world.images.find((i) => i.id === glance.images.shared)!;
    return new Map(
      image.members!.map((m) => [
        m.project,
        { status: m.status!, created_at: m.created_at, updated_at: m.updated_at! },
      ]),
    );
  };
  await fc.asyncModelRun(
    () => ({ model: { status: new Map() }, real: { seen: { glance: seen(), sandbox: seen() }, record, strict } }),
    commands,
  );
}

describe('the sandbox against a real Glance', () => {
  it('every row of the divergence table is a case the tests know, with statuses', () => {
    expect(table.map((row) => row.case).sort()).toEqual([...divergent, ...sentApart].sort());
    for (const row of table) {
      expect(Number.isInteger(row.glance), `${row.case}: Glance status`).toBe(true);
      expect(Number.isInteger(row.sandbox), `${row.case}: sandbox status`).toBe(true);
      expect(row.why.length, `${row.case}: why`).toBeGreaterThan(10);
    }
  });

  it.each(table.filter((row) => divergent.has(row.case as BodyKind)))(
    'divergence $case: Glance $glance, sandbox $sandbox, as docs/glance.md says',
    async (row) => {
      await resetBoth();
      const current = row.case === 'vault_id_on_reject' ? 'rejected' : 'pending';
      if (current === 'rejected') {
        const reject = requestOf({ caller: 'member', image: 'shared', member: 'self', body: 'rejected' }, glance, '');
        expect((await send(proxy.url, reject)).status).toBe(200);
        expect((await send(sandbox.url, reject)).status).toBe(200);
      }
      const call: Call = { caller: 'member', image: 'shared', member: 'self', body: row.case as BodyKind };
      expect(reachesValue(call)).toBe(true);
      const request = requestOf(call, glance, current);
      const [g, s] = [await send(proxy.url, request), await send(sandbox.url, request)];
      expect({ glance: g.status, sandbox: s.status }, JSON.stringify({ glance: g.body, sandbox: s.body })).toEqual({
        glance: row.glance,
        sandbox: row.sandbox,
      });
      // Glance took it without changing anything: the member's status is what it was.
      expect((g.body as { status: string }).status).toBe(current);
    },
  );

  it('divergence image_id_not_uuid: Glance 404, the sandbox 400, as docs/glance.md says', async () => {
    const row = rowOf.get('image_id_not_uuid')!;
    const request = requestOf({ caller: 'member', image: 'shared', member: 'self', body: 'accepted' }, glance, '');
    request.path = request.path.replace(glance.images.shared, 'not-a-uuid');
    const [g, s] = [await send(proxy.url, request), await send(sandbox.url, request)];
    expect([g.status, s.status]).toEqual([row.glance, row.sandbox]);
  });

  it('divergence no_token_reason: 401 on both, Glance read as token_invalid, the sandbox as token_missing', async () => {
    const row = rowOf.get('no_token_reason')!;
    const call: Call = { caller: 'none', image: 'shared', member: 'self', body: 'accepted' };
    expect(applies(row, call)).toBe(true);
    const request = requestOf(call, glance, '');
    const [g, s] = [await send(proxy.url, request), await send(sandbox.url, request)];
    expect([g.status, s.status]).toEqual([row.glance, row.sandbox]);
    expect([reasonOf(operationId, g.status, g.body), reasonOf(operationId, s.status, s.body)]).toEqual([
      'token_invalid',
      'token_missing',
    ]);
  });

  it('divergence error_shape: same status, Glance in webob shape, the sandbox in the spec example', async () => {
    const row = table.find((r) => r.case === 'error_shape')!;
    const request = requestOf({ caller: 'member', image: 'shared', member: 'self', body: 'no_status' }, glance, '');
    const [g, s] = [await send(proxy.url, request), await send(sandbox.url, request)];
    expect([g.status, s.status]).toEqual([row.glance, row.sandbox]);
    expect(g.body).toMatchObject({ code: `${row.glance} Bad Request`, title: 'Bad Request' });
    expect((g.body as { message: string }).message).toMatch(/^Status not specified/);
    expect(s.body).toMatchObject({ error: { code: expect.stringMatching(/^IMG\./) } });
  });

  let census: Outcome[] = [];
  it(`one generated sequence of at least ${MIN_CALLS} calls: both agree but for the table`, async () => {
    const started = Date.now();
    census = [];
    const runs = fc.sample(sequences, { seed, numRuns: SEQUENCES });
    for (const commands of runs) await runSequence(commands, false, (o) => census.push(o));
    const count = (kind: Outcome['kind']) => census.filter((o) => o.kind === kind).length;
    const byRow = Object.fromEntries(table.map((r) => [r.case, census.filter((o) => o.row === r.case).length]));
    const changes = census.filter(
      (o) => o.glance === 200 && (o.call.body === 'accepted' || o.call.body === 'rejected'),
    );
    console.log(
      `glance differential: ${census.length} calls in ${SEQUENCES} sequences, ${((Date.now() - started) / 1000).toFixed(1)} s: ` +
        `${count('agree')} agree, ${count('known')} known divergences ${JSON.stringify(byRow)}, ` +
        `${count('differ')} differ; ${changes.length} accepted or rejected by Glance; ` +
        `statuses seen ${JSON.stringify(tally(census.map((o) => o.glance)))}`,
    );
    const reasonPairs = tally(
      census.filter((o) => o.reasons).map((o) => `${o.glance}: Glance ${o.reasons![0]}, sandbox ${o.reasons![1]}`),
    );
    console.log(`glance differential: reasons of the errors both gave ${JSON.stringify(reasonPairs, null, 1)}`);
    const differences = census.filter((o) => o.kind === 'differ' && !isReasonOnly(o));
    const grouped = tally(differences.map((o) => `${label(o.call)}: Glance ${o.glance}, sandbox ${o.sandbox}`));
    expect(census.length).toBeGreaterThanOrEqual(MIN_CALLS);
    // The sequence must exercise every kind of answer, or agreeing would prove little.
    expect(new Set(census.map((o) => o.glance))).toEqual(new Set([200, 400, 401, 403, 404]));
    expect(changes.length).toBeGreaterThan(50);
    expect(grouped, `${differences.length} of ${census.length} calls differ`).toEqual({});
  });

  it('every error of that sequence gives the same reason on both sides (reasonOf), but for the table', () => {
    expect(census.length).toBeGreaterThanOrEqual(MIN_CALLS);
    const compared = census.filter((o) => o.reasons);
    expect(compared.length).toBeGreaterThan(300);
    const differing = tally(
      census.filter(isReasonOnly).map((o) => `${label(o.call)}: ${o.glance}, ${o.problems.join('; ')}`),
    );
    expect(differing, `${Object.values(differing).reduce((a, b) => a + b, 0)} errors differ in reason`).toEqual({});
  });

  it('the same sequences as a fast-check property: a difference fails with the shortest sequence showing it', async () => {
    await fc.assert(
      fc.asyncProperty(sequences, (commands) => runSequence(commands, true, () => {})),
      { seed, numRuns: SEQUENCES, endOnFailure: false },
    );
  });
});

/** A call whose statuses agree and whose only problem is the reason its error gives. */
function isReasonOnly(o: Outcome) {
  return o.kind === 'differ' && o.problems.every((p) => p.startsWith('reasons differ'));
}

function tally(values: (string | number)[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[String(value)] = (counts[String(value)] ?? 0) + 1;
  return counts;
}
