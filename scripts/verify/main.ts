// `npm run verify -- --base-url URL ...`: checks any server (the real IMS, a staging copy, a
// partner's implementation, the mock) against the contract, and prints where it breaks it.
//
// By default it sends only requests that change nothing: the contract's bad requests. With
// --status it also performs that one real update. Every answer is validated in-process against
// the spec's own schemas (src/validate.ts, the compiled validators the client uses) rather than
// through `prism proxy`: no second server or port to manage, and each request gets an exact
// expected status, which a proxy cannot know.
//
// This file is the command; the parts live beside it: args.ts (flags), probes/ (one module per
// operation, named by its operation ID), send.ts (one request, judged), apply.ts (--apply's batch
// and its job), report.ts (table and JSON), index.ts (the run, which the tests call).
//
// Exit status: 0 all conforms, 1 something does not, 2 bad arguments.
import { verify } from './index.js';

process.exitCode = await verify(process.argv.slice(2), {
  env: process.env,
  out: (text) => console.log(text),
  err: (text) => console.error(text),
});
