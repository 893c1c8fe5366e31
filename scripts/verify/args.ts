// verify's command line: the flags, the secrets it may read from the environment instead, and
// every check that can be made before anything is sent. A mistake here exits 2 naming the flag;
// a secret is never quoted back.
import { parseArgs } from 'node:util';
import { type OperationId, operationRules } from '../../generated/contract.js';
import { DEFAULT_MAX_RESPONSE_BYTES, headerValueProblem } from '../../src/http.js';
import type { AkSkCredentials } from '../../src/signer.js';
import type { ContractValidator } from '../../src/validate.js';
import { batchOperationId, batchStatuses, jobOperationId, probedOperations } from './operations.js';

/** The statuses the v2 request body may carry, as the spec names its variants. */
export const requestStatuses = Object.keys(operationRules.updateImageMemberStatus.requestBody.variants);

/** The most probes --concurrency lets verify have in flight at once. */
export const MAX_CONCURRENCY = 32;

export const usage = `Usage: npm run verify -- --base-url URL (--token T [--project-id P] | --ak AK --sk SK --project-id P)
         --image-id ID --member-id ID [--status ${requestStatuses.join('|')}] [--vault-id V]
         [--apply ${batchStatuses.join('|') || 'STATUS'} [--images ID,ID...] [--job-timeout-ms N] [--poll-ms N]]
         [--share PROJECT] [--operations all|ID,ID...] [--timeout-ms N] [--concurrency N] [--json]

Secrets can come from the environment instead of the command line: IMS_TOKEN, or
HUAWEICLOUD_SDK_AK, HUAWEICLOUD_SDK_SK and HUAWEICLOUD_SDK_PROJECT_ID.

Sends the contract's bad requests (they change nothing) to the server and checks every answer's
status and body against openapi/openapi.yaml.
  --operations   whose probes run, by operation ID; default all:
                 ${probedOperations.join(',\n                 ')}
  --project-id   the caller's project, for the v1 calls (default: --member-id, the member who accepts)
  --status       also performs that one real v2 update
  --apply        also performs one real batch update of --images (default: --image-id) and follows
                 its job to its end, for at most --job-timeout-ms (default 120000); the first poll
                 after --poll-ms (default 1000), each wait half as long again, at most 10 s
  --share        also shares --image-id with that project and revokes it again (the token must be
                 the image owner's): the add, the revoke, and the revoked member's 404
  --timeout-ms   the time limit of each request (default 10000)
  --concurrency  how many probes that change nothing may be in flight at once (default 1, at most
                 ${MAX_CONCURRENCY}); a real change (--status, --share) is always sent alone
  --json         the results as JSON on stdout instead of a table

Exit status: 0 all conforms, 1 something does not, 2 bad arguments.`;

/** A mistake in the arguments: printed with the usage, exit 2. */
export class UsageError extends Error {}

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
      if (/-ms$/.test(name) && next !== undefined && /^-\d/.test(next))
        throw new UsageError(`--${name} must be a positive whole number of milliseconds, got ${next}`);
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
      operations: { type: 'string' },
      apply: { type: 'string' },
      images: { type: 'string' },
      'job-timeout-ms': { type: 'string' },
      'poll-ms': { type: 'string' },
      share: { type: 'string' },
      concurrency: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
}

