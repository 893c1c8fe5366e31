#!/usr/bin/env node
// `npm run mock`: serves the spec with the real Prism mock, the spec's static examples
// (`npm start` serves the sandbox instead: scripts/sandbox.ts).
// HOST and PORT override 127.0.0.1:4010. Stops on Ctrl-C.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot, startPrism } from './prism.mjs';

const host = process.env.HOST ?? '127.0.0.1';
const port = Number(process.env.PORT ?? 4010);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`PORT must be a whole number from 1 to 65535, got ${JSON.stringify(process.env.PORT)}`);
  process.exit(2);
}

console.log(`Starting the Prism mock of openapi/openapi.yaml on ${host}:${port} ...`);
const started = Date.now();
const prism = await startPrism({ host, port, inherit: true }).catch((error) => {
  console.error(error.message);
  process.exit(1);
});
// The member URL with the documents' IDs, and the token header, from the bundled spec.
const spec = JSON.parse(readFileSync(join(projectRoot, 'generated/openapi.json'), 'utf8'));
const [template] = Object.keys(spec.paths);
const parameters = Object.values(spec.components.parameters);
const example = `${prism.url}${template.replace(/\{(\w+)\}/g, (_, name) => encodeURIComponent(parameters.find((p) => p.name === name).example))}`;
const tokenHeader = Object.values(spec.components.securitySchemes)[0].name;
console.log(`
Mock ready in ${Date.now() - started} ms at ${prism.url}

Try it:
  curl -X PUT '${example}' \\
    -H '${tokenHeader}: any-token' -H 'Content-Type: application/json' \\
    -d '{"status":"accepted"}'

Pick a scenario with a Prefer header, e.g. -H 'Prefer: code=400, example=vault_id_required'
(the README's mock cookbook lists them all). Ctrl-C stops the mock.
`);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    await prism.stop();
    process.exit(0);
  });
}
prism.process.on('exit', (code) => process.exit(code ?? 1));
