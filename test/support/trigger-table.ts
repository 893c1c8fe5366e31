// The trigger table of docs/sandbox.md, rendered from the scenario rows of openapi/sandbox/world.yaml.
// test/sandbox.test.ts fails when the copy in docs/sandbox.md drifts; print a fresh one with
// `npx tsx test/support/trigger-table.ts`.
import { defaultWorld } from '../../src/sandbox/index.js';

/** The docs' trigger table, rendered from the scenarios: a drifted copy fails the test above. */
export function renderTriggerTable() {
  const rows = defaultWorld.scenarios!.map((row) => {
    const r = row.request;
    const parts = [
      r.token === null ? 'no token' : r.token && `token \`${r.token}\``,
      r.image_id && `image \`${r.image_id}\``,
      r.images && `images ${r.images.map((i) => `\`${i}\``).join(', ')}`,
      r.member_id && `member \`${r.member_id}\``,
      r.projects && `projects ${r.projects.map((p) => `\`${p}\``).join(', ')}`,
      r.member && `adds \`${r.member}\``,
      r.project_id && `project \`${r.project_id}\``,
      r.limit !== undefined && `limit \`${r.limit}\``,
      r.marker !== undefined && `marker \`${r.marker}\``,
      r.job_id && `job \`${r.job_id}\``,
      r.status && `status \`${r.status}\``,
      r.vault_id && `vault \`${r.vault_id}\``,
      r.query && `query \`${r.query}\``,
      r.body !== undefined && (r.body === '' ? 'empty body' : `body \`${r.body}\``),
    ].filter(Boolean);
    const how = row.trigger ? 'trigger' : 'world';
    return `| ${row.operation ?? 'updateImageMemberStatus'} | ${row.name} | ${row.summary} | ${parts.join(', ') || 'the defaults'} | ${how} | ${row.answer.status}${row.answer.example === undefined ? ' (no body)' : ` \`${row.answer.example}\``} |`;
  });
  return [
    '| operation | scenario | what | request (changes to the default) | by | answer |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(renderTriggerTable());
