import { readFileSync } from 'node:fs';
import { startIdentityProxy } from './identity-proxy.js';
const j = JSON.parse(readFileSync('/tmp/os-glance.json', 'utf8'));
const tokens = new Map<string, string>();
for (const k of Object.keys(j.tokens)) tokens.set(j.tokens[k], j.projects[k]);
const p = await startIdentityProxy('http://127.0.0.1:34681', tokens);
console.log(p.url);
