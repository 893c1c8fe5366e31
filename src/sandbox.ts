// The `./sandbox` entry point: the sandbox lives in src/sandbox/ (index.ts is the way in).
export * from './sandbox/index.js';
