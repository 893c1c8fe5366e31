// `npx tsx scripts/glance/run.ts`: a real Glance, its identity proxy and a fresh world, for trying
// calls by hand; prints one JSON line (the proxy's URL, tokens, project and image IDs, Glance's
// pid) and runs until Ctrl-C. With --crash it throws right after that line instead: the test of
// the exit handler (Glance must not outlive a process that dies without stopping it).
import { createGlanceWorld } from './fixtures.js';
import { startGlance } from './glance.js';
import { startIdentityProxy } from './identity-proxy.js';

const glance = await startGlance();
const proxy = await startIdentityProxy(glance.url);
const world = await createGlanceWorld(proxy);
console.log(
  JSON.stringify({
    proxy: proxy.url,
    glancePid: glance.pid,
    glanceDir: glance.dir,
    tokens: world.tokens,
    projects: world.projects,
    images: world.images,
  }),
);
if (process.argv.includes('--crash')) throw new Error('crashing on purpose, without stopping Glance');
