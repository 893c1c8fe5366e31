// A real OpenStack Glance (Debian's `glance-api` package) on 127.0.0.1, for the differential
// tests (`npm run test:glance`). Everything it writes lives in one temporary directory (config,
// sqlite database, image store, log): nothing under /etc/glance or /var/lib/glance is read or
// written, and the port is a free one, never Glance's usual 9292.
//
// No keystone: the paste pipeline keeps Glance's `context` filter (which builds the caller from
// `X-Identity-Status`, `X-User-Id`, `X-Project-Id`, `X-Roles` headers) and drops `authtoken`, and
// `allow_anonymous_access = False` turns a request without those headers into 401. The identity
// proxy (./identity-proxy.ts) puts those headers on requests that carry a known token.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, projectRoot } from '../prism.js';

const run = promisify(execFile);

/** What `glance-api` needs that a machine with only Node and npm lacks: the exact line to run. */
export const INSTALL_HINT = [
  'Debian packages are missing. Install them without letting the package start a server on 0.0.0.0:9292:',
  "  printf '#!/bin/sh\\nexit 101\\n' | sudo tee /usr/sbin/policy-rc.d && sudo chmod +x /usr/sbin/policy-rc.d",
  '  sudo apt-get update && sudo apt-get install -y --no-install-recommends glance-api python3-glanceclient',
  '  sudo rm /usr/sbin/policy-rc.d',
].join('\n');

/** Where Debian puts Glance's programs; GLANCE_BIN_DIR points elsewhere (a test points it at nothing). */
const binDir = () => process.env.GLANCE_BIN_DIR ?? '/usr/bin';

/** Thrown when Debian's Glance is not installed; its message says what to install. */
export class GlanceMissingError extends Error {
  constructor(missing: string[]) {
    super(`npm run test:glance needs a real Glance: ${missing.join(', ')} not found.\n${INSTALL_HINT}`);
    this.name = 'GlanceMissingError';
  }
}

/** The paths of Glance's programs; throws GlanceMissingError naming the missing ones. */
export function glanceBinaries() {
  const binaries = {
    api: join(binDir(), 'glance-api'),
    manage: join(binDir(), 'glance-manage'),
    cli: join(binDir(), 'glance'),
  };
  const missing = Object.values(binaries).filter((file) => !existsSync(file));
  if (missing.length) throw new GlanceMissingError(missing);
  return binaries;
}

// The keystone-free pipeline: Debian's `glance-api-keystone` pipeline without `authtoken`, so
// `context` reads the identity headers. Only the filters the pipeline names are declared.
const pasteIni = (healthcheckOffFile: string) => `
[pipeline:glance-api-headers]
pipeline = cors healthcheck http_proxy_to_wsgi versionnegotiation osprofiler context rootapp

[composite:rootapp]
paste.composite_factory = glance.api:root_app_factory
/: apiversions
/v2: apiv2app

[app:apiversions]
paste.app_factory = glance.api.versions:create_resource

[app:apiv2app]
paste.app_factory = glance.api.v2.router:API.factory

[filter:healthcheck]
paste.filter_factory = oslo_middleware:Healthcheck.factory
backends = disable_by_file
disable_by_file_path = ${healthcheckOffFile}

[filter:versionnegotiation]
paste.filter_factory = glance.api.middleware.version_negotiation:VersionNegotiationFilter.factory

[filter:context]
paste.filter_factory = glance.api.middleware.context:ContextMiddleware.factory

[filter:osprofiler]
paste.filter_factory = osprofiler.web:WsgiMiddleware.factory

[filter:cors]
paste.filter_factory = oslo_middleware.cors:filter_factory
oslo_config_project = glance
oslo_config_program = glance-api

[filter:http_proxy_to_wsgi]
paste.filter_factory = oslo_middleware:HTTPProxyToWSGI.factory
`;

const apiConf = (dir: string, port: number) => `
[DEFAULT]
bind_host = 127.0.0.1
bind_port = ${port}
# One process: the eventlet server itself, so one process group holds all of Glance.
workers = 0
allow_anonymous_access = False
use_stderr = False
log_file = ${join(dir, 'glance-api.log')}

[database]
connection = sqlite:///${join(dir, 'glance.sqlite')}

[glance_store]
stores = file
default_store = file
filesystem_store_datadir = ${join(dir, 'images')}

[oslo_concurrency]
lock_path = ${join(dir, 'lock')}

[paste_deploy]
flavor = headers
config_file = ${join(dir, 'glance-api-paste.ini')}
`;