/** The arguments, checked; `{ help: true }` when only the usage was asked for. */
export function parse(argv: string[], env: Record<string, string | undefined>, contract: ContractValidator) {
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
  // With a token, --project-id only names the caller's project for the v1 calls; with AK/SK it
  // is also what the signature is made for.
  const akSk = ['ak', 'sk'].filter((k) => values[k as keyof typeof values] !== undefined);
  if (values.token !== undefined && akSk.length)
    throw new UsageError('--token cannot be combined with --ak/--sk: choose one way to authenticate');
  if (values.token === undefined && akSk.length === 0)
    throw new UsageError(
      values['project-id'] === undefined
        ? '--token, or --ak with --sk and --project-id, is required'
        : '--project-id alone does not authenticate: add --token, or --ak and --sk',
    );
  const credentials: AkSkCredentials | undefined = akSk.length
    ? { ak: need('ak'), sk: need('sk'), projectId: need('project-id') }
    : undefined;
  if (values['project-id'] === '') throw new UsageError('--project-id must not be empty');
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
    ['project-id', values['project-id']],
  ] as const) {
    const problem = value === undefined ? undefined : headerValueProblem(value);
    if (problem) throw new UsageError(`${fromEnv.has(name) ? envNames[name] : `--${name}`} ${problem}`);
  }
  const imageId = need('image-id');
  const memberId = need('member-id');
  // The user's mistake, not the server's: checked by the spec's own schemas before anything is sent.
  const [broken] = contract.validatePathParameters(
    { image_id: imageId, member_id: memberId },
    'updateImageMemberStatus',
  ).violations;
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
  const apply = values.apply;
  if (apply !== undefined && !batchStatuses.includes(apply))
    throw new UsageError(
      batchStatuses.length
        ? `--apply must be one of ${batchStatuses.join(', ')}, got ${JSON.stringify(apply)}`
        : '--apply needs a batch update operation, and this contract has none',
    );
  if (values['vault-id'] !== undefined && status !== 'accepted' && apply !== 'accepted')
    throw new UsageError('--vault-id goes only with --status accepted or --apply accepted');
  if (values['vault-id'] === '') throw new UsageError('--vault-id must not be empty');
  const operations = operationsOf(values.operations);
  if (values.images !== undefined && apply === undefined) throw new UsageError('--images goes only with --apply');
  const images = values.images === undefined ? [imageId] : values.images.split(',').map((id) => id.trim());
  const projectId = values['project-id'] ?? memberId;
  // The project goes into the deprecated job read's path: one the contract refuses there would
  // make every probe of it fail for the user's mistake, not the server's.
  if (operations.includes(jobOperationId) || (apply !== undefined && probedOperations.includes(jobOperationId))) {
    const [wrong] = contract
      .validatePathParameters({ project_id: projectId, job_id: 'job' }, jobOperationId)
      .violations.filter((v) => v.path.startsWith('project_id'));
    if (wrong)
      throw new UsageError(
        `${values['project-id'] === undefined ? '--member-id (the project by default)' : '--project-id'} breaks the contract: ${wrong.message}`,
      );
  }
  if (apply !== undefined) {
    // The same schema the server judges the body by: a mistake here is the user's, not the server's.
    const body = {
      images,
      project_id: projectId,
      status: apply,
      ...(values['vault-id'] && { vault_id: values['vault-id'] }),
    };
    const [broken] = contract.validateRequestBody(body, batchOperationId).violations;
    if (broken)
      throw new UsageError(
        `--apply cannot send this batch: ${broken.message} (--images, --project-id and --vault-id make it)`,
      );
  }
  const share = values.share;
  if (share !== undefined) {
    const [wrong] = contract.validatePathParameters(
      { image_id: imageId, member_id: share },
      'showImageMember',
    ).violations;
    if (wrong)
      throw new UsageError(
        `--share must be a project ID the contract accepts: ${wrong.message.replace(/^member_id/, 'it')}`,
      );
  }
  const timeoutMs = milliseconds(values['timeout-ms'], 'timeout-ms', 10_000);
  const jobTimeoutMs = milliseconds(values['job-timeout-ms'], 'job-timeout-ms', 120_000);
  const pollMs = milliseconds(values['poll-ms'], 'poll-ms', 1_000);
  const concurrency = concurrencyOf(values.concurrency);
  for (const name of ['job-timeout-ms', 'poll-ms'] as const)
    if (values[name] !== undefined && apply === undefined) throw new UsageError(`--${name} goes only with --apply`);
  return {
    help: false as const,
    baseUrl: baseUrl.replace(/\/+$/, ''),
    token,
    credentials,
    imageId,
    memberId,
    status,
    vaultId: values['vault-id'],
    projectId,
    operations,
    apply,
    images,
    share,
    jobTimeoutMs,
    pollMs,
    timeoutMs,
    concurrency,
    maxResponseBytes: DEFAULT_MAX_RESPONSE_BYTES,
    json: values.json ?? false,
  };
}

const MAX_TIMER_MS = 2 ** 31 - 1;

/** A flag in milliseconds: a positive whole number, or the default when not given. */
function milliseconds(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms <= 0)
    throw new UsageError(`--${name} must be a positive whole number of milliseconds, got ${value}`);
  // Node's timers take at most 2^31-1 ms (about 24.8 days); a longer one would fire at once.
  if (ms > MAX_TIMER_MS) throw new UsageError(`--${name} must be at most ${MAX_TIMER_MS} ms, got ${value}`);
  return ms;
}

/** --concurrency: a whole number from 1 to MAX_CONCURRENCY, 1 when not given. */
function concurrencyOf(value: string | undefined): number {
  if (value === undefined) return 1;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > MAX_CONCURRENCY)
    throw new UsageError(`--concurrency must be a whole number from 1 to ${MAX_CONCURRENCY}, got ${value}`);
  return n;
}

/** --operations: `all` (the default) or operation IDs separated by commas, each one verify probes. */
function operationsOf(value: string | undefined): OperationId[] {
  if (value === undefined || value === 'all') return probedOperations;
  const asked = value.split(',').map((id) => id.trim());
  for (const id of asked)
    if (!probedOperations.includes(id as OperationId))
      throw new UsageError(
        `--operations: ${JSON.stringify(id)} is not an operation verify probes; choose from all, ${probedOperations.join(', ')}`,
      );
  return probedOperations.filter((id) => asked.includes(id));
}

/** Everything a run needs, checked. */
export type Options = Exclude<ReturnType<typeof parse>, { help: true }>;
