// A minimal local HTTP server answering every request with the spec's 200 example, for the
// client-overhead benchmark. Runs in its own process; reports its port over IPC. Needs
// `npm run build` (it reads the generated contract from dist/), as the benchmark does.

import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { requestIdHeaders } from '../dist/generated/contract.js';

const spec = JSON.parse(readFileSync(new URL('../generated/openapi.json', import.meta.url), 'utf8'));
const body = JSON.stringify(
  spec.components.responses.MemberUpdated.content['application/json'].examples.accepted.value,
);

const server = createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    response.writeHead(200, {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(body),
      [requestIdHeaders[0]]: 'bench',
    });
    response.end(body);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
process.on('disconnect', () => process.exit(0));
