import type { ChildProcess } from 'node:child_process';

export declare const projectRoot: string;
export declare function freePort(host?: string): Promise<number>;
export interface PrismOptions {
  host?: string;
  /** Default 0: the OS picks a free port, and `url`/`port` say which. */
  port?: number;
  spec?: string;
  logLevel?: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';
  timeoutMs?: number;
  inherit?: boolean;
  /** Run `prism proxy` in front of this server instead of the static mock. */
  upstream?: string;
  /** Who started Prism (e.g. "npm start"), named in Prism's last word if that process dies. */
  owner?: string;
  /** Each line Prism prints. */
  onLine?: (line: string) => void;
}
export interface PrismExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** true when `stop()` asked for it. */
  expected: boolean;
  /** The end of what Prism printed. */
  output: string;
}
export interface RunningPrism {
  url: string;
  port: number;
  process: ChildProcess;
  /** Settles when Prism's process ends, for whatever reason. */
  exited: Promise<PrismExit>;
  /** SIGTERM, then SIGKILL after `graceMs` (default 2000). */
  stop: (graceMs?: number) => Promise<void>;
}
export declare function startPrism(options?: PrismOptions): Promise<RunningPrism>;
