// What an error says when the gateway refuses an AK/SK signature: what to check first, in words
// (the key, the secret, the machine's clock), then the gateway's own message. Kept out of the
// package's exports: the words reach users through ImsApiError's message only.
import type { ErrorReason } from '../../generated/contract.js';

/**
 * What to check when the gateway refuses an AK/SK signature, in words, by reason. The gateway's
 * own message follows it in the error (for a wrong signature, the canonical request it built).
 */
const signingAdvice: Partial<Record<ErrorReason, string>> = {
  signature_mismatch:
    'The AK/SK signature does not match: check that the secret key (SK) is the one of this access key (AK), and that nothing changes the request after it is signed (a proxy rewriting the host, the path or the body); compare the canonical request the gateway built with your own.',
  access_key_unknown:
    'The access key (AK) is unknown: check the AK (a typo, a deleted key, or a key of another account).',
  signature_expired:
    "The signing time (X-Sdk-Date) is more than 15 minutes away from the gateway's clock: check this machine's clock (synchronise it, e.g. with NTP).",
  date_malformed:
    'X-Sdk-Date is not a UTC time in the form YYYYMMDDTHHMMSSZ: check the signer, and any proxy that rewrites headers.',
  signed_header_missing:
    'A header the signature must cover was not signed or not sent (host and x-sdk-date always): check the signer, and any proxy that drops headers.',
  project_not_allowed:
    "This access key may not act for the project in X-Project-Id: check credentials.projectId (the key's own project).",
  security_token_invalid:
    'A temporary access key needs the security token issued with it: check credentials.securityToken (temporary keys expire: get a new set).',
  authorization_malformed:
    'The Authorization header is not an SDK-HMAC-SHA256 signature: check the signer, and any proxy that rewrites Authorization.',
};

/** An error's message: for a refused signature, what to check first, then the gateway's words. */
export function explainedMessage(reason: ErrorReason | undefined, message: string): string {
  const advice = reason === undefined ? undefined : signingAdvice[reason];
  return advice ? `${advice} (The gateway said: ${message})` : message;
}
