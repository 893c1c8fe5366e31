// The sandbox as `npm start` serves it: on node:http behind real Prism in proxy mode (one for the
// run, from the global setup). Every scenario of the table over HTTP with Prism checking it, the
// control surface on both ports, CORS through the proxy, and `npm run verify` against it.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { authHeader, exampleIds, expandPath, operationRules } from '../generated/contract.js';
import { freePort } from '../scripts/prism.js';
import { MAX_REQUEST_BYTES, serveSandbox, startSandbox } from '../scripts/sandbox-server.js';
import { verify } from '../scripts/verify/index.js';
import { createSandbox, defaultWorld, type Sandbox, scenarios } from '../src/sandbox/index.js';
import { createContractValidator } from '../src/validate.js';
import { answerViolations } from './support/operation-answers.js';
import { running } from './support/servers.js';

const contract = createContractValidator();
const root = join(import.meta.dirname, '..');
let url: string;
let direct: string;
type Violation = { location: string[]; severity: string; message: string };
const projectOf = (name: string) => defaultWorld.projects[name]!;
const violationsOf = (response: Response) => JSON.parse(response.headers.get('sl-violations') ?? '[]') as Violation[];

beforeAll(async () => {
  url = await running('sandboxUrl');
  direct = await running('sandboxDirectUrl');
  expect((await fetch(`${direct}/__sandbox/reset`, { method: 'POST' })).status).toBe(200);
});

describe('every scenario of the table, through Prism proxy', () => {
  for (const scenario of scenarios) {
    it(`${scenario.name}: ${scenario.status} ${scenario.example}`, async () => {
      const { method, path, headers, body } = scenario.request;
      const response = await fetch(`${url}${path}`, { method, headers, body, signal: AbortSignal.timeout(5000) });
      expect(response.status).toBe(scenario.status);
      // A deleted member's 204: no body, and nothing for Prism to object to.
      if (scenario.status === 204) {
        expect(await response.text()).toBe('');
        expect(violationsOf(response)).toEqual([]);
        return;
      }
      const answer = await response.json();
      expect(answerViolations(scenario.operation ?? 'updateImageMemberStatus', response.status, answer)).toEqual([]);
      const violations = violationsOf(response);
      expect(violations.filter((v) => v.location[0] !== 'request')).toEqual([]);
      // A request the contract admits draws no violation at all; the table's invalid ones draw request violations.
      // A body that is not JSON (the table has one: Glance's "Malformed JSON") is never admitted.
      const parsed = (() => {
        try {
          return body === undefined || body === '' ? undefined : { value: JSON.parse(body) as unknown };
        } catch {
          return undefined;
        }
      })();
      const admitted =
        parsed !== undefined &&
        contract.validateRequestBody(parsed.value, 'updateImageMemberStatus').valid &&
        authHeader in headers &&
        scenario.status !== 401;
      if (admitted) expect(violations).toEqual([]);
      if (scenario.status === 200 && scenario.operation === undefined)
        expect(answer).toMatchObject({ status: JSON.parse(body!).status });
    });
  }
});

describe('the control surface', () => {
  // The documents' image's other member: the conformance run, sharing this sandbox, never touches it.
  const image = defaultWorld.images.find((i) => i.id === exampleIds.image_id)!;
  const other = image.members!.find((m) => projectOf(m.project).id !== exampleIds.member_id)!;
  const put = (status: string) =>
    fetch(
      `${url}${expandPath(operationRules.updateImageMemberStatus.path, { image_id: image.id, member_id: projectOf(other.project).id })}`,
      {
        method: 'PUT',
        headers: { [authHeader]: projectOf(other.project).tokens![0]!, 'Content-Type': 'application/json' },
        body: JSON.stringify({ status }),
      },
    );
  type State = { images: { id: string; members: { project: string; status: string }[] }[] };
  const statusIn = (state: State) =>
    state.images.find((i) => i.id === image.id)!.members.find((m) => m.project === other.project)!.status;

  it('GET /__sandbox/state and POST /__sandbox/reset on the sandbox port', async () => {
    const changed = other.status === 'rejected' ? 'accepted' : 'rejected';
    expect((await put(changed)).status).toBe(200);
    expect(statusIn(await (await fetch(`${direct}/__sandbox/state`)).json())).toBe(changed);
    expect((await fetch(`${direct}/__sandbox/reset`, { method: 'POST' })).status).toBe(200);
    expect(statusIn(await (await fetch(`${direct}/__sandbox/state`)).json())).toBe(other.status ?? 'pending');
  });

  it('through the public port too: served by the sandbox, never shown to Prism, so never a violation', async () => {
    const response = await fetch(`${url}/__sandbox/state`);
    expect(response.status).toBe(200);
    expect(((await response.json()) as State).images.length).toBeGreaterThan(0);
    expect(response.headers.get('sl-violations')).toBeNull();
    const reset = await fetch(`${url}/__sandbox/reset`, { method: 'POST' });
    expect(reset.status).toBe(200);
    expect(reset.headers.get('sl-violations')).toBeNull();
  });
});

