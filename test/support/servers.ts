// The servers the global setup starts in the background: `running(name)` resolves to the URL
// once that server answers, so a test file waits only for the server it uses.
import { inject } from 'vitest';

type ServerName = 'prismUrl' | 'sandboxUrl' | 'sandboxDirectUrl';

export async function running(name: ServerName, timeoutMs = 30_000): Promise<string> {
  const url = inject(name);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await fetch(url, { method: 'OPTIONS', signal: AbortSignal.timeout(1_000) });
      return url;
    } catch {
      if (Date.now() > deadline)
        throw new Error(`${name} (${url}) did not answer within ${timeoutMs} ms: see the global setup's output`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