/**
 * The empty database Glance's migrations build. `glance-manage db_sync` takes seconds (a Python
 * start and dozens of migrations), and its result depends only on the installed Glance, so the
 * first run keeps a copy under node_modules/.cache keyed by the package version, and later runs
 * copy it. Without dpkg (no version to key by) every run migrates.
 */
async function createDatabase(manage: string, configArgs: string[], file: string) {
  let version: string | undefined;
  try {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query's own field syntax, not a template
    version = (await run('dpkg-query', ['-W', '-f', '${Version}', 'glance-common'])).stdout.trim() || undefined;
  } catch {
    // not a Debian system: no cache
  }
  const template = version && join(projectRoot, 'node_modules/.cache/ims-glance', `glance-${version}.sqlite`);
  if (template && existsSync(template)) return copyFileSync(template, file);
  await run(manage, [...configArgs, 'db_sync'], { timeout: 120_000 });
  if (!template) return;
  mkdirSync(dirname(template), { recursive: true });
  // Written aside, then renamed: a run that stops halfway never leaves a half-copied template.
  copyFileSync(file, `${template}.${process.pid}`);
  renameSync(`${template}.${process.pid}`, template);
}

export interface RunningGlance {
  /** Glance itself: it trusts identity headers, so only the identity proxy should call it. */
  url: string;
  pid: number;
  dir: string;
  /** The end of Glance's log, for failure messages. */
  log(): string;
  stop(): Promise<void>;
}

/** Kills a whole process group, ignoring one that is already gone. */
function killGroup(pid: number, signal: NodeJS.Signals) {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

/**
 * Starts Glance from Debian's package on a free 127.0.0.1 port in a fresh temporary directory
 * (`glance-manage db_sync` first) and resolves once it answers its healthcheck. The server runs
 * in its own process group; `stop()` kills that group and removes the directory, and an exit
 * handler does the same if the caller never gets to call it.
 */
export async function startGlance(options: { timeoutMs?: number } = {}): Promise<RunningGlance> {
  const bin = glanceBinaries();
  const dir = mkdtempSync(join(tmpdir(), 'ims-glance-'));
  const port = await freePort();
  writeFileSync(join(dir, 'glance-api-paste.ini'), pasteIni(join(dir, 'healthcheck-off')));
  writeFileSync(join(dir, 'glance-api.conf'), apiConf(dir, port));
  const configArgs = ['--config-file', join(dir, 'glance-api.conf')];
  const log = () => {
    try {
      return readFileSync(join(dir, 'glance-api.log'), 'utf8').split('\n').slice(-30).join('\n');
    } catch {
      return '(no log)';
    }
  };
  try {
    await createDatabase(bin.manage, configArgs, join(dir, 'glance.sqlite'));
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`glance-manage db_sync failed: ${(error as Error).message}`);
  }

  const child: ChildProcess = spawn(bin.api, configArgs, { detached: true, stdio: 'ignore' });
  const pid = child.pid!;
  // Should this process end without stop() (a crash, Ctrl-C), Glance must not outlive it.
  const onExit = () => {
    killGroup(pid, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  const onSignal = (signal: NodeJS.Signals) => {
    onExit();
    process.kill(process.pid, signal);
  };
  process.once('exit', onExit);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, onSignal);

  const url = `http://127.0.0.1:${port}`;
  let stopped = false;
  async function stop() {
    if (stopped) return;
    stopped = true;
    process.off('exit', onExit);
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.off(signal, onSignal);
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      killGroup(pid, 'SIGTERM');
      // eventlet waits for open connections; a test run does not wait for it.
      const timer = setTimeout(() => killGroup(pid, 'SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    killGroup(pid, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }

  const deadline = Date.now() + (options.timeoutMs ?? 90_000);
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      const text = log();
      await stop();
      throw new Error(`glance-api exited (${child.exitCode ?? child.signalCode}) before it answered:\n${text}`);
    }
    try {
      const answer = await fetch(`${url}/healthcheck`, { signal: AbortSignal.timeout(1_000) });
      if (answer.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      const text = log();
      await stop();
      throw new Error(`glance-api did not answer within ${options.timeoutMs ?? 90_000} ms:\n${text}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { url, pid, dir, log, stop };
}
