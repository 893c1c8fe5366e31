// `npm run mock`: serves the spec with the real Prism mock, the spec's static examples
// (`npm start` serves the sandbox instead: scripts/sandbox.ts), behind the front
// (scripts/front.ts), which refuses the requests that would stop Prism; scripts/mock-server.ts
// starts the two.
// HOST and PORT override 127.0.0.1:4010. A taken port: exit 1, naming it. Signals stop
// everything; Prism dying stops the whole, with its reason (scripts/lifecycle.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { prismDied, superviseProcess } from './lifecycle.js';
import { startMock } from './mock-server.js';
import { projectRoot } from './prism.js';

const host = process.env.HOST ?? '127.0.0.1';
const port = Number(process.env.PORT ?? 4010);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`PORT must be a whole number from 1 to 65535, got ${JSON.stringify(process.env.PORT)}`);
  process.exit(2);
}

console.log(`Starting the Prism mock of openapi/openapi.yaml on ${host}:${port} ...`);
let stopAll = async (): Promise<void> => {};
const supervisor = superviseProcess({ name: 'npm run mock', stop: () => stopAll() });
const mock = await startMock({
  host,
  port,
  inherit: true,
  owner: 'npm run mock',
  onRefused: (line) => console.error(`front: ${line}`),
}).catch((error: Error) => {
  console.error(`npm run mock: ${error.message}`);
  process.exit(1);
});
stopAll = mock.stop;
mock.prism.exited.then((exit) => {
  if (!exit.expected) supervisor.fail(prismDied('npm run mock', exit));
});

// The member URL with the documents' IDs, and the token header, from the bundled spec.
type Parameter = { name: string; example: string };
const spec = JSON.parse(readFileSync(join(projectRoot, 'generated/openapi.json'), 'utf8')) as {
  paths: Record<string, { put?: { operationId?: string } }>;
  components: { parameters: Record<string, Parameter>; securitySchemes: Record<string, { name: string }> };
};
// The member call (the operation this project began with), found by its operation ID: the spec has more paths now.
const template =
  Object.entries(spec.paths).find(([, item]) => item.put?.operationId === 'updateImageMemberStatus')?.[0] ??
  Object.keys(spec.paths)[0]!;
const parameters = Object.values(spec.components.parameters);
const example = `${mock.url}${template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(parameters.find((p) => p.name === name)!.example))}`;
const tokenHeader = Object.values(spec.components.securitySchemes)[0]!.name;
// performance.now() counts from the process's start.
console.log(`
Mock ready in ${Math.round(performance.now())} ms at ${mock.url} (Prism itself at ${mock.prismUrl}, behind the front)

Try it:
  curl -X PUT '${example}' \\
    -H '${tokenHeader}: any-token' -H 'Content-Type: application/json' \\
    -d '{"status":"accepted"}'

Pick a scenario with a Prefer header, e.g. -H 'Prefer: code=400, example=vault_id_required'
(the README's mock cookbook lists them all). Ctrl-C (or SIGTERM) stops the mock.
`);
