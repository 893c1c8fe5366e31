// The everyday commands of Debian's OpenStack clients around an image share (python-glanceclient's
// `glance`, openstackclient's `openstack`, and openstacksdk in a script), run against a server:
// `npm start` in test/openstack/, and the same commands against a real Glance in
// test/glance/openstack-clients.test.ts, which compares what a user sees on both.
//
// No keystone: glanceclient takes the token and URL as they are (`--os-image-url`,
// `--os-auth-token`); openstackclient and openstacksdk use keystoneauth's `admin_token` plugin.
// openstackclient is given the versioned endpoint (`URL/v2`, which it uses as it is, without
// discovery: it cannot discover from `URL` with admin_token, on Glance either), openstacksdk the
// root as `image_endpoint_override` (it then asks `GET /` first, as the issue describes).
import { execFile } from 'node:child_process';
import { join } from 'node:path';

export interface Target {
  /** The server's root URL, e.g. `http://127.0.0.1:4010`. */
  url: string;
  tokens: { owner: string; member: string; stranger: string; unknown: string };
  /** The member's project ID. */
  member: string;
  images: { shared: string; madePrivate: string; unknown: string };
}

export interface Outcome {
  code: number;
  /** What the user sees, with the server's URL and request IDs made neutral. */
  seen: string;
  /** A Python traceback: the tool crashed instead of reporting. */
  crashed: boolean;
}

export interface Command {
  name: string;
  /** A command the server can only serve once the owner's member calls exist (issue 22). */
  needsOwnerMemberCalls?: true;
  run(target: Target): Promise<Outcome>;
}

const glanceBin = '/usr/bin/glance';
const openstackBin = '/usr/bin/openstack';
const python = '/usr/bin/python3';
const sdkScript = join(import.meta.dirname, '../openstack/sdk_flow.py');
/** Each tool starts a Python interpreter and loads its libraries: seconds, more under load. */
const TOOL_TIMEOUT_MS = 120_000;

/** An environment without any OS_* setting of the machine, so only the command line counts. */
function cleanEnv() {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env))
    if (value !== undefined && !key.startsWith('OS_') && !/_proxy$/i.test(key)) env[key] = value;
  // openstacksdk joins an error page's lines through a Python set: with a fixed hash seed the
  // order is the same in every run, so the same answer prints the same words on both servers.
  env.PYTHONHASHSEED = '0';
  return env;
}

function exec(file: string, args: string[], target: Target): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(file, args, { env: cleanEnv(), timeout: TOOL_TIMEOUT_MS }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      const crashed = /Traceback \(most recent call last\)/.test(stderr);
      const lastError = stderr
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line && !/Warning|warnings\.warn|^\s*from |^import /.test(line))
        .at(-1);
      const neutral = (text: string) =>
        text
          .replaceAll(target.url, '<server>')
          .replace(/req-[0-9a-f-]{36}/g, 'req-<id>')
          .trim();
      resolve({ code, seen: neutral([stdout.trim(), lastError ?? ''].filter(Boolean).join('\n')), crashed });
    });
  });
}

const glance =
  (token: string, ...args: string[]) =>
  (t: Target) =>
    exec(glanceBin, ['--os-image-url', t.url, '--os-auth-token', token, '--os-image-api-version', '2', ...args], t);
const openstack =
  (token: string, ...args: string[]) =>
  (t: Target) =>
    exec(
      openstackBin,
      ['--os-auth-type', 'admin_token', '--os-endpoint', `${t.url}/v2`, '--os-token', token, ...args],
      t,
    );
const sdk =
  (token: string, action: string, extra: Record<string, string> = {}) =>
  (t: Target) =>
    exec(python, [sdkScript, JSON.stringify({ url: t.url, token, action, ...extra })], t);

