// `npm run verify` against real local servers: a conforming one comes out clean, a drifting one
// has each of its drifts reported with path and rule, and bad arguments exit 2 naming the
// option. Most cases call verify in-process (same code, no tsx start-up per case); the CLI
// itself (exit status, environment) runs as a real child process.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operationRules } from '../generated/contract.js';
import { type Result, verify as verifyInProcess } from '../scripts/verify/index.js';
import { probesByOperation } from '../scripts/verify/probes/index.js';
import { startContractServer } from './support/contract-servers.js';
import { imageId, memberId } from './support/spec.js';

const root = join(import.meta.dirname, '..');
const tsx = join(root, 'node_modules/tsx/dist/cli.mjs');

function cli(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const clean = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !/^(IMS_TOKEN|HUAWEICLOUD_SDK_)/.test(k)),
    );
    execFile(
      process.execPath,
      [tsx, join(root, 'scripts/verify/main.ts'), ...args],
      { cwd: root, timeout: 60_000, env: { ...clean, ...env } },
      (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** Runs verify in this process with a clean environment plus `env`. */
async function verify(args: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await verifyInProcess(args, {
    env,
    out: (text) => (stdout += `${text}\n`),
    err: (text) => (stderr += `${text}\n`),
  });
  return { code, stdout, stderr };
}

let conforming: Awaited<ReturnType<typeof startContractServer>>;
let drifting: Awaited<ReturnType<typeof startContractServer>>;
beforeAll(async () => {
  [conforming, drifting] = await Promise.all([startContractServer('conforming'), startContractServer('drifting')]);
});
afterAll(async () => {
  await Promise.all([conforming.close(), drifting.close()]);
});

// These servers answer the v2 member update only: verify probes just that operation of the
// contract here (test/verify-jobs.test.ts covers the others).
const v2Only = ['--operations', 'updateImageMemberStatus'];

const common = (url: string) => [
  '--base-url',
  url,
  '--token',
  'secret-token-123',
  '--image-id',
  imageId,
  '--member-id',
  memberId,
  ...v2Only,
];

describe('npm run verify', () => {
  // The two cases that start the CLI as a child process (tsx compiling verify at each start) wait
  // for it side by side.
  it.concurrent('a conforming server: every answer conforms, exit 0, a table and a progress line per request (the CLI)', async () => {
    const { code, stdout, stderr } = await cli([...common(conforming.url), '--status', 'accepted']);
    expect(code, stdout + stderr).toBe(0);
    expect(stdout).toMatch(/^request\s+expected\s+got\s+violations/m);
    expect(stdout).toMatch(/All 6 answers conform to the contract\./);
    expect(stderr.match(/^\[\d\/6\] /gm)).toHaveLength(6);
    expect(stdout + stderr).not.toContain('secret-token-123');
  });

  it.concurrent('secrets from the environment: IMS_TOKEN, or the SDK AK/SK variables', async () => {
    const ids = ['--image-id', imageId, '--member-id', memberId, ...v2Only];
    const byToken = await cli(['--base-url', conforming.url, ...ids], { IMS_TOKEN: 'env-token-456' });
    expect(byToken.code, byToken.stdout + byToken.stderr).toBe(0);
    const byAkSk = await verify(['--base-url', conforming.url, ...ids], {
      HUAWEICLOUD_SDK_AK: 'AK',
      HUAWEICLOUD_SDK_SK: 'env-sk-789',
      HUAWEICLOUD_SDK_PROJECT_ID: 'p',
    });
    expect(byAkSk.code, byAkSk.stdout + byAkSk.stderr).toBe(0);
    expect(byToken.stdout + byToken.stderr + byAkSk.stdout + byAkSk.stderr).not.toMatch(/env-token-456|env-sk-789/);
  });

  it('a drifting server: each drift reported with path and rule, exit 1', async () => {
    const { code, stdout } = await verify([...common(drifting.url), '--status', 'accepted', '--json']);
    expect(code).toBe(1);
    const { conforms, results } = JSON.parse(stdout) as { conforms: boolean; results: Result[] };
    expect(conforms).toBe(false);
    const by = (label: RegExp) => results.find((r) => label.test(r.request))!;
    const rules = (label: RegExp) => by(label).violations.map((v) => `${v.path} ${v.rule}`);
    expect(rules(/^update/)).toEqual(expect.arrayContaining(['$ required', '$.status enum'])); // missing field, wrong enum value
    expect(by(/^update/).violations.find((v) => v.rule === 'required')!.message).toMatch(/created_at/);
    expect(by(/invalid status/)).toMatchObject({ got: 422 }); // undeclared status
    expect(rules(/invalid status/)).toEqual(['$ expected', '$ status']);
    expect(by(/invalid status/).violations.some((v) => /not declared/.test(v.message))).toBe(true);
    expect(rules(/unknown image/)).toEqual(expect.arrayContaining(['$ content-type'])); // HTML error page
    expect(rules(/no token/)).toEqual(['$ content-type']); // wrong content type
    expect(rules(/status missing/)).toEqual(expect.arrayContaining(['$ anyOf'])); // in none of the three shapes
    expect(by(/body missing/)).toMatchObject({ conforms: true });
  });

  it('AK/SK options sign the requests', async () => {
    const { code, stdout } = await verify([
      '--base-url',
      conforming.url,
      '--ak',
      'AK',
      '--sk',
      'sk-secret-xyz',
      '--project-id',
      'p',
      '--image-id',
      imageId,
      '--member-id',
      memberId,
      ...v2Only,
    ]);
    expect(code, stdout).toBe(0);
    expect(stdout).not.toContain('sk-secret-xyz');
  });

  it('an unreachable server is reported per request, not a crash', async () => {
    const { code, stdout } = await verify([
      '--base-url',
      'http://127.0.0.1:9',
      '--token',
      't',
      '--image-id',
      imageId,
      '--member-id',
      memberId,
      '--timeout-ms',
      '2000',
      '--json',
      ...v2Only,
    ]);
    expect(code).toBe(1);
    const { results } = JSON.parse(stdout) as { results: Result[] };
    expect(results).toHaveLength(5);
    for (const r of results) expect(r.violations[0]).toMatchObject({ rule: 'answer' });
  });

  it('--concurrency N: at most N probes in flight, rows and progress as one at a time, a real change sent alone', async () => {
    // A server that answers every request after a few ms and logs when each arrives and ends:
    // what verify had in flight at any moment, and what overlapped what.
    const log: { at: 'start' | 'end'; n: number; inFlight: number; method: string; url: string; body: string }[] = [];
    let inFlight = 0;
    let count = 0;
    const slow = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        const n = count++;
        const seen = { n, method: request.method!, url: request.url!, body };
        log.push({ at: 'start', inFlight: ++inFlight, ...seen });
        setTimeout(() => {
          log.push({ at: 'end', inFlight: --inFlight, ...seen });
          response.writeHead(400, { 'Content-Type': 'application/json' }).end('{}');
        }, 10);
      });
    });
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(slow.address() as AddressInfo).port}`;
    const share = 'f'.repeat(32);
    // Runs of probes before the update, between it and the share, and after the share's three.
    const operations = ['--operations', 'updateImageMemberStatus,showMemberSchema,addImageMember'];
    const ids = ['--image-id', imageId, '--member-id', memberId];
    const args = ['--base-url', url, '--token', 't', ...ids, ...operations, '--json'];
    const changes = ['--status', 'accepted', '--share', share];
    try {
      const one = await verify([...args, ...changes]);
      expect(Math.max(...log.map((e) => e.inFlight))).toBe(1);
      log.length = 0;
      const four = await verify([...args, ...changes, '--concurrency', '4']);
      expect(Math.max(...log.map((e) => e.inFlight))).toBe(4);
      // The same rows in the same (planned) order, and a progress line per answer, counted up.
      const rows = (stdout: string) => (JSON.parse(stdout) as { results: Result[] }).results.map((r) => r.request);
      expect(rows(four.stdout)).toEqual(rows(one.stdout));
      const progress = four.stderr.match(/^\[\d+\/\d+\]/gm)!;
      expect(progress).toEqual(rows(four.stdout).map((_, i) => `[${i + 1}/${progress.length}]`));
      // The update, the share, its revoke and the revoked member's read: each the only request
      // in flight from its start to its end.
      const alone = log.filter(
        (e) =>
          e.at === 'start' && (e.url.includes(share) || e.body.includes(share) || e.body === '{"status":"accepted"}'),
      );
      expect(alone.map((e) => e.method).sort()).toEqual(['DELETE', 'GET', 'POST', 'PUT']);
      for (const { n } of alone) {
        const at = log.findIndex((e) => e.at === 'start' && e.n === n);
        expect(log[at]!.inFlight).toBe(1);
        expect(log[at + 1]).toMatchObject({ at: 'end', n });
      }
    } finally {
      slow.closeAllConnections();
      await new Promise((resolve) => slow.close(resolve));
    }
  });

  it('probes: one module per operation, named by its operation ID, each in the registry', () => {
    // The registry's type (Record<OperationId, ...>) makes a missing entry a compile error; this
    // holds the folder to the same names, so a module is never named otherwise or left unlisted.
    const helpers = ['index.ts', 'declared.ts'];
    const modules = readdirSync(join(root, 'scripts/verify/probes')).filter((name) => !helpers.includes(name));
    const operations = Object.keys(operationRules);
    expect(modules.sort()).toEqual(operations.map((id) => `${id}.ts`).sort());
    expect(Object.keys(probesByOperation).sort()).toEqual([...operations].sort());
    const registry = readFileSync(join(root, 'scripts/verify/probes/index.ts'), 'utf8');
    for (const id of operations) expect(registry).toContain(`from './${id}.js'`);
  });

  it('docs/verify.md documents every flag the usage names, and no other', async () => {
    const { stdout } = await verify(['--help']);
    const flags = (text: string) => [...new Set(text.match(/--[a-z][a-z-]+/g))].sort();
    const table = readFileSync(join(root, 'docs/verify.md'), 'utf8')
      .split('\n')
      .filter((line) => /^\| `--/.test(line))
      .map((line) => line.split(' | ')[0]!)
      .join(' ');
    expect(flags(table)).toEqual(flags(`${stdout} --help`));
  });

  const bad: [string, string[], RegExp][] = [
    ['no base URL', ['--token', 't', '--image-id', imageId, '--member-id', memberId], /--base-url is required/],
    [
      'a relative base URL',
      ['--base-url', 'ims.local', '--token', 't', '--image-id', imageId, '--member-id', memberId],
      /--base-url must be an absolute http\(s\) URL/,
    ],
    [
      'no authentication',
      ['--base-url', 'http://x', '--image-id', imageId, '--member-id', memberId],
      /--token, or --ak with --sk and --project-id, is required/,
    ],
    ['token and AK/SK', [...common('http://x'), '--ak', 'a'], /--token cannot be combined/],
    [
      'a project ID alone',
      ['--base-url', 'http://x', '--project-id', 'p', '--image-id', imageId, '--member-id', memberId],
      /--project-id alone does not authenticate: add --token, or --ak and --sk/,
    ],
    [
      'a project ID that cannot be one path segment',
      ['--base-url', 'http://x', '--token', 't', '--image-id', imageId, '--member-id', memberId, '--project-id', '..'],
      /--project-id breaks the contract: project_id must match pattern/,
    ],
    ['an empty project ID with a token', [...common('http://x'), '--project-id', ''], /--project-id must not be empty/],
    [
      'an unknown status',
      [...common('http://x'), '--status', 'pending'],
      /--status must be one of accepted, rejected, got "pending"/,
    ],
    [
      'vault_id with reject',
      [...common('http://x'), '--status', 'rejected', '--vault-id', 'v'],
      /--vault-id goes only with --status accepted/,
    ],
    ['an unknown option', [...common('http://x'), '--colour'], /Unknown option '--colour'/],
    ['a bad timeout', [...common('http://x'), '--timeout-ms', '0'], /--timeout-ms must be a positive whole number/],
    [
      'a concurrency of 0',
      [...common('http://x'), '--concurrency', '0'],
      /--concurrency must be a whole number from 1 to 32, got 0$/m,
    ],
    [
      'a concurrency past the most',
      [...common('http://x'), '--concurrency', '33'],
      /--concurrency must be a whole number from 1 to 32, got 33$/m,
    ],
    [
      'a negative timeout',
      [...common('http://x'), '--timeout-ms', '-5'],
      /--timeout-ms must be a positive whole number of milliseconds, got -5$/m,
    ],
    [
      'a timeout past what a timer can wait',
      [...common('http://x'), '--timeout-ms', '2147483648'],
      /--timeout-ms must be at most 2147483647 ms/,
    ],
    ['an option without its value', [...common('http://x'), '--timeout-ms'], /--timeout-ms needs a value/],
    [
      'a flag given twice',
      [...common('http://x'), '--token', 'other'],
      /--token was given more than once: give it once/,
    ],
    [
      'an image ID that breaks the contract (not a UUID)',
      ['--base-url', 'http://x', '--token', 't', '--image-id', 'not-a-uuid', '--member-id', memberId],
      /--image-id "not-a-uuid" breaks the contract: image_id must match pattern "\^\[0-9a-fA-F\]\{8\}/,
    ],
    [
      'a member ID with a slash',
      ['--base-url', 'http://x', '--token', 't', '--image-id', imageId, '--member-id', 'a/b'],
      /--member-id "a\/b" breaks the contract: member_id must match pattern/,
    ],
    [
      'a member ID over 255 characters',
      ['--base-url', 'http://x', '--token', 't', '--image-id', imageId, '--member-id', 'm'.repeat(256)],
      /--member-id "m{60}"\.\.\. \(256 characters\) breaks the contract: member_id must NOT have more than 255 characters/,
    ],
  ];
  for (const [label, args, message] of bad) {
    it(`bad arguments: ${label} -> exit 2 with usage`, async () => {
      const { code, stderr } = await verify(args);
      expect(code).toBe(2);
      expect(stderr).toMatch(message);
      expect(stderr).toMatch(/Usage: npm run verify/);
    });
  }

  const unsendable: [string, string][] = [
    ['a line break', 'tok-SECRET\r\nX-Injected: 1'],
    ['a NUL', 'tok-SECRET\u0000x'],
    ['a non-Latin-1 character', 'tok-SECRET-令牌'],
  ];
  for (const [label, token] of unsendable) {
    it(`a token with ${label}: exit 2 naming the option, never quoting it`, async () => {
      const byFlag = await verify([
        '--base-url',
        'http://x',
        '--token',
        token,
        '--image-id',
        imageId,
        '--member-id',
        memberId,
      ]);
      expect(byFlag.code).toBe(2);
      expect(byFlag.stderr).toMatch(/--token must /);
      const byEnv = await verify(['--base-url', 'http://x', '--image-id', imageId, '--member-id', memberId], {
        IMS_TOKEN: token,
      });
      expect(byEnv.code).toBe(2);
      expect(byEnv.stderr).toMatch(/IMS_TOKEN must /);
      expect(byFlag.stderr + byEnv.stderr).not.toContain('SECRET');
    });
  }
});
