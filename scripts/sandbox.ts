// `npm start [-- --world FILE]`: the sandbox (src/sandbox/) behind real Prism in proxy mode,
// behind the front (scripts/front.ts) on 127.0.0.1:4010 (HOST and PORT override). A bad world
// file is refused: file, JSON path and rule, exit 2, nothing served. A taken port: exit 1, naming
// it. Every contract violation Prism finds, and every request the front refuses, is printed on
// stderr. Signals stop every part; a part that dies stops the whole, with its reason
// (scripts/lifecycle.ts). docs/servers.md says how each guard works.
import { relative } from 'node:path';
import { authHeader, exampleIds, expandPath, operationRules } from '../generated/contract.js';
import { WorldError } from '../src/sandbox/index.js';
import { prismDied, superviseProcess } from './lifecycle.js';
import { loadWorld, startSandbox } from './sandbox-server.js';

const usage = `usage: npm start [-- --world FILE]
  --world FILE   serve this world (YAML or JSON, see openapi/sandbox/world.schema.json)
                 instead of openapi/sandbox/world.yaml
  HOST, PORT     where Prism listens (default 127.0.0.1:4010); SANDBOX_PORT: the sandbox itself (default free)`;

function fail(message: string): never {
  console.error(`${message}\n\n${usage}`);
  process.exit(2);
}

const args = process.argv.slice(2);
let worldFile: string | undefined;
for (let i = 0; i < args.length; i++) {
  const arg = args[i]!;
  if (arg === '--help' || arg === '-h') {
    console.log(usage);
    process.exit(0);
  } else if (arg === '--world') {
    worldFile = args[++i];
    if (!worldFile) fail('--world needs a file');
  } else if (arg.startsWith('--world=')) worldFile = arg.slice('--world='.length);
  else fail(`unknown argument ${JSON.stringify(arg)}`);
}
const port = Number(process.env.PORT ?? 4010);
if (!Number.isInteger(port) || port < 1 || port > 65535)
  fail(`PORT must be a whole number from 1 to 65535, got ${JSON.stringify(process.env.PORT)}`);
const sandboxPort = process.env.SANDBOX_PORT === undefined ? undefined : Number(process.env.SANDBOX_PORT);
if (sandboxPort !== undefined && (!Number.isInteger(sandboxPort) || sandboxPort < 1 || sandboxPort > 65535))
  fail(`SANDBOX_PORT must be a whole number from 1 to 65535, got ${JSON.stringify(process.env.SANDBOX_PORT)}`);

let world: ReturnType<typeof loadWorld> | undefined;
if (worldFile) {
  try {
    world = loadWorld(worldFile);
  } catch (error) {
    if (!(error instanceof WorldError)) throw error;
    console.error(
      `Refusing the world file ${worldFile}:\n` +
        error.problems.map((p) => `  ${worldFile}: ${p.message} (rule: ${p.rule})`).join('\n') +
        '\nNothing is served.',
    );
    process.exit(2);
  }
}

const red = (text: string) => (process.stderr.isTTY ? `\x1b[1;31m${text}\x1b[0m` : text);
let stopAll = async () => {};
const supervisor = superviseProcess({ name: 'npm start', stop: () => stopAll() });
const server = await startSandbox({
  ...(world ? { world } : {}),
  host: process.env.HOST ?? '127.0.0.1',
  port,
  ...(sandboxPort ? { sandboxPort } : {}),
  onViolation: ({ side, line }) => {
    if (side === 'request')
      console.error(`sl-violations: the REQUEST breaks the contract (the sandbox answered it): ${line}`);
    else console.error(red(`!!! sl-violations: CONTRACT VIOLATION in the sandbox's ${side}: ${line}`));
  },
  onRefused: (line) => console.error(`front: ${line}`),
  owner: 'npm start',
}).catch((error: Error) => {
  console.error(`npm start: ${error.message}`);
  process.exit(1);
});
stopAll = server.stop;
server.prism.exited.then((exit) => {
  if (!exit.expected) supervisor.fail(prismDied('npm start', exit));
});

const path = expandPath(operationRules.updateImageMemberStatus.path, exampleIds);
// performance.now() counts from the process's start: the figure includes reading the world and starting Prism.
console.log(`
Sandbox ready in ${Math.round(performance.now())} ms at ${server.url} (Prism proxy, checking every request and answer)
  world: ${worldFile ? relative(process.cwd(), worldFile) : 'openapi/sandbox/world.yaml'}; the sandbox itself at ${server.sandboxUrl}, Prism at ${server.prismUrl}

Try it:
  curl -X PUT '${server.url}${path}' \\
    -H '${authHeader}: any-token' -H 'Content-Type: application/json' \\
    -d '{"status":"accepted"}'

Scenarios are chosen by data (the README's trigger table). Control (on this port too, never checked against
the contract): POST ${server.url}/__sandbox/reset, GET ${server.url}/__sandbox/state. The static example mock
is \`npm run mock\`. Ctrl-C (or SIGTERM) stops everything.
`);
