import type { ChildProcess } from 'node:child_process';

export declare const projectRoot: string;
export declare function freePort(host?: string): Promise<number>;
export interface PrismOptions {
  host?: string;
  port?: number;
  spec?: string;
  logLevel?: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';
  timeoutMs?: number;
  inherit?: boolean;
  /** Run `prism proxy` in front of this server instead of the static mock. */
  upstream?: string;
  /** Each line Prism prints. */
  onLine?: (line: string) => void;
}
export declare function startPrism(
  options?: PrismOptions,
): Promise<{ url: string; process: ChildProcess; stop: () => Promise<void> }>;