/** Commands in the order a user runs them: find, look, accept, then the refusals. */
export const commands: Command[] = [
  // The member finds what was shared with it, and looks at it.
  {
    name: 'glance image-list --visibility shared --member-status pending (member)',
    run: (t) => glance(t.tokens.member, 'image-list', '--visibility', 'shared', '--member-status', 'pending')(t),
  },
  {
    name: 'openstack image list --shared --member-status pending (member)',
    run: (t) => openstack(t.tokens.member, 'image', 'list', '--shared', '--member-status', 'pending')(t),
  },
  {
    name: 'sdk images(visibility=shared, member_status=pending) (member)',
    run: (t) => sdk(t.tokens.member, 'list_pending')(t),
  },
  { name: 'glance image-list (member, nothing accepted yet)', run: (t) => glance(t.tokens.member, 'image-list')(t) },
  { name: 'openstack image list (member)', run: (t) => openstack(t.tokens.member, 'image', 'list')(t) },
  { name: 'glance image-show (member)', run: (t) => glance(t.tokens.member, 'image-show', t.images.shared)(t) },
  {
    name: 'openstack image show (member)',
    run: (t) => openstack(t.tokens.member, 'image', 'show', t.images.shared)(t),
  },
  {
    name: 'sdk get_image (member)',
    run: (t) => sdk(t.tokens.member, 'get_image', { image: t.images.shared })(t),
  },
  {
    name: 'sdk find_image by ID (member)',
    run: (t) => sdk(t.tokens.member, 'find_image', { image: t.images.shared })(t),
  },
  // The member accepts, rejects, accepts again.
  {
    name: 'glance member-update accepted (member)',
    run: (t) => glance(t.tokens.member, 'member-update', t.images.shared, t.member, 'accepted')(t),
  },
  {
    name: 'glance image-list (member, after accepting)',
    run: (t) => glance(t.tokens.member, 'image-list')(t),
  },
  {
    name: 'sdk update_member rejected (member; sends {status, member})',
    run: (t) =>
      sdk(t.tokens.member, 'update_member', { image: t.images.shared, member: t.member, status: 'rejected' })(t),
  },
  {
    name: 'sdk update_member accepted (member)',
    run: (t) =>
      sdk(t.tokens.member, 'update_member', { image: t.images.shared, member: t.member, status: 'accepted' })(t),
  },
  {
    name: 'openstack image set --accept (member; needs keystone for its project)',
    run: (t) => openstack(t.tokens.member, 'image', 'set', '--accept', t.images.shared)(t),
  },
  // The owner looks at its members.
  {
    name: 'glance member-list (owner)',
    needsOwnerMemberCalls: true,
    run: (t) => glance(t.tokens.owner, 'member-list', '--image-id', t.images.shared)(t),
  },
  {
    name: 'openstack image member list (owner)',
    needsOwnerMemberCalls: true,
    run: (t) => openstack(t.tokens.owner, 'image', 'member', 'list', t.images.shared)(t),
  },
  {
    name: 'sdk members (owner)',
    needsOwnerMemberCalls: true,
    run: (t) => sdk(t.tokens.owner, 'members', { image: t.images.shared })(t),
  },
  // Refusals, in Glance's words.
  {
    name: 'glance member-update (owner: 403)',
    run: (t) => glance(t.tokens.owner, 'member-update', t.images.shared, t.member, 'accepted')(t),
  },
  {
    name: 'sdk update_member (owner: 403)',
    run: (t) =>
      sdk(t.tokens.owner, 'update_member', { image: t.images.shared, member: t.member, status: 'accepted' })(t),
  },
  {
    name: 'glance member-update (stranger: 404)',
    run: (t) => glance(t.tokens.stranger, 'member-update', t.images.shared, t.member, 'accepted')(t),
  },
  {
    name: 'glance image-show (stranger: 404)',
    run: (t) => glance(t.tokens.stranger, 'image-show', t.images.shared)(t),
  },
  {
    name: 'openstack image show (stranger: not found)',
    run: (t) => openstack(t.tokens.stranger, 'image', 'show', t.images.shared)(t),
  },
  {
    name: 'sdk get_image (stranger: 404)',
    run: (t) => sdk(t.tokens.stranger, 'get_image', { image: t.images.shared })(t),
  },
  {
    name: 'glance image-show (member, image made private: 404)',
    run: (t) => glance(t.tokens.member, 'image-show', t.images.madePrivate)(t),
  },
  {
    name: 'glance member-update (member, image made private: 404)',
    run: (t) => glance(t.tokens.member, 'member-update', t.images.madePrivate, t.member, 'accepted')(t),
  },
  {
    name: 'glance image-show (unknown image: 404)',
    run: (t) => glance(t.tokens.member, 'image-show', t.images.unknown)(t),
  },
  {
    name: 'glance image-show (unknown token: 401)',
    run: (t) => glance(t.tokens.unknown, 'image-show', t.images.shared)(t),
  },
  {
    name: 'glance member-update (unknown token: 401)',
    run: (t) => glance(t.tokens.unknown, 'member-update', t.images.shared, t.member, 'accepted')(t),
  },
  {
    name: 'openstack image list (unknown token: 401)',
    run: (t) => openstack(t.tokens.unknown, 'image', 'list')(t),
  },
  {
    name: 'sdk images (unknown token: 401)',
    run: (t) => sdk(t.tokens.unknown, 'list')(t),
  },
];

/** Runs every command in order against one target (they change the member's status as they go). */
export async function runAll(target: Target, only: (command: Command) => boolean = () => true) {
  const outcomes = new Map<string, Outcome>();
  for (const command of commands.filter(only)) outcomes.set(command.name, await command.run(target));
  return outcomes;
}
