// `npm run mock` as one piece, the way scripts/sandbox-server.ts is `npm start` as one: the front
// (scripts/front.ts) on the public port, the Prism mock of the spec's static examples behind it on
// a port of its own. Used by `npm run mock` (scripts/mock.ts), the test suites' global setup and
// the benchmarks.
import { type Front, startFront } from './front.js';
import { type PrismOptions, type RunningPrism, startPrism } from './prism.js';

export interface MockServerOptions {
  host?: string;
  port?: number;
  logLevel?: PrismOptions['logLevel'];
  inherit?: boolean;
  /** Each request the front refuses, in one line. */
  onRefused?: (line: string) => void;
  /** Named in Prism's last word if this process dies (scripts/prism-child.mjs). */
  owner?: string;
}

export interface RunningMock {
  /** The front: the address to call. */
  url: string;
  /** Prism itself, behind the front. */
  prismUrl: string;
  prism: RunningPrism;
  front: Front;
  stop: () => Promise<void>;
}

/** Starts the front on `port` (default: a free one), then the Prism mock behind it. */
export async function startMock(options: MockServerOptions = {}): Promise<RunningMock> {
  const front = await startFront({
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    ...(options.onRefused ? { log: options.onRefused } : {}),
  });
  let prism: RunningPrism;
  try {
    prism = await startPrism({
      ...(options.logLevel ? { logLevel: options.logLevel } : {}),
      ...(options.inherit ? { inherit: true } : {}),
      ...(options.owner ? { owner: options.owner } : {}),
    });
  } catch (error) {
    await front.close();
    throw error;
  }
  front.ready(prism.url);
  return {
    url: front.url,
    prismUrl: prism.url,
    prism,
    front,
    stop: async () => {
      await front.close();
      await prism.stop();
    },
  };
}
