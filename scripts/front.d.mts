export interface FrontLimits {
  maxBodyBytes: number;
  maxDepth: number;
  maxHeaderBytes: number;
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  upstreamTimeoutMs: number;
}
export declare const frontLimits: Readonly<FrontLimits>;
/** Headers only the front sets, for the sandbox's AK/SK check. */
export declare const forwardedHeaders: Readonly<{ host: string; bodySha256: string }>;
export interface Refusal {
  status: number;
  rule: string;
  message: string;
}
export declare function checkTarget(target: string): Refusal | undefined;
export declare function checkBody(body: Uint8Array, maxDepth?: number): Refusal | undefined;
export interface FrontOptions {
  host?: string;
  port?: number;
  limits?: Partial<FrontLimits>;
  /** Each request the front refuses, in one line (never the body or a token). */
  log?: (line: string) => void;
  /** Named in 502/504 answers (default "Prism"). */
  upstreamName?: string;
}
export interface Front {
  url: string;
  port: number;
  /** Start forwarding: everything to `upstream`, `/__sandbox/*` to `control` when given. */
  ready: (upstream: string, control?: string) => void;
  close: () => Promise<void>;
}
export declare function startFront(options?: FrontOptions): Promise<Front>;

import type { PrismOptions, RunningPrism } from './prism.mjs';
export interface MockOptions {
  host?: string;
  port?: number;
  logLevel?: PrismOptions['logLevel'];
  inherit?: boolean;
  onRefused?: (line: string) => void;
  owner?: string;
}
export interface RunningMock {
  /** The front: the address to call. */
  url: string;
  /** Prism itself, behind the front. */
  prismUrl: string;
  prism: RunningPrism;
  front: Front;
  stop: () => Promise<void>;
}
export declare function startMock(options?: MockOptions): Promise<RunningMock>;
export declare function checkHeaders(headers: Record<string, string | string[] | undefined>): Refusal | undefined;
