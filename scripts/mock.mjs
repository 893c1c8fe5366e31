#!/usr/bin/env node
// `npm start` / `npm run mock`: serves the spec with the real Prism mock.
// HOST and PORT override 127.0.0.1:4010. Stops on Ctrl-C.
import { startPrism } from './prism.mjs';

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
const example = `${prism.url}/v2/images/d164b5df-1bc3-4c3f-893e-3e471fd16e64/members/edc89b490d7d4392898e19b2deb34797`;
console.log(`
Mock ready in ${Date.now() - started} ms at ${prism.url}

Try it:
  curl -X PUT '${example}' \\
    -H 'X-Auth-Token: any-token' -H 'Content-Type: application/json' \\
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
