// What the generic pipeline hands an operation's rules, and what an operation module is.
import type { OperationId } from '../../../generated/contract.js';
import type { Jobs } from '../jobs.js';
import type { Phase } from '../scenarios.js';
import type { SandboxAnswer, SandboxRequest } from '../types.js';
import type { WorldState } from '../world.js';

export interface OperationContext {
  operation: OperationId;
  request: SandboxRequest;
  /** The URL's parameters, decoded (raw when `malformed`). */
  params: Readonly<Record<string, string>>;
  /**
   * Every URL parameter decoded and within the spec's rules for it (false for an empty segment, a
   * bad percent-escape, or an ID the spec's pattern refuses).
   */
  paramsValid: boolean;
  /** The URL's query. */
  query: URLSearchParams;
  /** The server's own URL as the client used it (`http://host:port`, from Host). */
  origin: string;
  /** The caller's token and the project it acts as (identity is judged before an operation runs). */
  token: string;
  caller: string;
  /** The body as sent (empty when none), and what JSON.parse made of it. */
  text: string;
  parsed: boolean;
  body: unknown;
  /** The body when it is a JSON object, else `{}`. */
  fields: Readonly<Record<string, unknown>>;
  isObject: boolean;
  /** The media type of the request's Content-Type, lower case, without parameters. */
  contentType: string;
  state: WorldState;
  jobs: Jobs;
  now(): Date;
  /** The operation's named example for a status, personalised with the URL's IDs. */
  example(status: number, name: string, extra?: Record<string, string>): SandboxAnswer;
  /** Any JSON answer. */
  answer(status: number, body: unknown, extra?: Record<string, string>): SandboxAnswer;
  /** The forced answer of a trigger at this step, if one matches. */
  forced(phase: Exclude<Phase, 'identity'>): SandboxAnswer | undefined;
}

export interface OperationModule {
  /**
   * The spec's named examples the generic pipeline answers with for this operation; absent for
   * an operation the spec declares with `security: []`, whose identity is never judged.
   */
  examples?: {
    /** 401 without a token. */
    tokenMissing: string;
    /** 401 for a token the world does not know. */
    tokenInvalid: string;
  };
  /** Judges a request whose caller is known, from the body's shape on. */
  judge(context: OperationContext): SandboxAnswer;
}
