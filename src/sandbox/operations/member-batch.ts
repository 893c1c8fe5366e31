// What POST and DELETE /v1/cloudimages/members share: the owner adds or removes the projects of
// `projects` on each image of `images`, as a job. Judged at once: the body's shape, the triggers on
// reserved images, the contract's rules, then the projects (the caller's own, on an add; one the
// region does not have). What concerns one image is the job's to find (../jobs.ts `imageFault`),
// unless the world judges image faults on the request (`image_faults: request`).
import type { ExampleName } from '../../../generated/contract.js';
import { jsonType } from '../answers.js';
import { validateBodyOf } from '../contract.js';
import { type ImageFault, imageFault } from '../job-engine.js';
import type { SandboxAnswer } from '../types.js';
import type { OperationContext } from './types.js';

type Batch = 'batchAddImageMembers' | 'batchDeleteImageMembers';
/** A name both calls declare for a status: the shared steps answer with those only. */
type SharedName<Status extends number> = ExampleName<'batchAddImageMembers', Status> &
  ExampleName<'batchDeleteImageMembers', Status>;
/** The context of either call, as the shared steps use it. */
type BatchContext = Omit<OperationContext<Batch>, 'example'> & {
  example<Status extends 400 | 404>(status: Status, name: SharedName<Status>): SandboxAnswer;
};
/** What only one of the two says: the add's refusal of the caller's own project, each call's words for an image fault. */
export interface BatchAnswers {
  self?: () => SandboxAnswer;
  fault: (fault: ImageFault) => SandboxAnswer;
}

export function judgeMemberBatch(c: BatchContext, kind: 'add' | 'delete', own: BatchAnswers): SandboxAnswer {
  const operation = c.operation;
  if (!c.text.trim()) return c.example(400, 'body_empty');
  if (c.contentType !== jsonType || !c.isObject) return c.example(400, 'request_invalid');

  const reserved = c.forced('reserved');
  if (reserved) return reserved;
  if (!validateBodyOf(operation, c.body)?.valid) return c.example(400, 'request_invalid');
  const { images, projects: ids } = c.body as { images: string[]; projects: string[] };

  const ownId = c.state.projectId(c.caller);
  const projects: string[] = [];
  for (const id of ids) {
    // Sharing with yourself is refused on an add; removing yourself from your own image changes nothing.
    if (id === ownId) {
      if (own.self) return own.self();
      projects.push(c.caller);
      continue;
    }
    const name = c.state.projectNamed(id);
    if (name === undefined) return c.example(404, 'project_not_found');
    projects.push(name);
  }

  const byWorld = c.forced('world');
  if (byWorld) return byWorld;

  if (c.state.world.image_faults === 'request')
    for (const id of images) {
      const image = c.state.image(id);
      const adding = image ? projects.filter((p) => !image.members.some((m) => m.project === p)).length : 0;
      for (const project of projects) {
        const fault = imageFault(c.state.world, kind, c.caller, image, project, adding);
        if (fault) return own.fault(fault);
      }
    }

  const jobId = c.jobs.submit({ kind, project: c.caller, images, projects });
  return c.answer(200, { job_id: jobId });
}
