// What verify sends and what it finds: one probe is one request with the one status the
// contract gives it; one result is what came back, judged.
import type { ErrorReason, OperationId } from '../../generated/contract.js';
import type { ContractViolation } from '../../src/validate.js';

export interface Probe {
  /** The operation whose path, method and declared answers the probe is judged by. */
  operationId: OperationId;
  label: string;
  /** The values of the operation's path template, unencoded (expandPath encodes them). */
  pathValues: Record<string, string>;
  /** The query, without `?` (listImages). */
  query?: string;
  body: string | undefined;
  auth: boolean;
  expected: number;
  /** For a real change: the fields a 200 must echo (the URL's IDs and the status sent). */
  echo?: Record<string, string>;
  /** For an error the contract names: the reason (its example's name) the answer must read as. */
  reason?: ErrorReason;
  /**
   * A real change (--status, --share), or a read that depends on one: sent alone, after every
   * probe planned before it has its answer and before any planned after it, whatever
   * --concurrency says.
   */
  alone?: true;
  /** With --ak/--sk: sign it wrongly on purpose, to probe the gateway's refusal (signing.ts). */
  signing?: SigningFault;
}

/** A signature the gateway must refuse: a wrong SK, an AK that does not exist, a skewed clock. */
export type SigningFault = 'wrong_secret' | 'unknown_key' | 'skewed_clock';

export interface Result {
  request: string;
  /** A status, or for a job's outcome the job status it should end in. */
  expected: number | string;
  got: number | string;
  conforms: boolean;
  violations: ContractViolation[];
}
