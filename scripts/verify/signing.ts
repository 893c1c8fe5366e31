// The gateway's AK/SK refusals, probed when verify signs (--ak/--sk): the first signed probe of
// the plan sent again three ways, each of which the gateway must refuse with its own 401 and
// reason: signed with a wrong secret key, with an access key that does not exist, and with a
// clock 30 minutes behind. Identity is judged before anything else, so none of them changes
// anything, whatever the probe it copies would do. The wrong secret counts towards the
// gateway's lock-out (5 failures in a row for one AK): verify sends one.
import type { Options } from './args.js';
import type { Probe, SigningFault } from './probe.js';

/** How far behind the skewed probe's clock is: twice the gateway's 15-minute window. */
export const SKEW_MS = 30 * 60 * 1000;

const faults: { signing: SigningFault; label: string; reason: NonNullable<Probe['reason']> }[] = [
  { signing: 'wrong_secret', label: 'signed with a wrong secret key', reason: 'signature_mismatch' },
  { signing: 'unknown_key', label: 'signed with an access key that does not exist', reason: 'access_key_unknown' },
  { signing: 'skewed_clock', label: 'signed 30 minutes ago (clock skew)', reason: 'signature_expired' },
];

export function signingProbes(o: Options, planned: Probe[]): Probe[] {
  const base = planned.find((p) => p.auth);
  if (!o.credentials || !base) return [];
  return faults.map(({ signing, label, reason }) => ({
    operationId: base.operationId,
    label: `${base.operationId}: ${label}`,
    pathValues: base.pathValues,
    body: base.body,
    auth: true,
    expected: 401,
    reason,
    signing,
  }));
}
