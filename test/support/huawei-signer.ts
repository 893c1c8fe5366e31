// Huawei's own AK/SK signer (@huaweicloud/huaweicloud-sdk-core, a dev dependency used only as a
// test oracle), wrapped to sign a request given as parts: what the sandbox must accept byte for
// byte. The SDK hashes `JSON.stringify(data)`, so a JSON body is handed over parsed (when it
// stringifies back to the same text, as every body the SDK itself sends does); any other body is
// signed as the SDK signs a non-JSON one, with `X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD`.
import { createRequire } from 'node:module';
import { sdkDate } from '../../src/signer.js';

const require = createRequire(import.meta.url);
export const { AKSKSigner } = require('@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner.js') as {
  AKSKSigner: {
    sign(
      request: {
        endpoint: string;
        method: string;
        headers: Record<string, string>;
        data?: unknown;
        queryParams?: object;
      },
      credential: { getAk(): string; getSk(): string },
    ): Record<string, string>;
  };
};

export interface SdkKey {
  ak: string;
  sk: string;
  securityToken?: string;
  projectId?: string;
}

/** Signs `method origin+target` with the SDK's signer; returns every header to send (host included). */
export function sdkSign(
  request: { method: string; url: string; headers?: Record<string, string>; body?: string | undefined },
  key: SdkKey,
  now: Date,
): Record<string, string> {
  const url = new URL(request.url);
  const headers: Record<string, string> = { 'X-Sdk-Date': sdkDate(now), ...request.headers };
  if (key.projectId) headers['X-Project-Id'] = key.projectId;
  if (key.securityToken) headers['X-Security-Token'] = key.securityToken;
  let data: unknown;
  if (request.body) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(request.body);
    } catch {
      parsed = undefined;
    }
    if (parsed !== undefined && JSON.stringify(parsed) === request.body && parsed) data = parsed;
    else headers['X-Sdk-Content-Sha256'] = 'UNSIGNED-PAYLOAD';
  }
  return AKSKSigner.sign(
    {
      endpoint: `${url.origin}${url.pathname}`,
      method: request.method,
      headers,
      data,
      queryParams: Object.fromEntries(url.searchParams),
    },
    { getAk: () => key.ak, getSk: () => key.sk },
  );
}
