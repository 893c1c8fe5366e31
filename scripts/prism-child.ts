// Runs the Prism CLI inside a child process that cannot outlive the process that started it, and
// that says for itself when it listens. Started by scripts/prism.ts with an IPC channel:
// - when the parent goes away for any reason (also SIGKILL, where it can run no clean-up), the
//   channel closes and this process exits, so no Prism is left holding a port;
// - the parent learns the address from this process's own server (a message over the channel),
//   not by polling a port that another program may be answering on.
// Usage (by scripts/prism.ts only): node --import tsx/esm prism-child.ts PRISM_CLI_JS ...prism arguments
import { writeSync } from 'node:fs';
import { type ListenOptions, Server } from 'node:net';
import { pathToFileURL } from 'node:url';

const [cli, ...args] = process.argv.slice(2);
if (!cli || !process.send) {
  console.error('prism-child.ts is started by scripts/prism.ts with an IPC channel');
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
Server.prototype.listen = function (this: Server, ...listenArgs: [ListenOptions]) {
  this.once('listening', () => {
    const address = this.address();
    if (address && typeof address === 'object') process.send?.({ type: 'listening', port: address.port });
  });
  this.once('error', (error: NodeJS.ErrnoException) =>
    process.send?.({ type: 'listen-error', code: error.code, message: error.message }),
  );
  return listen.apply(this, listenArgs);
} as typeof listen;

process.argv = [process.argv[0]!, cli, ...args];
await import(pathToFileURL(cli).href);
