// The client's hostile-server rules in a real browser (Debian's Chromium): there a redirect
// with `redirect: 'manual'` arrives as an opaque redirect (status 0, no Location to read), and
// the browser undoes Content-Encoding before the client counts bytes. A page on one origin
// calls servers on another, with CORS allowed so that only the rule under test can stop it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Behaviour,
  flood,
  type HostileServer,
  MiB,
  redirect,
  startHostileServer,
} from '../support/hostile-server.js';
import { launch, serve } from './support.js';

const root = join(import.meta.dirname, '../..');
let browser: Browser;
let site: Awaited<ReturnType<typeof serve>>;
let dir: string;
const servers: HostileServer[] = [];

/** CORS open to any origin, preflight answered, then the behaviour under test. */
const withCors =
  (behaviour: Behaviour): Behaviour =>
  (response: ServerResponse) => {
    response.setHeader('Access-Control-Allow-Origin', '*');
    response.setHeader('Access-Control-Allow-Methods', 'PUT');
    response.setHeader('Access-Control-Allow-Headers', 'content-type, x-auth-token');
    if (response.req.method === 'OPTIONS') return void response.writeHead(204).end();
    behaviour(response);
  };

async function serveHostile(behaviour: Behaviour) {
  const server = await startHostileServer(withCors(behaviour));
  servers.push(server);
  return server;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ims-hostile-page-'));
  await build({
    entryPoints: [join(root, 'test/browser/page/hostile.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    outfile: join(dir, 'hostile.js'),
    logLevel: 'silent',
  });
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><title>hostile</title><script type="module" src="hostile.js"></script>',
  );
  site = await serve(dir, 'localhost');
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
  await Promise.all(servers.map((s) => s.close()));
  rmSync(dir, { recursive: true, force: true });
});

/** Opens the page against `api` and returns the outcome it shows. */
async function outcomeAgainst(api: string) {
  const page = await browser.newPage();
  try {
    await page.goto(`${site.origin}/?api=${encodeURIComponent(api)}`);
    await page.waitForFunction(() => document.body.dataset.outcome !== undefined, undefined, { timeout: 20_000 });
    return JSON.parse((await page.evaluate(() => document.body.dataset.outcome))!) as {
      kind: string;
      status?: number;
      message: string;
    };
  } finally {
    await page.close();
  }
}

describe('in Chromium, against hostile servers on another origin', () => {
  it('a 307 to a third origin arrives opaque: ImsRedirectError, and the target sees nothing', async () => {
    const elsewhere = await serveHostile((response) => response.writeHead(200).end('{}'));
    const server = await serveHostile(redirect(307, `${elsewhere.url}/steal`));
    const outcome = await outcomeAgainst(server.url);
    expect(outcome).toMatchObject({ kind: 'redirect', status: 0 });
    expect(outcome.message).toMatch(/not followed and nothing was sent there/);
    expect(outcome.message).not.toContain('SECRET');
    expect(server.requests.filter((r) => r.method === 'PUT')).toHaveLength(1);
    expect(elsewhere.requests).toHaveLength(0);
  });

  it('a gzip bomb: the browser inflates it, the client stops at the cap', async () => {
    const server = await serveHostile(flood(200, 300 * MiB, 'gzip'));
    const outcome = await outcomeAgainst(server.url);
    expect(outcome).toMatchObject({ kind: 'too_large', status: 200 });
    expect(outcome.message).toMatch(/larger than maxResponseBytes \(1048576 bytes\)/);
  });

  it('a server that refuses cross-origin requests, and one that is down: the message says both, and how to tell', async () => {
    // No CORS headers: the browser refuses the answer, and fetch says no more than "Failed to fetch".
    const refusing = await startHostileServer((response) => response.writeHead(200).end('{}'));
    servers.push(refusing);
    const down = await startHostileServer((response) => response.end());
    const downUrl = down.url;
    await down.close();
    for (const api of [refusing.url, downUrl]) {
      const outcome = await outcomeAgainst(api);
      expect(outcome.kind).toBe('network');
      expect(outcome.message).toMatch(/may be down, or it refused a cross-origin request \(CORS\)/);
      expect(outcome.message).toMatch(/devtools console/);
      expect(outcome.message).not.toContain('SECRET');
    }
  });
});
