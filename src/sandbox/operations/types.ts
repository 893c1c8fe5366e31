// What the generic pipeline (../pipeline.ts) hands an operation's rules, and what an operation
// module is. Both are typed by operation: `c.example(status, name)` accepts only a status the
// operation declares and a name the spec gives one of its examples (generated/contract.ts).
import type { ExampleName, ExampleStatus, OperationId } from '../../../generated/contract.js';
import type { Jobs } from '../job-engine.js';
import type { Phase } from '../scenarios.js';
import type { SandboxAnswer, SandboxRequest } from '../types.js';
import type { WorldState } from '../world.js';

export interface OperationContext<Op extends OperationId = OperationId> {
  operation: Op;
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
  /** The server's own URL as the client used it (`http://host:port`, from Host or X-Forwarded-Host). */
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
  example<Status extends ExampleStatus<Op>>(
    status: Status,
    name: ExampleName<Op, Status>,
    extra?: Record<string, string>,
  ): SandboxAnswer;
  /** Any JSON answer. */
  answer(status: number, body: unknown, extra?: Record<string, string>): SandboxAnswer;
  /** The forced answer of a trigger at this step, if one matches. */
  forced(phase: Exclude<Phase, 'identity'>): SandboxAnswer | undefined;
}

export interface OperationModule<Op extends OperationId> {
  /**
   * The spec's named examples the generic pipeline answers with for this operation; absent for an
   * operation the spec declares with `security: []` (version discovery), whose identity is never judged.
   */
  examples?: {
    /** 401 without a token. */
    tokenMissing: ExampleName<Op, 401>;
    /** 401 for a token the world does not know. */
    tokenInvalid: ExampleName<Op, 401>;
  };
  /** Judges a request whose caller is known, from the body's shape on. */
  judge(context: OperationContext<Op>): SandboxAnswer;
}

/** One module per operation of the spec, each typed by its own operation ID. */
export type OperationModules = { [Op in OperationId]: OperationModule<Op> };
