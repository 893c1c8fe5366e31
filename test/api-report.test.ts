// The committed API reports (api/*.api.md, written by `npm run api:update`) name no forgotten
// export: every type a public signature uses is itself public, so a consumer can name it.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const dir = join(import.meta.dirname, '..', 'api');
const reports = readdirSync(dir).filter((name) => name.endsWith('.api.md'));

describe('the API reports', () => {
  it('cover the entry points', () => {
    expect(reports).toContain('index.api.md');
    expect(reports.length).toBeGreaterThanOrEqual(5);
  });

  for (const name of reports)
    it(`${name} lists no forgotten export`, () => {
      const forgotten = readFileSync(join(dir, name), 'utf8')
        .split('\n')
        .filter((line) => line.includes('ae-forgotten-export'));
      expect(forgotten).toEqual([]);
    });
});
