// @ts-check
// Runs the Prism CLI inside a child process that cannot outlive the process that started it, and
// that says for itself when it listens. Started by scripts/prism.ts with an IPC channel:
// - when the parent goes away for any reason (also SIGKILL, where it can run no clean-up), the
//   channel closes and this process exits, so no Prism is left holding a port;
// - the parent learns the address from this process's own server (a message over the channel),
//   not by polling a port that another program may be answering on.
// - Prism's code comes as one file with V8's code cache beside it (scripts/prism-bundle.ts says
//   why): this process compiles it from the cache, and writes the cache once Prism listens when
//   there was none or V8 refused it.
// Usage (by scripts/prism.ts only): node prism-child.mjs PRISM_JS ...prism arguments, with
// PRISM_CODE_CACHE=FILE when PRISM_JS is the bundle.
//
// The one script that is JavaScript (checked by tsc through the @ts-check above and JSDoc), not
// TypeScript through tsx: tsx's loader in this process made every Prism start slower (median of
// four starts 11.3 s against 7.9 s without it, on this loaded two-core machine), since Prism's
// own thousands of modules then load through its hooks.
import { readFileSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { Server } from 'node:net';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Script } from 'node:vm';

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
    // Now, so the cache holds every function the start compiled, not only the top level; and
    // before saying "listening", after which the parent may stop this process at any moment.
    saveCodeCache();
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
const codeCache = process.env.PRISM_CODE_CACHE;
/** @type {() => void} */
let saveCodeCache = () => {};
if (codeCache) {
  /** @type {Buffer | undefined} */
  let cachedData;
  try {
    cachedData = readFileSync(codeCache);
  } catch {
    // none yet: this start makes it
  }
  // The bundle is CommonJS: wrapped and run as Node runs a CommonJS module, with a require()
  // that resolves from the bundle's folder (for jsonc-parser, left outside the bundle).
  // (Its first line is the CLI's `#!`, which only Node's own loader skips: made a comment here.)
  const source = readFileSync(cli, 'utf8').replace(/^#!/, '//');
  const compiled = new Script(Module.wrap(source), { filename: cli, cachedData });
  if (!cachedData || compiled.cachedDataRejected) {
    saveCodeCache = () => {
      try {
        const partial = `${codeCache}.${process.pid}.partial`;
        writeFileSync(partial, compiled.createCachedData());
        renameSync(partial, codeCache); // atomic: another Prism starting now reads all of it or none
      } catch {
        // a cache that cannot be written costs the next start time, nothing else
      }
    };
  }
  const module = new Module(cli);
  module.filename = cli;
  const run = compiled.runInThisContext();
  run.call(module.exports, module.exports, createRequire(cli), module, cli, dirname(cli));
} else {
  await import(pathToFileURL(cli).href);
}
