// Starts the real Stoplight Prism on the spec and resolves once it is listening: as the static
// example mock (`npm run mock`, scripts/mock.mjs), or as a validating proxy in front of a server
// (`upstream`: `npm start` puts it in front of the sandbox, scripts/sandbox-server.ts). Shared
// with the test suites, so they run the same Prism.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const prismBin = join(projectRoot, 'node_modules/@stoplight/prism-cli/dist/index.js');

/** Asks the OS for a free loopback port. */
export function freePort(host = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * @param {{ host?: string, port?: number, spec?: string, logLevel?: string, timeoutMs?: number, inherit?: boolean,
 *   upstream?: string, onLine?: (line: string) => void }} options
 *   `upstream`: run `prism proxy SPEC UPSTREAM` (no `--errors`: violations are reported, answers pass through).
 *   `onLine`: called with each line Prism prints, e.g. to pick out its `Violation:` lines.
 * @returns {Promise<{ url: string, process: import('node:child_process').ChildProcess, stop: () => Promise<void> }>}
 */
export async function startPrism(options = {}) {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? (await freePort(host));
  const spec = options.spec ?? join(projectRoot, 'openapi/openapi.yaml');
  const args = options.upstream
    ? [prismBin, 'proxy', spec, options.upstream, '--host', host, '--port', String(port)]
    : [prismBin, 'mock', spec, '--host', host, '--port', String(port)];
  if (options.logLevel) args.push('--verboseLevel', options.logLevel);
  const displayHost = host.includes(':') ? `[${host}]` : host;
  const url = `http://${displayHost}:${port}`;
  const child = spawn(process.execPath, args, { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] });

  await new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(
      () => fail(new Error(`Prism did not start within ${options.timeoutMs ?? 30000} ms:\n${output}`)),
      options.timeoutMs ?? 30000,
    );
    function fail(error) {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    }
    // Poll over HTTP rather than read the log: a quiet log level prints no "listening" line.
    (async function poll() {
      while (child.exitCode === null) {
        try {
          await fetch(url, { method: 'OPTIONS', signal: AbortSignal.timeout(1000) });
          clearTimeout(timer);
          return resolve();
        } catch {
          await new Promise((r) => setTimeout(r, 50));
        }
      }
    })();
    child.stdout.on('data', (chunk) => {
      output += chunk;
      if (options.inherit) process.stdout.write(chunk);
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
      if (options.inherit) process.stderr.write(chunk);
    });
    child.once('exit', (code) => fail(new Error(`Prism exited with code ${code} before listening:\n${output}`)));
  });
  // Keep draining output so a chatty Prism never blocks on a full pipe.
  if (!options.inherit) {
    child.stdout.resume();
    child.stderr.resume();
  }
  if (options.onLine) {
    const onLine = options.onLine;
    for (const stream of [child.stdout, child.stderr]) {
      let rest = '';
      stream.on('data', (chunk) => {
        const lines = (rest + chunk).split('\n');
        rest = lines.pop() ?? '';
        for (const line of lines) onLine(line);
      });
    }
  }

  return {
    url,
    process: child,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
