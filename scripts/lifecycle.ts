// How `npm start` and `npm run mock` end: always whole, always with a reason on stderr.
// - SIGINT, SIGTERM or SIGHUP to this process: stop every part (the front, Prism, the sandbox),
//   free the port, exit 0. A second signal, or a stop that hangs, exits at once.
// - The parent going away (npm killed, or the shell between npm and this process killed by
//   npm's own signal forwarding): the same stop, so nothing is left on the port.
// - A part dying, or an error nobody caught: the reason is printed, the other parts stopped, exit 1.
// Prism's own process also exits when this one dies by SIGKILL (scripts/prism-child.mjs).
import type { PrismExit } from './prism.js';

export function superviseProcess({
  name,
  stop,
  graceMs = 5_000,
}: {
  name: string;
  stop: () => Promise<void>;
  graceMs?: number;
}): { fail: (reason: string) => Promise<void> } {
  let stoppingSince = 0;
  async function end(code: number, reason?: string): Promise<never> {
    stoppingSince = Date.now();
    if (reason) console.error(reason);
    // A stop that hangs cannot keep the process (or the port) forever.
    setTimeout(() => {
      console.error(`${name}: stopping took longer than ${graceMs} ms; exiting anyway.`);
      process.exit(code || 1);
    }, graceMs).unref();
    try {
      await stop();
    } catch (error) {
      console.error(`${name}: while stopping: ${(error as Error)?.stack ?? error}`);
      code ||= 1;
    }
    process.exit(code);
  }
  function onSignal(signal: NodeJS.Signals) {
    if (!stoppingSince) return void end(0, `${name}: ${signal} received, stopping.`);
    // Ctrl-C reaches this process twice (from the terminal, and forwarded by npm): only a signal
    // sent well after the first means "do not wait any longer".
    if (Date.now() - stoppingSince > 1_000) {
      console.error(`${name}: ${signal} again; exiting without waiting.`);
      process.exit(1);
    }
  }
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onSignal);
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent && !stoppingSince)
      end(1, `${name}: the process that started this one (pid ${parent}) has gone away; stopping.`);
  }, 250).unref();
  const crashed = (error: unknown) => {
    const text = (error as Error)?.stack ?? error;
    if (stoppingSince) return void console.error(`${name}: while stopping: ${text}`);
    end(1, `${name} stopped on an internal error, and stops everything it started:\n${text}`);
  };
  process.on('uncaughtException', crashed);
  process.on('unhandledRejection', crashed);
  // A part that dies while everything is stopping anyway (Ctrl-C reaches Prism too) is no news.
  return {
    fail: async (reason) => {
      if (!stoppingSince) await end(1, reason);
    },
  };
}

/** The words for a Prism that stopped on its own: how it ended and the end of what it printed. */
export function prismDied(name: string, exit: PrismExit): string {
  const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
  const said = exit.output.trim() ? `\nIts last output:\n${exit.output.trim()}` : ' It printed nothing.';
  return `${name}: Prism (the contract checker behind the front) stopped unexpectedly: it ${how}.${said}\n${name}: stopping everything else too (exit 1); start it again with the same command.`;
}