describe('CORS through npm start', () => {
  it('answers the preflight of a cross-origin PUT with a token, and the PUT itself', async () => {
    const member = expandPath(operationRules.updateImageMemberStatus.path, exampleIds);
    const origin = 'http://localhost:5173';
    const preflight = await fetch(`${url}${member}`, {
      method: 'OPTIONS',
      headers: {
        Origin: origin,
        'Access-Control-Request-Method': 'PUT',
        'Access-Control-Request-Headers': `${authHeader.toLowerCase()},content-type`,
      },
    });
    expect(preflight.status).toBeLessThan(300);
    expect(preflight.headers.get('access-control-allow-origin')).toMatch(new RegExp(`^(\\*|${origin})$`));
    expect(preflight.headers.get('access-control-allow-methods')).toMatch(/PUT/);
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toMatch(/\*|x-auth-token/);
    const put = await fetch(`${url}${member}`, {
      method: 'PUT',
      headers: { Origin: origin, [authHeader]: 'cors', 'Content-Type': 'application/json' },
      body: '{"status":"accepted"}',
    });
    expect(put.status).toBe(200);
    expect(put.headers.get('access-control-allow-origin')).toMatch(new RegExp(`^(\\*|${origin})$`));
  });
});

describe('npm run verify against npm start', () => {
  // verify in this process (the same code as the CLI, whose exit status and output
  // test/verify.test.ts checks as a real child process), against the run's shared sandbox behind Prism.
  it('is clean: exit 0, every row conforms, the unknown-image row included', async () => {
    let stdout = '';
    let stderr = '';
    const code = await verify(
      [
        '--base-url',
        url,
        '--token',
        'verify-token',
        '--image-id',
        exampleIds.image_id,
        '--member-id',
        exampleIds.member_id,
        '--status',
        'accepted',
      ],
      { env: {}, out: (text) => (stdout += `${text}\n`), err: (text) => (stderr += `${text}\n`) },
    );
    expect(code, `${stdout}\n${stderr}`).toBe(0);
    expect(stdout).toMatch(/^unknown image\s+404\s+404\s+conforms$/m);
    expect(stdout).toMatch(/^update to accepted\s+200\s+200\s+conforms$/m);
    const rows = stdout
      .slice(stdout.indexOf('---'))
      .split('\n')
      .slice(1)
      .filter((line) => /\s\d{3}\s/.test(line));
    expect(rows.length).toBeGreaterThanOrEqual(6);
    expect(rows.filter((row) => !row.trimEnd().endsWith('conforms'))).toEqual([]);
  });
});

