// The rest of the project against the same real Glance, and a real OpenStack client against the
// sandbox: `npm run verify` on Glance, the client's accept, reject and typed 403/404 through the
// identity proxy, and Debian's `glance` CLI (python3-glanceclient) against Glance and against
// `npm start` serving the same world.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeader, type OperationId, operationRules } from '../../generated/contract.js';
import spec from '../../generated/openapi.json' with { type: 'json' };
import { createGlanceWorld, type GlanceWorld } from '../../scripts/glance/fixtures.js';
import { GlanceMissingError, glanceBinaries, INSTALL_HINT } from '../../scripts/glance/glance.js';
import { type IdentityProxy, startIdentityProxy } from '../../scripts/glance/identity-proxy.js';
import { freePort, projectRoot } from '../../scripts/prism.js';
import { createImsClient, ImsApiError } from '../../src/index.js';
import { createContractValidator } from '../../src/validate.js';
import { glanceUrl } from './harness.js';

const run = promisify(execFile);
let proxy: IdentityProxy;
let glance: GlanceWorld;
let dir: string;

beforeAll(async () => {
  proxy = await startIdentityProxy(glanceUrl());
  glance = await createGlanceWorld(proxy);
  dir = mkdtempSync(join(tmpdir(), 'ims-glance-tools-'));
});
afterAll(async () => {
  await proxy?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Runs a command; resolves with its exit code and output instead of throwing on a non-zero exit. */
async function exec(file: string, args: string[], env: NodeJS.ProcessEnv = process.env) {
  try {
    const { stdout, stderr } = await run(file, args, { cwd: projectRoot, env, timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number | string; stdout?: string; stderr?: string };
    return {
      code: typeof e.code === 'number' ? e.code : -1,
      stdout: e.stdout ?? '',
      stderr: e.stderr ?? String(e.code),
    };
  }
}

/** Debian's OpenStack CLI: `member-update IMAGE MEMBER STATUS` against an image API URL. */
const glanceCli = (url: string, token: string, image: string, member: string, status: string) =>
  exec(glanceBinaries().cli, [
    '--os-image-url',
    url,
    '--os-auth-token',
    token,
    '--os-image-api-version',
    '2',
    'member-update',
    image,
    member,
    status,
  ]);

describe('a missing Glance', () => {
  it('fails with the exact packages to install', () => {
    const before = process.env.GLANCE_BIN_DIR;
    process.env.GLANCE_BIN_DIR = join(tmpdir(), 'no-glance-here');
    try {
      expect(() => glanceBinaries()).toThrow(GlanceMissingError);
      expect(() => glanceBinaries()).toThrow(/glance-api.*not found/);
    } finally {
      if (before === undefined) delete process.env.GLANCE_BIN_DIR;
      else process.env.GLANCE_BIN_DIR = before;
    }
    expect(INSTALL_HINT).toMatch(/apt-get install -y --no-install-recommends glance-api python3-glanceclient/);
    expect(INSTALL_HINT).toMatch(/policy-rc\.d/);
  });
});

describe('Glance never outlives the process that started it', () => {
  it('a process that crashes without stopping it takes its Glance and its directory down too (the exit handler)', async () => {
    const child = spawn(join(projectRoot, 'node_modules/.bin/tsx'), ['scripts/glance/run.ts', '--crash'], {
      cwd: projectRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk) => (stdout += chunk));
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(stderr).toContain('crashing on purpose');
    expect(code).not.toBe(0);
    const { glancePid, glanceDir } = JSON.parse(stdout.trim().split('\n').at(-1)!) as {
      glancePid: number;
      glanceDir: string;
    };
    expect(glancePid).toBeGreaterThan(1);
    // Gone, or a zombie no one has reaped yet: either way no longer running or listening.
    const running = () => {
      try {
        return !readFileSync(`/proc/${glancePid}/stat`, 'utf8').split(') ')[1]!.startsWith('Z');
      } catch {
        return false;
      }
    };
    for (let i = 0; i < 50 && running(); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(running()).toBe(false);
    expect(existsSync(glanceDir), `${glanceDir} left behind`).toBe(false);
  });
});

/**
 * The operations Glance itself serves. The v1 ones (the batch update and its job) are IMS's own:
 * Glance has no v1 API, and its version negotiation answers their paths with 300 Multiple Choices.
 */
const glanceOperations = ['updateImageMemberStatus', 'showMemberSchema'] satisfies OperationId[];

describe('npm run verify against the real Glance', () => {
  it('finds Glance conforming on the operations it serves (the v2 call and the member schema), the real update included', async () => {
    const result = await exec('npm', [
      'run',
      '--silent',
      'verify',
      '--',
      '--base-url',
      proxy.url,
      '--token',
      glance.tokens.member,
      '--image-id',
      glance.images.shared,
      '--member-id',
      glance.projects.member,
      '--status',
      'accepted',
      '--operations',
      glanceOperations.join(','),
      '--json',
    ]);
    const report = JSON.parse(result.stdout) as {
      conforms: boolean;
      results: { request: string; conforms: boolean; violations: unknown[] }[];
    };
    const broken = report.results.filter((r) => !r.conforms);
    expect(broken, result.stderr).toEqual([]);
    expect(report.results.length).toBeGreaterThanOrEqual(6);
    expect(result.code).toBe(0);
  });
});

describe('the client against the real Glance', () => {
  const clientOf = (token: string) =>
    createImsClient({ baseUrl: proxy.url, token, retry: false, validator: createContractValidator() });

  it('accepts and rejects, echoing the URL, with the times Glance keeps', async () => {
    const member = clientOf(glance.tokens.other_member);
    const accepted = await member.acceptSharedImage(glance.images.shared, glance.projects.other_member);
    expect(accepted).toMatchObject({
      status: 'accepted',
      image_id: glance.images.shared,
      member_id: glance.projects.other_member,
    });
    const rejected = await member.rejectSharedImage(glance.images.shared, glance.projects.other_member);
    expect(rejected.status).toBe('rejected');
    expect(rejected.created_at).toBe(accepted.created_at);
    const again = await member.rejectSharedImage(glance.images.shared, glance.projects.other_member);
    expect(again.updated_at).toBe(rejected.updated_at);
  });

  // Glance answers errors in JSON only to `Accept: application/json`; to anything else (`*/*`,
  // what fetch sends by default) an HTML page. A client that wants JSON must say so.
  it("reads Glance's 401, 403 (the owner) and 404 (a stranger, a made-private image) as typed ImsApiErrors with their reason", async () => {
    const failure = async (promise: Promise<unknown>) => {
      const error = await promise.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error, JSON.stringify(error)).toBeInstanceOf(ImsApiError);
      return error as ImsApiError;
    };
    const owner = await failure(
      clientOf(glance.tokens.owner).acceptSharedImage(glance.images.shared, glance.projects.member),
    );
    expect({ status: owner.status, code: owner.code, reason: owner.reason }).toEqual({
      status: 403,
      code: '403 Forbidden',
      reason: 'owner_cannot_set_status',
    });
    expect(owner.message).toMatch(/Not allowed to update members for image/);
    expect(owner.requestId).toMatch(/^req-/);

    const stranger = await failure(
      clientOf(glance.tokens.stranger).acceptSharedImage(glance.images.shared, glance.projects.stranger),
    );
    expect({ status: stranger.status, code: stranger.code, reason: stranger.reason }).toEqual({
      status: 404,
      code: '404 Not Found',
      reason: 'image_not_found',
    });
    const hidden = await failure(
      clientOf(glance.tokens.member).rejectSharedImage(glance.images.made_private, glance.projects.member),
    );
    expect([hidden.status, hidden.reason]).toEqual([404, 'image_not_found']);
    expect(hidden.message).toContain(glance.images.made_private);
    const noIdentity = await failure(
      clientOf('a-token-nobody-issued').acceptSharedImage(glance.images.shared, glance.projects.member),
    );
    expect([noIdentity.status, noIdentity.reason]).toEqual([401, 'token_invalid']);
    expect(JSON.stringify(noIdentity)).not.toContain('a-token-nobody-issued');
  });
});

describe('the member schema', () => {
  it("Glance serves exactly the spec's example at the path every member answer names, to callers with an identity", async () => {
    const rules = operationRules.showMemberSchema;
    const examples = (
      spec.components.responses.MemberSchemaShown.content as Record<
        string,
        { examples: Record<string, { value: unknown }> }
      >
    )['application/json']!.examples;
    const url = `${proxy.url}${rules.path}`;
    const answer = await fetch(url, { headers: { [authHeader]: glance.tokens.stranger, Accept: 'application/json' } });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await answer.json()).toEqual(Object.values(examples)[0]!.value);
    const anonymous = await fetch(url, { headers: { Accept: 'application/json' } });
    expect(anonymous.status).toBe(401);
  });
});

describe("Debian's glance CLI (python3-glanceclient)", () => {
  it('member-update works against the real Glance', async () => {
    const result = await glanceCli(
      proxy.url,
      glance.tokens.member,
      glance.images.shared,
      glance.projects.member,
      'accepted',
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      new RegExp(`${glance.images.shared}\\s*\\|\\s*${glance.projects.member}\\s*\\|\\s*accepted`),
    );
  });

  it('member-update works against npm start serving the same world', async () => {
    const worldFile = join(dir, 'world.json');
    writeFileSync(worldFile, JSON.stringify(glance.world, null, 2));
    const port = await freePort();
    const server = spawn('npm', ['start', '--', '--world', worldFile], {
      cwd: projectRoot,
      env: { ...process.env, PORT: String(port) },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Should the run end abruptly, npm start and its children (tsx, Prism) must not outlive it.
    const killOnExit = () => {
      try {
        process.kill(-server.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    process.once('exit', killOnExit);
    let output = '';
    server.stdout!.on('data', (chunk) => (output += chunk));
    server.stderr!.on('data', (chunk) => (output += chunk));
    try {
      await until(server, `http://127.0.0.1:${port}`, () => output);
      const result = await glanceCli(
        `http://127.0.0.1:${port}`,
        glance.tokens.member,
        glance.images.shared,
        glance.projects.member,
        'accepted',
      );
      expect(`${result.stdout}${result.stderr}`).not.toContain("'str' object has no attribute 'get'");
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toMatch(
        new RegExp(`${glance.images.shared}\\s*\\|\\s*${glance.projects.member}\\s*\\|\\s*accepted`),
      );
    } finally {
      await stopGroup(server);
      process.off('exit', killOnExit);
    }
  });
});

/** Waits until `npm start` answers on its port (any status), or fails with what it printed. */
async function until(child: ChildProcess, url: string, output: () => string) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`npm start exited ${child.exitCode}:\n${output()}`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(1_000) });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  throw new Error(`npm start did not answer within 60 s:\n${output()}`);
}

/** Stops `npm start` and everything it started (tsx, Prism): the whole process group. */
async function stopGroup(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    process.kill(-child.pid!, 'SIGTERM');
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // gone
    }
  }, 5_000);
  await exited;
  clearTimeout(timer);
}
