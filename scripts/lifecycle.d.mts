import type { PrismExit } from './prism.mjs';

export declare function superviseProcess(options: { name: string; stop: () => Promise<void>; graceMs?: number }): {
  fail: (reason: string) => Promise<never>;
};
export declare function prismDied(name: string, exit: PrismExit): string;
