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
import { parseArgs } from 'node:util';
import { authHeader, expandPath, operationRules } from '../generated/contract.js';

const operation = operationRules.updateImageMemberStatus;
const requestStatuses = Object.keys(operation.requestBody.variants);

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
}

export interface Result {
  request: string;
  expected: number;
  got: number | string;
  conforms: boolean;
  violations: ContractViolation[];
}

function parse(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    strict: true,
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
  if (values.help) return { help: true as const };
  // Secrets may come from the environment instead, so they stay out of shell history, `ps`
  // and npm's echo of the command line (names as Huawei's SDKs read them).
  const env = process.env;
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
  const status = values.status;
  if (status !== undefined && !requestStatuses.includes(status))
    throw new UsageError(`--status must be one of ${requestStatuses.join(', ')}, got ${JSON.stringify(status)}`);
  if (values['vault-id'] !== undefined && status !== 'accepted')
    throw new UsageError('--vault-id goes only with --status accepted');
  if (values['vault-id'] === '') throw new UsageError('--vault-id must not be empty');
  const timeoutMs = values['timeout-ms'] === undefined ? 10_000 : Number(values['timeout-ms']);
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0)
    throw new UsageError(`--timeout-ms must be a positive whole number, got ${JSON.stringify(values['timeout-ms'])}`);
  return {
    help: false as const,
    baseUrl: baseUrl.replace(/\/+$/, ''),
    token,
    credentials,
    imageId: need('image-id'),
    memberId: need('member-id'),
    status,
    vaultId: values['vault-id'],
    timeoutMs,
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
    });
  }
  return checks;
}

async function send(o: Options, check: Check, contract: ReturnType<typeof createContractValidator>): Promise<Result> {
  const url = o.baseUrl + expandPath(operation.path, { image_id: check.imageId, member_id: o.memberId });
  const headers = new Headers({ Accept: 'application/json' });
  if (check.body !== undefined) headers.set('Content-Type', 'application/json');
  if (check.auth && o.token) headers.set(authHeader, o.token);
  let request = new Request(url, { method: check.method, headers, body: check.body });
  if (check.auth && o.credentials) request = await signRequest(request, o.credentials);
  const violations: ContractViolation[] = [];
  let response: Response;
  let text: string;
  try {
    response = await fetch(request, { signal: AbortSignal.timeout(o.timeoutMs) });
    text = await response.text();
  } catch (error) {
    const reason =
      (error as Error).name === 'TimeoutError'
        ? `no answer within ${o.timeoutMs} ms`
        : `no answer: ${((error as Error).cause as Error)?.message ?? (error as Error).message}`;
    return {
      request: check.label,
      expected: check.expected,
      got: reason,
      conforms: false,
      violations: [{ path: '$', rule: 'answer', message: reason }],
    };
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
  return {
    request: check.label,
    expected: check.expected,
    got: response.status,
    conforms: violations.length === 0,
    violations,
  };
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

async function main() {
  let options: ReturnType<typeof parse>;
  try {
    options = parse(process.argv.slice(2));
  } catch (error) {
    console.error(`verify: ${(error as Error).message}\n\n${usage}`);
    return 2;
  }
  if (options.help) {
    console.log(usage);
    return 0;
  }
  const contract = createContractValidator();
  const checks = plan(options);
  const results: Result[] = [];
  console.error(
    `verify: checking ${options.baseUrl} against the contract (${checks.length} requests${options.status ? ', one real update' : ', none changes anything'})`,
  );
  for (const [n, check] of checks.entries()) {
    const result = await send(options, check, contract);
    results.push(result);
    console.error(
      `[${n + 1}/${checks.length}] ${check.label}: expected ${result.expected}, got ${result.got} -> ${result.conforms ? 'conforms' : `${result.violations.length} violation(s)`}`,
    );
  }
  const failed = results.filter((r) => !r.conforms).length;
  if (options.json) console.log(JSON.stringify({ baseUrl: options.baseUrl, conforms: failed === 0, results }, null, 2));
  else
    console.log(
      `${table(results)}\n\n${failed === 0 ? `All ${results.length} answers conform to the contract.` : `${failed} of ${results.length} answers break the contract.`}`,
    );
  return failed === 0 ? 0 : 1;
}

process.exitCode = await main();
