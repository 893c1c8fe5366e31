#!/usr/bin/env -S npx tsx
// `npm run verify -- --base-url URL ...`: checks any server (the real IMS, a staging copy, a
// partner's implementation, the mock) against the contract, and prints where it breaks it.
//
// By default it sends only requests that change nothing: the contract's bad requests. With
// --status it also performs that one real update. Every answer is validated in-process against
// the spec's own schemas (src/validate.ts, the ajv validator the client uses) rather than
// through `prism proxy`: no second server or port to manage, and each request gets an exact
// expected status, which a proxy cannot know.
//
// Exit status: 0 all conforms, 1 something does not, 2 bad arguments.
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { authHeader, expandPath, operationRules } from '../generated/contract.js';

const operation = operationRules.updateImageMemberStatus;
const requestStatuses = Object.keys(operation.requestBody.variants);

import {
  DEFAULT_MAX_RESPONSE_BYTES,
  describeFailure,
  headerValueProblem,
  readBounded,
  redirectOf,
} from '../src/http.js';
import { type AkSkCredentials, signRequest } from '../src/signer.js';
import { type ContractViolation, createContractValidator } from '../src/validate.js';

const usage = `Usage: npm run verify -- --base-url URL (--token T | --ak AK --sk SK --project-id P)
         --image-id ID --member-id ID [--status ${requestStatuses.join('|')} [--vault-id V]]
         [--timeout-ms N] [--json]

Secrets can come from the environment instead of the command line: IMS_TOKEN, or
HUAWEICLOUD_SDK_AK, HUAWEICLOUD_SDK_SK and HUAWEICLOUD_SDK_PROJECT_ID.

Sends the contract's bad requests (they change nothing) to the server and checks every answer's
status and body against openapi/openapi.yaml. With --status, also performs that one real update.
Exit status: 0 all conforms, 1 something does not, 2 bad arguments.`;

class UsageError extends Error {}

interface Check {
  label: string;
  method: 'PUT';
  imageId: string;
  body: string | undefined;
  auth: boolean;
  expected: number;
  /** For the real update: the fields a 200 must echo (the URL's IDs and the status sent). */
  echo?: Record<string, string>;
}

export interface Result {
  request: string;
  expected: number;
  got: number | string;
  conforms: boolean;
  violations: ContractViolation[];
}

/** The option a parseArgs error is about, e.g. `timeout-ms` from "Option '--timeout-ms <value>' ...". */
const optionOf = (message: string) => /'--([a-z-]+)/.exec(message)?.[1];

/** parseArgs, with its errors put in this tool's words, and an option given twice refused. */
function parseArgv(argv: string[]) {
  let parsed: ReturnType<typeof parseOptions>;
  try {
    parsed = parseOptions(argv);
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    const name = optionOf(message);
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && name) {
      const next = argv[argv.indexOf(`--${name}`) + 1];
      // A number is not secret, and naming it is the clearest message; any other value may be.
      if (name === 'timeout-ms' && next !== undefined && /^-\d/.test(next))
        throw new UsageError(`--timeout-ms must be a positive whole number of milliseconds, got ${next}`);
      throw new UsageError(
        next === undefined || next.startsWith('--')
          ? `--${name} needs a value`
          : `--${name} needs a value; to give one that starts with "-", write --${name}=VALUE`,
      );
    }
    throw new UsageError(message);
  }
  const seen = new Set<string>();
  for (const token of parsed.tokens ?? []) {
    if (token.kind !== 'option') continue;
    if (seen.has(token.name)) throw new UsageError(`--${token.name} was given more than once: give it once`);
    seen.add(token.name);
  }
  return parsed.values;
}

