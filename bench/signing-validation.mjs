// Benchmark 2: cost per request of AK/SK signing (this project's signer as Node gets it, on
// node:crypto, through signParts and signRequest; and as browsers get it, on Web Crypto), beside
// Huawei's own SDK signer (node:crypto, synchronous), all interleaved in one run; and cost per
// answer of validating it against the contract. Needs `npm run build` first.
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import spec from 'ims-image-member-status/openapi.json' with { type: 'json' };
import { signParts, signRequest } from 'ims-image-member-status/signer';
import { createContractValidator } from 'ims-image-member-status/validate';
import { exampleIds, expandPath, operationRules } from '../dist/generated/contract.js';
import { fmt, interleave, projectRoot, timePerOp } from './lib.mjs';

/** The signer as a browser bundle gets it (Web Crypto), built with esbuild and loaded here. */
async function browserSigner() {
  const dir = mkdtempSync(join(tmpdir(), 'ims-signer-'));
  try {
    const outfile = join(dir, 'signer.mjs');
    await build({
      entryPoints: [join(projectRoot, 'src/signer.ts')],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      outfile,
      logLevel: 'silent',
    });
    return await import(pathToFileURL(outfile).href);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const require = createRequire(import.meta.url);
const { AKSKSigner } = require('@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner.js');

const credentials = {
  ak: 'HPUABENCHMARKAK00000',
  sk: 'bench-secret-key-0123456789abcdef',
  projectId: exampleIds.member_id,
};
const { image_id: imageId, member_id: memberId, vault_id: vaultId } = exampleIds;
const path = expandPath(operationRules.updateImageMemberStatus.path, { image_id: imageId, member_id: memberId });
const url = `https://ims.cn-north-4.myhuaweicloud.com${path}`;
const body = JSON.stringify({ status: 'accepted', vault_id: vaultId });
const member = spec.components.responses.MemberUpdated.content['application/json'].examples.accepted.value;

export async function run({ rounds = 15, batch = 500 } = {}) {
  const web = await browserSigner();
  const parts = { method: 'PUT', url, headers: { 'Content-Type': 'application/json' }, body };
  const sign = await interleave(
    {
      'signParts (node:crypto, as on Node)': () => timePerOp(() => signParts(parts, credentials), batch),
      'signRequest (node:crypto; builds and returns a Request)': () =>
        timePerOp(
          () =>
            signRequest(
              new Request(url, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body }),
              credentials,
            ),
          batch,
        ),
      'signParts (Web Crypto, as in browsers)': () => timePerOp(() => web.signParts(parts, credentials), batch),
      'Huawei SDK signer (node:crypto)': () =>
        timePerOp(
          async () =>
            AKSKSigner.sign(
              {
                endpoint: url,
                method: 'PUT',
                headers: { 'Content-Type': 'application/json', 'X-Project-Id': credentials.projectId },
                data: JSON.parse(body),
                queryParams: {},
              },
              { getAk: () => credentials.ak, getSk: () => credentials.sk },
            ),
          batch,
        ),
    },
    { rounds },
  );
  const started = performance.now();
  const validator = createContractValidator();
  validator.validateResponse(200, member, 'updateImageMemberStatus'); // compiles the 200 schema
  const compileMs = performance.now() - started;
  const validate = await interleave(
    {
      'validate a 200 answer': () =>
        timePerOp(async () => validator.validateResponse(200, member, 'updateImageMemberStatus'), batch * 4),
      'validate a 400 answer': () =>
        timePerOp(
          async () =>
            validator.validateResponse(400, { error: { code: 'IMG.0001', message: 'x' } }, 'updateImageMemberStatus'),
          batch * 4,
        ),
    },
    { rounds },
  );
  const sdk = sign['Huawei SDK signer (node:crypto)'].median;
  return [
    ...Object.entries(sign).map(([name, s]) => ({
      benchmark: 'signing and validation',
      name: `AK/SK signing: ${name}`,
      unit: 'µs/op',
      ...s,
      ratio: s.median / sdk,
      command: 'node bench/signing-validation.mjs',
    })),
    ...Object.entries(validate).map(([name, s]) => ({
      benchmark: 'signing and validation',
      name: `answer validation: ${name}`,
      unit: 'µs/op',
      ...s,
      command: 'node bench/signing-validation.mjs',
    })),
    {
      benchmark: 'signing and validation',
      name: 'answer validation: create the validator and compile the first schema (once)',
      unit: 'ms',
      median: compileMs,
      command: 'node bench/signing-validation.mjs',
    },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log('Measuring AK/SK signing and answer validation (interleaved rounds) ...');
  for (const row of await run())
    console.log(
      `${row.name.padEnd(72)} median ${fmt(row.median, 2)} ${row.unit}${row.ratio ? `  x${fmt(row.ratio, 2)}` : ''}`,
    );
}