// The two cases below start Prism processes of their own and mostly wait for them: side by side
// (so each asserts with its own context's expect, which expect.poll needs).
describe.concurrent('npm start -- --world FILE, the real command', () => {
  it('serves that world behind Prism and prints the violations Prism reports', async ({ expect }) => {
    const dir = mkdtempSync(join(tmpdir(), 'ims-start-'));
    const file = join(dir, 'world.json');
    const image = crypto.randomUUID();
    // JSON is YAML too; no any_token: unknown tokens get 401 here.
    writeFileSync(
      file,
      JSON.stringify({
        projects: { me: { id: 'project-me', tokens: ['my-token'] }, them: { id: 'project-them' } },
        images: [{ id: image, owner: 'them', members: [{ project: 'me', created_at: '2026-01-05T09:00:00Z' }] }],
        scenarios: [],
      }),
    );
    const port = await freePort();
    const child = spawn('npm', ['start', '--silent', '--', '--world', file], {
      cwd: root,
      env: { ...process.env, PORT: String(port), npm_config_update_notifier: 'false' },
      detached: true, // its own process group: npm, tsx, node and Prism stop together
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    try {
      const deadline = Date.now() + 40_000;
      while (!/Sandbox ready/.test(stdout)) {
        if (Date.now() > deadline || child.exitCode !== null)
          throw new Error(`npm start did not start:\n${stdout}\n${stderr}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      const at = (member: string) =>
        `http://127.0.0.1:${port}${expandPath(operationRules.updateImageMemberStatus.path, { image_id: image, member_id: member })}`;
      const put = (token: string, body: string) =>
        fetch(at('project-me'), {
          method: 'PUT',
          headers: { [authHeader]: token, 'Content-Type': 'application/json' },
          body,
        });
      const ok = await put('my-token', '{"status":"accepted"}');
      expect(ok.status).toBe(200);
      expect(await ok.json()).toMatchObject({ image_id: image, member_id: 'project-me', status: 'accepted' });
      expect((await put('a-stranger-token', '{"status":"accepted"}')).status).toBe(401);
      expect((await put('my-token', '{"status":"maybe"}')).status).toBe(400);
      const deadline2 = Date.now() + 5_000;
      while (!/REQUEST breaks the contract/.test(stderr) && Date.now() < deadline2)
        await new Promise((r) => setTimeout(r, 50));
      expect(stderr).toMatch(/sl-violations: the REQUEST breaks the contract .*request\.body\.status/);
      expect(stderr).not.toMatch(/CONTRACT VIOLATION/);
    } finally {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        process.kill(-child.pid!, 'SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe.concurrent('Prism checks the answers too', () => {
  it('an answer that breaks the contract is reported as a response violation, to print loudly', async ({ expect }) => {
    // A sandbox whose 200 loses a required field: only a broken sandbox can answer so, so this
    // one wraps the real one. Prism's proxy must report it on the response side.
    const real = createSandbox();
    const broken: Sandbox = {
      ...real,
      handle(request) {
        const answer = real.handle(request);
        if (answer.status !== 200) return answer;
        const { created_at: _dropped, ...member } = answer.body as Record<string, unknown>;
        return { ...answer, body: member };
      },
    };
    const violations: { side: string; line: string }[] = [];
    const served = await startSandbox({ sandbox: broken, logLevel: 'warn', onViolation: (v) => violations.push(v) });
    try {
      const response = await fetch(
        served.url +
          expandPath(operationRules.updateImageMemberStatus.path, {
            image_id: exampleIds.image_id,
            member_id: exampleIds.member_id,
          }),
        {
          method: 'PUT',
          headers: { 'Content-Type': 'application/json', [authHeader]: 'any' },
          body: '{"status":"accepted"}',
        },
      );
      expect(response.status).toBe(200);
      const header = JSON.parse(response.headers.get('sl-violations') ?? '[]') as {
        location: string[];
        message: string;
      }[];
      expect(header.some((v) => v.location[0] === 'response' && /created_at/.test(v.message))).toBe(true);
      await expect.poll(() => violations.filter((v) => v.side === 'response').length).toBeGreaterThan(0);
      expect(violations.find((v) => v.side === 'response')!.line).toMatch(/created_at/);
    } finally {
      await served.stop();
    }
  });
});

describe('the sandbox server reads bounded request bodies', () => {
  it('a body over MAX_REQUEST_BYTES gets 413 and is not read further', async () => {
    const served = await serveSandbox(createSandbox());
    try {
      const url =
        served.url +
        expandPath(operationRules.updateImageMemberStatus.path, {
          image_id: exampleIds.image_id,
          member_id: exampleIds.member_id,
        });
      const body = JSON.stringify({ status: 'accepted', vault_id: 'v'.repeat(MAX_REQUEST_BYTES) });
      const response = await fetch(url, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json', [authHeader]: 'any' },
        body,
      }).catch((error: Error) => error);
      // The server may close before the whole body is sent: then the client sees the 413 or a reset.
      if (response instanceof Response) {
        expect(response.status).toBe(413);
        expect(((await response.json()) as { error_msg: string }).error_msg).toMatch(/larger than the sandbox reads/);
      } else expect(response.message).toMatch(/fetch failed|other side closed|reset/i);
      const ok = await fetch(url, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json', [authHeader]: 'any' },
        body: '{"status":"accepted"}',
      });
      expect(ok.status).toBe(200);
    } finally {
      await served.close();
    }
  });
});

describe('a sandbox that throws on one request', () => {
  it("answers that request with the contract's 500, reports the error, and serves the next one", async () => {
    const real = createSandbox();
    let calls = 0;
    const flaky: Sandbox = {
      ...real,
      handle(request) {
        if (++calls === 1) throw new Error('a bug in the model');
        return real.handle(request);
      },
    };
    const errors: unknown[] = [];
    const served = await serveSandbox(flaky, { onError: (error) => errors.push(error) });
    try {
      const url =
        served.url +
        expandPath(operationRules.updateImageMemberStatus.path, {
          image_id: exampleIds.image_id,
          member_id: exampleIds.member_id,
        });
      const init = {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json', [authHeader]: 'any' },
        body: '{"status":"accepted"}',
      };
      const failed = await fetch(url, init);
      expect(failed.status).toBe(500);
      const body = await failed.json();
      expect(contract.validateResponse(500, body, 'updateImageMemberStatus').violations).toEqual([]);
      expect((body as { error: { message: string } }).error.message).toMatch(/a bug in the model/);
      expect(errors).toHaveLength(1);
      expect((await fetch(url, init)).status).toBe(200);
    } finally {
      await served.close();
    }
  });
});
