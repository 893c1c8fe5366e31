// Runs the Prism CLI inside a child process that cannot outlive the process that started it, and
// that says for itself when it listens. Started by scripts/prism.mjs with an IPC channel:
// - when the parent goes away for any reason (also SIGKILL, where it can run no clean-up), the
//   channel closes and this process exits, so no Prism is left holding a port;
// - the parent learns the address from this process's own server (a message over the channel),
//   not by polling a port that another program may be answering on.
// Usage (by scripts/prism.mjs only): node prism-child.mjs PRISM_CLI_JS ...prism arguments
import { Server } from 'node:net';
import { pathToFileURL } from 'node:url';

const [cli, ...args] = process.argv.slice(2);
if (!cli || !process.send) {
  console.error('prism-child.mjs is started by scripts/prism.mjs with an IPC channel');
  process.exit(2);
}

process.on('disconnect', () => process.exit(0));

// Prism listens once, on its HTTP server; report where, or why not.
const listen = Server.prototype.listen;
Server.prototype.listen = function (...listenArgs) {
  this.once('listening', () => {
    const address = this.address();
    if (address && typeof address === 'object') process.send?.({ type: 'listening', port: address.port });
  });
  this.once('error', (error) => process.send?.({ type: 'listen-error', code: error.code, message: error.message }));
  return listen.apply(this, listenArgs);
};

process.argv = [process.argv[0], cli, ...args];
await import(pathToFileURL(cli).href);
