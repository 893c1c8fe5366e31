// @ts-check
// Runs the Prism CLI inside a child process that cannot outlive the process that started it, and
// that says for itself when it listens. Started by scripts/prism.ts with an IPC channel:
// - when the parent goes away for any reason (also SIGKILL, where it can run no clean-up), the
//   channel closes and this process exits, so no Prism is left holding a port;
// - the parent learns the address from this process's own server (a message over the channel),
//   not by polling a port that another program may be answering on.
// Usage (by scripts/prism.ts only): node prism-child.mjs PRISM_CLI_JS ...prism arguments
//
// The one script that is JavaScript (checked by tsc through the @ts-check above and JSDoc), not
// TypeScript through tsx: tsx's loader in this process made every Prism start slower (median of
// four starts 11.3 s against 7.9 s without it, on this loaded two-core machine), since Prism's
// own thousands of modules then load through its hooks.
import { writeSync } from 'node:fs';
import { Server } from 'node:net';
import { pathToFileURL } from 'node:url';

const [cli, ...args] = process.argv.slice(2);
if (!cli || !process.send) {
  console.error('prism-child.mjs is started by scripts/prism.ts with an IPC channel');
  process.exit(2);
}

// File descriptor 4 is the parent's own stderr (the terminal): the one place to say why Prism
// stops when the parent cannot say it any more.
const owner = process.env.PRISM_CHILD_OWNER ?? 'the process that started Prism';
const parentPid = process.ppid;
process.on('disconnect', () => {
  try {
    writeSync(
      4,
      `${owner}: its main process (pid ${parentPid}) ended without stopping Prism (killed?); Prism (pid ${process.pid}) stops too, freeing its port.\n`,
    );
  } catch {
    // no terminal to tell
  }
  process.exit(1);
});

// Prism listens once, on its HTTP server; report where, or why not.
const listen = Server.prototype.listen;
/**
 * @this {Server}
 * @param {unknown[]} listenArgs
 */
const listenAndReport = function (...listenArgs) {
  this.once('listening', () => {
    const address = this.address();
    if (address && typeof address === 'object') process.send?.({ type: 'listening', port: address.port });
  });
  this.once('error', (/** @type {NodeJS.ErrnoException} */ error) =>
    process.send?.({ type: 'listen-error', code: error.code, message: error.message }),
  );
  return listen.apply(this, /** @type {Parameters<typeof listen>} */ (listenArgs));
};
Server.prototype.listen = /** @type {typeof listen} */ (listenAndReport);

process.argv = [/** @type {string} */ (process.argv[0]), cli, ...args];
await import(pathToFileURL(cli).href);