function parseOptions(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    tokens: true,
    options: {
      'base-url': { type: 'string' },
      token: { type: 'string' },
      ak: { type: 'string' },
      sk: { type: 'string' },
      'project-id': { type: 'string' },
      'image-id': { type: 'string' },
      'member-id': { type: 'string' },
      status: { type: 'string' },
      'vault-id': { type: 'string' },
      'timeout-ms': { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
}

type Contract = ReturnType<typeof createContractValidator>;

function parse(argv: string[], env: Record<string, string | undefined>, contract: Contract) {
  const values = parseArgv(argv);
  if (values.help) return { help: true as const };
  // Secrets may come from the environment instead, so they stay out of shell history, `ps`
  // and npm's echo of the command line (names as Huawei's SDKs read them).
  const fromEnv = new Set<string>();
  if (values.token === undefined && values.ak === undefined && env.IMS_TOKEN) fromEnv.add('token');
  if (values.token === undefined && env.HUAWEICLOUD_SDK_AK && env.HUAWEICLOUD_SDK_SK)
    for (const [name, variable] of [
      ['ak', 'AK'],
      ['sk', 'SK'],
      ['project-id', 'PROJECT_ID'],
    ] as const)
      if (values[name] === undefined && env[`HUAWEICLOUD_SDK_${variable}`]) fromEnv.add(name);
  if (values.token === undefined && values.ak === undefined && env.IMS_TOKEN) values.token = env.IMS_TOKEN;
  if (values.token === undefined && env.HUAWEICLOUD_SDK_AK && env.HUAWEICLOUD_SDK_SK) {
    values.ak ??= env.HUAWEICLOUD_SDK_AK;
    values.sk ??= env.HUAWEICLOUD_SDK_SK;
    values['project-id'] ??= env.HUAWEICLOUD_SDK_PROJECT_ID;
  }
  const need = (name: keyof typeof values) => {
    const value = values[name];
    if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} is required and must not be empty`);
    return value;
  };
  const baseUrl = need('base-url');
  if (!URL.canParse(baseUrl) || !/^https?:$/.test(new URL(baseUrl).protocol))
    throw new UsageError(`--base-url must be an absolute http(s) URL, got ${JSON.stringify(baseUrl)}`);
  const akSk = ['ak', 'sk', 'project-id'].filter((k) => values[k as keyof typeof values] !== undefined);
  if (values.token !== undefined && akSk.length)
    throw new UsageError('--token cannot be combined with --ak/--sk/--project-id: choose one way to authenticate');
  if (values.token === undefined && akSk.length === 0)
    throw new UsageError('--token, or --ak with --sk and --project-id, is required');
  const credentials: AkSkCredentials | undefined = akSk.length
    ? { ak: need('ak'), sk: need('sk'), projectId: need('project-id') }
    : undefined;
  const token = credentials ? undefined : need('token');
  // Checked before anything is sent, and never quoted: these are secrets, or sit beside them.
  const envNames: Record<string, string> = {
    token: 'IMS_TOKEN',
    ak: 'HUAWEICLOUD_SDK_AK',
    'project-id': 'HUAWEICLOUD_SDK_PROJECT_ID',
  };
  for (const [name, value] of [
    ['token', token],
    ['ak', credentials?.ak],
    ['project-id', credentials?.projectId],
  ] as const) {
    const problem = value === undefined ? undefined : headerValueProblem(value);
    if (problem) throw new UsageError(`${fromEnv.has(name) ? envNames[name] : `--${name}`} ${problem}`);
  }
  const imageId = need('image-id');
  const memberId = need('member-id');
  // The user's mistake, not the server's: checked by the spec's own schemas before anything is sent.
  const [broken] = contract.validatePathParameters({ image_id: imageId, member_id: memberId }).violations;
  if (broken) {
    const name = broken.path.split(/[.[]/)[0]!;
    const value = name === 'image_id' ? imageId : memberId;
    const shown =
      value.length > 60
        ? `${JSON.stringify(value.slice(0, 60))}... (${[...value].length} characters)`
        : JSON.stringify(value);
    throw new UsageError(`--${name.replace('_', '-')} ${shown} breaks the contract: ${broken.message}`);
  }
  const status = values.status;
  if (status !== undefined && !requestStatuses.includes(status))
    throw new UsageError(`--status must be one of ${requestStatuses.join(', ')}, got ${JSON.stringify(status)}`);
  if (values['vault-id'] !== undefined && status !== 'accepted')
    throw new UsageError('--vault-id goes only with --status accepted');
  if (values['vault-id'] === '') throw new UsageError('--vault-id must not be empty');
  const timeoutMs = values['timeout-ms'] === undefined ? 10_000 : Number(values['timeout-ms']);
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0)
    throw new UsageError(`--timeout-ms must be a positive whole number of milliseconds, got ${values['timeout-ms']}`);
  return {
    help: false as const,
    baseUrl: baseUrl.replace(/\/+$/, ''),
    token,
    credentials,
    imageId,
    memberId,
    status,
    vaultId: values['vault-id'],
    timeoutMs,
    maxResponseBytes: DEFAULT_MAX_RESPONSE_BYTES,
    json: values.json ?? false,
  };
}

type Options = Exclude<ReturnType<typeof parse>, { help: true }>;

/** The requests to send: the contract's bad requests, and the real update when asked for. */
function plan(o: Options): Check[] {
  const valid = JSON.stringify({ status: 'rejected' });
  const checks: Check[] = [
    {
      label: 'invalid status value (ACCEPTED)',
      method: 'PUT',
      imageId: o.imageId,
      body: '{"status":"ACCEPTED"}',
      auth: true,
      expected: 400,
    },
    { label: 'status missing', method: 'PUT', imageId: o.imageId, body: '{}', auth: true, expected: 400 },
    { label: 'body missing', method: 'PUT', imageId: o.imageId, body: undefined, auth: true, expected: 400 },
    { label: 'no token', method: 'PUT', imageId: o.imageId, body: valid, auth: false, expected: 401 },
    { label: 'unknown image', method: 'PUT', imageId: crypto.randomUUID(), body: valid, auth: true, expected: 404 },
  ];
  if (o.status) {
    const body = o.vaultId ? { status: o.status, vault_id: o.vaultId } : { status: o.status };
    checks.push({
      label: `update to ${o.status}${o.vaultId ? ' with vault_id' : ''}`,
      method: 'PUT',
      imageId: o.imageId,
      body: JSON.stringify(body),
      auth: true,
      expected: 200,
      echo: { image_id: o.imageId, member_id: o.memberId, status: o.status },
    });
  }
  return checks;
}

/** What one check found when no usable answer came: a row with the reason as its result. */
const noAnswer = (check: Check, got: string, rule: string, message = got): Result => ({
  request: check.label,
  expected: check.expected,
  got,
  conforms: false,
  violations: [{ path: '$', rule, message }],
});

async function send(o: Options, check: Check, contract: ReturnType<typeof createContractValidator>): Promise<Result> {
  const url = o.baseUrl + expandPath(operation.path, { image_id: check.imageId, member_id: o.memberId });
  const headers = new Headers({ Accept: 'application/json' });
  if (check.body !== undefined) headers.set('Content-Type', 'application/json');
  if (check.auth && o.token) headers.set(authHeader, o.token);
  let request = new Request(url, { method: check.method, headers, body: check.body });
  if (check.auth && o.credentials) request = await signRequest(request, o.credentials);
  const violations: ContractViolation[] = [];
  let response: Response;
  let text: string | undefined;
  try {
    // Never follow a redirect: it would take the token or signature to whatever origin it names.
    response = await fetch(request, { signal: AbortSignal.timeout(o.timeoutMs), redirect: 'manual' });
    const redirect = redirectOf(response, url);
    if (redirect) {
      await response.body?.cancel().catch(() => {});
      const to = redirect.origin ? ` to ${redirect.origin}` : '';
      const message = `redirected${to} (${redirect.status}); IMS never redirects this call, so it was not followed`;
      return noAnswer(check, String(redirect.status), 'redirect', message);
    }
    text = await readBounded(response, o.maxResponseBytes);
  } catch (error) {
    if ((error as Error).name === 'TimeoutError')
      return noAnswer(check, `no answer within ${o.timeoutMs} ms`, 'answer');
    // In our own words: the lower layer's text may quote a header value (the token).
    return noAnswer(check, `no answer: ${describeFailure(error).reason}`, 'answer');
  }
  if (text === undefined) {
    const message = `the ${response.status} answer is larger than ${o.maxResponseBytes} bytes; not read further`;
    return noAnswer(check, String(response.status), 'size', message);
  }
  if (response.status !== check.expected)
    violations.push({ path: '$', rule: 'expected', message: `expected ${check.expected}, got ${response.status}` });
  const type = response.headers.get('content-type') ?? '';
  const isJsonType = /^application\/json\b/i.test(type);
  if (!isJsonType)
    violations.push({
      path: '$',
      rule: 'content-type',
      message: `content-type is ${JSON.stringify(type)}, not application/json`,
    });
  let body: unknown = text;
  try {
    body = JSON.parse(text); // parsed even when mislabelled, so the body's own shape is judged too
  } catch {
    if (isJsonType) violations.push({ path: '$', rule: 'json', message: '$ is not valid JSON' });
  }
  violations.push(...contract.validateResponse(response.status, body).violations);
  if (response.status === 200 && check.echo) violations.push(...echoViolations(body, check.echo));
  return {
    request: check.label,
    expected: check.expected,
    got: response.status,
    conforms: violations.length === 0,
    violations,
  };
}

/** A 200 must describe the member of the URL, with the status just set (not, say, an example's). */
function echoViolations(body: unknown, echo: Record<string, string>): ContractViolation[] {
  const member = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  return Object.entries(echo)
    .filter(([field, value]) => member[field] !== value)
    .map(([field, value]) => ({
      path: `$.${field}`,
      rule: 'echo',
      message: `$.${field} is ${JSON.stringify(member[field])}, not the requested ${JSON.stringify(value)}`,
    }));
}

function table(results: Result[]) {
  const rows = results.map((r) => [
    r.request,
    String(r.expected),
    String(r.got),
    r.conforms ? 'conforms' : r.violations.map((v) => `${v.path} ${v.rule}: ${v.message}`).join('\n'),
  ]);
  const head = ['request', 'expected', 'got', 'violations'];
  const width = head.map((h, i) =>
    Math.max(h.length, ...rows.map((row) => Math.max(...row[i]!.split('\n').map((l) => l.length)))),
  );
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(width[i]!))).join('  ');
  const out = [line(head), line(width.map((w) => '-'.repeat(w)))];
  for (const row of rows) {
    const [first, ...rest] = row[3]!.split('\n');
    out.push(line([row[0]!, row[1]!, row[2]!, first!]));
    for (const more of rest) out.push(line(['', '', '', more]));
  }
  return out.join('\n');
}

/** Where verify writes: the CLI passes the console; tests pass collectors. */
export interface VerifyIo {
  env: Record<string, string | undefined>;
  out: (text: string) => void;
  err: (text: string) => void;
}

/** Runs verify with these arguments; resolves to the exit status (0 conforms, 1 does not, 2 bad arguments). */
export async function verify(argv: string[], io: VerifyIo): Promise<number> {
  const contract = createContractValidator();
  let options: ReturnType<typeof parse>;
  try {
    options = parse(argv, io.env, contract);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`verify: ${error.message}\n\n${usage}`);
    return 2;
  }
  if (options.help) {
    io.out(usage);
    return 0;
  }
  const checks = plan(options);
  const results: Result[] = [];
  const what = options.status ? ', one real update' : ', none changes anything';
  io.err(`verify: checking ${options.baseUrl} against the contract (${checks.length} requests${what})`);
  for (const [n, check] of checks.entries()) {
    const result = await send(options, check, contract);
    results.push(result);
    const verdict = result.conforms ? 'conforms' : `${result.violations.length} violation(s)`;
    io.err(`[${n + 1}/${checks.length}] ${check.label}: expected ${result.expected}, got ${result.got} -> ${verdict}`);
  }
  const failed = results.filter((r) => !r.conforms).length;
  if (options.json) io.out(JSON.stringify({ baseUrl: options.baseUrl, conforms: failed === 0, results }, null, 2));
  else {
    const summary =
      failed === 0
        ? `All ${results.length} answers conform to the contract.`
        : `${failed} of ${results.length} answers break the contract.`;
    io.out(`${table(results)}\n\n${summary}`);
  }
  return failed === 0 ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await verify(process.argv.slice(2), {
    env: process.env,
    out: (text) => console.log(text),
    err: (text) => console.error(text),
  });
}
