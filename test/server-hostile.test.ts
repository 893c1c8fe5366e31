// Hostile clients against `npm start`, spawned once as a user runs it: the cases are in
// test/support/server-hostile-suite.ts, shared with test/server-hostile-mock.test.ts (`npm run
// mock`), each command in a file of its own so that the two run side by side.
import { hostileClientsSuite } from './support/server-hostile-suite.js';

hostileClientsSuite('start');
