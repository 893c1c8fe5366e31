// A typed client for IMS's image member calls. Every type comes from generated/types.ts and
// every rule checked from generated/contract.ts; both are derived from openapi/openapi.yaml by
// `npm run generate`. The transport (auth, signing, time limits, retries, answer reading) is one
// core in ./client/core.ts; each operation is a thin module in ./client/operations/, listed in its
// registry (./client/operations/index.ts) with the methods below that call it.
import type { Client } from 'openapi-fetch';
import type { paths } from '../generated/types.js';
import { createCore, type ImsPromise, rejected } from './client/core.js';
import {
  type BatchAcceptOptions,
  type BatchOptions,
  changeImageMembers,
  type JobOutcome,
  type ShareOptions,
  updateSharedImages,
  type WaitOptions,
  waitForJob,
} from './client/job-wait.js';
import { addImageMember } from './client/operations/addImageMember.js';
import { type BatchMembers, batchAddImageMembers } from './client/operations/batchAddImageMembers.js';
import { batchDeleteImageMembers } from './client/operations/batchDeleteImageMembers.js';
import {
  type BatchJob,
  type BatchMemberStatusUpdate,
  batchUpdateImageMembers,
} from './client/operations/batchUpdateImageMembers.js';
import { deleteImageMember } from './client/operations/deleteImageMember.js';
import { listImageMembers, type MemberList } from './client/operations/listImageMembers.js';
import {
  listImageMembersV1,
  listImageMembersV1Page,
  type MemberPage,
  type PageOptions,
} from './client/operations/listImageMembersV1.js';
import { type ImageList, type ListSharedImagesOptions, listSharedImages } from './client/operations/listImages.js';
import { type ApiVersions, listVersions } from './client/operations/listVersions.js';
import { listVersionsDocument } from './client/operations/listVersionsDocument.js';
import { type Image, showImage } from './client/operations/showImage.js';
import { showImageMember } from './client/operations/showImageMember.js';
import { showImageMemberV1 } from './client/operations/showImageMemberV1.js';
import { type GlanceJsonSchema, showImageSchema } from './client/operations/showImageSchema.js';
import { showImagesSchema } from './client/operations/showImagesSchema.js';
import { type Job, showJob } from './client/operations/showJob.js';
import { type JobProgress, showJobProgress } from './client/operations/showJobProgress.js';
import { type MemberSchema, showMemberSchema } from './client/operations/showMemberSchema.js';
import { type MembersSchema, showMembersSchema } from './client/operations/showMembersSchema.js';
import {
  type Member,
  type MemberStatusUpdate,
  updateImageMemberStatus,
} from './client/operations/updateImageMemberStatus.js';
import type { CallOptions, ImsClientOptions } from './client/options.js';
import { createRawClient } from './client/raw.js';
import { ImsInputError } from './errors.js';

export type { ErrorReason, OperationId } from '../generated/contract.js';
export type { components, operations, paths } from '../generated/types.js';
export type { ImsPromise, ImsResult } from './client/core.js';
export type {
  BatchAcceptOptions,
  BatchOptions,
  JobOutcome,
  JobProgressEvent,
  JobStatus,
  ShareOptions,
  WaitOptions,
} from './client/job-wait.js';
export type { MemberCreate } from './client/operations/addImageMember.js';
export type { BatchMembers } from './client/operations/batchAddImageMembers.js';
export type { BatchJob, BatchMemberStatusUpdate } from './client/operations/batchUpdateImageMembers.js';
export type { MemberList } from './client/operations/listImageMembers.js';
export type { MemberPage, PageOptions } from './client/operations/listImageMembersV1.js';
export type { ImageList, ListSharedImagesOptions, SharedImageStatus } from './client/operations/listImages.js';
export type { ApiVersions } from './client/operations/listVersions.js';
export type { Image } from './client/operations/showImage.js';
export type { GlanceJsonSchema } from './client/operations/showImageSchema.js';
export type { Job, JobImageResult } from './client/operations/showJob.js';
export type { JobProgress } from './client/operations/showJobProgress.js';
export type { MemberSchema } from './client/operations/showMemberSchema.js';
export type { MembersSchema } from './client/operations/showMembersSchema.js';
export type { Member, MemberStatusUpdate } from './client/operations/updateImageMemberStatus.js';
export {
  type AnswerValidator,
  type AttemptEvent,
  type CallOptions,
  type ImsClientOptions,
  type Region,
  type RetryOptions,
  regionEndpoint,
  regions,
} from './client/options.js';
export * from './errors.js';
export type { AkSkCredentials } from './signer.js';

/** Options of `acceptSharedImage`. */
export interface AcceptOptions extends CallOptions {
  /** The CBR vault to hold a full-ECS image created by CBR; required by IMS for such an image. */
  vaultId?: string;
}

/** Options of `showJob`. */
export interface ShowJobOptions extends CallOptions {
  /** The project the job belongs to. Default: the client's `projectId`. */
  projectId?: string;
}

/** Options of `showImageMemberV1`. */
export interface OwnerReadOptions extends CallOptions {
  /** Your project, the image's owner. Default: the client's `projectId`. */
  projectId?: string;
}

/** Options of `listImageMembersV1` and `listImageMembersV1Page`: the page, and your project. */
export interface ListMembersOptions extends OwnerReadOptions, PageOptions {}

/** The client `createImsClient` returns. */
export interface ImsClient {
  /**
   * Accepts shared images (BatchUpdateMembers) and waits for the job's outcome: resolves when
   * it is `SUCCESS`, with a result per image where the service lists them; rejects with
   * `ImsJobFailedError` when it is `FAIL`. Every error raised after the job was submitted
   * carries its `jobId`: `waitForJob(error.jobId)` resumes the wait.
   */
  acceptSharedImages(imageIds: readonly string[], options?: BatchAcceptOptions): Promise<JobOutcome>;
  /** Rejects shared images (BatchUpdateMembers) and waits for the job's outcome; as `acceptSharedImages`. */
  rejectSharedImages(imageIds: readonly string[], options?: BatchOptions): Promise<JobOutcome>;
  /** Waits for a job's outcome: the wait `acceptSharedImages` does, for a job already submitted. */
  waitForJob(jobId: string, options?: WaitOptions): Promise<JobOutcome>;
  /** BatchUpdateMembers alone: submits the update and resolves to its `job_id`, without waiting. Never resent after a failure. */
  batchUpdateImageMembers(body: BatchMemberStatusUpdate, call?: CallOptions): ImsPromise<BatchJob>;
  /** ShowJobProgress: a job's status and `entities.process_percent`. */
  showJobProgress(jobId: string, call?: CallOptions): ImsPromise<JobProgress>;
  /**
   * ShowJob: a job with a result per image (`entities.results`).
   * @deprecated Huawei deprecates ShowJob in favour of `showJobProgress`, which lists no per-image
   * results; `waitForJob` reads both.
   */
  showJob(jobId: string, options?: ShowJobOptions): ImsPromise<Job>;
  /**
   * Sets the member's status to the body's `status`.
   * @deprecated Huawei deprecates the native call: use `acceptSharedImages` or `rejectSharedImages`
   * (BatchUpdateMembers), see docs/migration.md.
   */
  updateMemberStatus(
    imageId: string,
    memberId: string,
    body: MemberStatusUpdate,
    call?: CallOptions,
  ): ImsPromise<Member>;
  /**
   * Accepts a shared image; pass `vaultId` for a full-ECS image created by CBR.
   * @deprecated Huawei deprecates the native call:
   * `await client.acceptSharedImages([imageId], { projectId: memberId, vaultId })` does the same
   * through BatchUpdateMembers and waits for the outcome, see docs/migration.md.
   */
  acceptSharedImage(imageId: string, memberId: string, options?: AcceptOptions): ImsPromise<Member>;
  /**
   * Rejects a shared image: it leaves your image list but can still create ECSs.
   * @deprecated Huawei deprecates the native call:
   * `await client.rejectSharedImages([imageId], { projectId: memberId })` does the same through
   * BatchUpdateMembers and waits for the outcome, see docs/migration.md.
   */
  rejectSharedImage(imageId: string, memberId: string, call?: CallOptions): ImsPromise<Member>;
  /** Glance's image read: an image you own or one shared with you (pending, accepted or rejected). */
  showImage(imageId: string, call?: CallOptions): ImsPromise<Image>;
  /**
   * The images shared with you, a page at a time (`GET /v2/images?visibility=shared&member_status=…`,
   * following each page's `next`): `for await (const page of client.listSharedImages()) page.images`.
   * Default `memberStatus: 'pending'`, the shares waiting for your answer.
   */
  listSharedImages(options?: ListSharedImagesOptions): AsyncIterable<ImageList>;
  /** Version discovery (`GET /`, answered 300): the versions the server serves and where. */
  listVersions(call?: CallOptions): ImsPromise<ApiVersions>;
  /** The same versions document at `GET /versions` (200). */
  listVersionsDocument(call?: CallOptions): ImsPromise<ApiVersions>;
  /** Glance's image schema (`GET /v2/schemas/image`), which every image answer names in `schema`. */
  showImageSchema(call?: CallOptions): ImsPromise<GlanceJsonSchema>;
  /** Glance's image-list schema (`GET /v2/schemas/images`). */
  showImagesSchema(call?: CallOptions): ImsPromise<GlanceJsonSchema>;
  /**
   * Shares images with projects (BatchAddMembers) and waits for the job's outcome: each project
   * becomes a `pending` member of each image. Resolves when the job is `SUCCESS`; rejects with
   * `ImsJobFailedError` when it is `FAIL` (an image not yours, public, encrypted, a full-ECS
   * image not from CBR, the member limit), its `failedImages` saying which. The submit is never
   * resent after a failure; every error after it carries the `jobId` to resume with `waitForJob`.
   */
  shareImages(imageIds: readonly string[], projectIds: readonly string[], options?: ShareOptions): Promise<JobOutcome>;
  /** Stops sharing images with projects (BatchDeleteMembers) and waits for the job's outcome; as `shareImages`. */
  revokeImages(imageIds: readonly string[], projectIds: readonly string[], options?: ShareOptions): Promise<JobOutcome>;
  /** BatchAddMembers alone: submits the share and resolves to its `job_id`, without waiting. Never resent after a failure. */
  batchAddImageMembers(body: BatchMembers, call?: CallOptions): ImsPromise<BatchJob>;
  /** BatchDeleteMembers alone: submits the revoke and resolves to its `job_id`, without waiting. Never resent after a failure. */
  batchDeleteImageMembers(body: BatchMembers, call?: CallOptions): ImsPromise<BatchJob>;
  /**
   * ListImageMembers: every member of an image you own, page after page as you iterate
   * (`for await (const member of client.listImageMembersV1(imageId))`). `limit` sets the page size.
   */
  listImageMembersV1(imageId: string, options?: ListMembersOptions): AsyncIterable<Member>;
  /** ListImageMembers, one page: pass the last page's `page_info.next_marker` as `marker` for the next. */
  listImageMembersV1Page(imageId: string, options?: ListMembersOptions): ImsPromise<MemberPage>;
  /** ShowImageMember: one member of an image you own. */
  showImageMemberV1(imageId: string, memberId: string, options?: OwnerReadOptions): ImsPromise<Member>;
  /**
   * The owner shares an image with a project (GlanceAddImageMember): resolves to the new member,
   * `pending` until the project accepts or rejects. Never resent after a failure: a second add of
   * the same project is `ImsApiError` 409 `member_already_exists`, which after a lost answer means
   * the first one went through.
   */
  shareImage(imageId: string, projectId: string, call?: CallOptions): ImsPromise<Member>;
  /** The members of an image (GlanceListImageMembers): every one for the owner, only itself for a member. */
  listImageMembers(imageId: string, call?: CallOptions): ImsPromise<MemberList>;
  /** One membership (GlanceShowImageMember): the owner reads any member, a member only itself. */
  showImageMember(imageId: string, memberId: string, call?: CallOptions): ImsPromise<Member>;
  /**
   * The owner stops sharing an image with a project (GlanceDeleteImageMember); resolves when it
   * is done (204). Resent after a 5xx or a lost connection: a resend whose first attempt went
   * through rejects with 404 `member_not_found`, and the member is gone either way.
   */
  revokeImageMember(imageId: string, memberId: string, call?: CallOptions): ImsPromise<void>;
  /** Glance's JSON Schema of a member list (GlanceListImageMemberSchemas), which each list names in `schema`. */
  showMembersSchema(call?: CallOptions): ImsPromise<MembersSchema>;
  /** Glance's member schema (`GET /v2/schemas/member`): the JSON Schema each member answer names in its `schema` field. */
  showMemberSchema(call?: CallOptions): ImsPromise<MemberSchema>;
  /** The underlying openapi-fetch client (auth and signing applied), for anything else. */
  raw: Client<paths>;
}

/** An iterable whose first step rejects: an input error found before anything was sent. */
function failingIterable<T>(error: () => Promise<unknown>): AsyncIterable<T> {
  return {
    [Symbol.asyncIterator]: () => ({ next: () => error().then(() => ({ done: true, value: undefined })) }),
  };
}

export function createImsClient(options: ImsClientOptions): ImsClient {
  const core = createCore(options);
  const noProject = () =>
    rejected<never>(
      new ImsInputError(
        'projectId',
        'is required',
        'is required: pass { projectId } or create the client with projectId or credentials',
      ),
    );
  return {
    acceptSharedImages: (imageIds, options) => updateSharedImages(core, 'accepted', imageIds, options),
    rejectSharedImages: (imageIds, options) => updateSharedImages(core, 'rejected', imageIds, options),
    waitForJob: (jobId, options) => waitForJob(core, jobId, options),
    batchUpdateImageMembers: (body, call) => batchUpdateImageMembers(core, body, call),
    showJobProgress: (jobId, call) => showJobProgress(core, jobId, call),
    showJob: (jobId, { projectId = core.projectId, ...call } = {}) =>
      projectId === undefined ? noProject() : showJob(core, projectId, jobId, call),
    updateMemberStatus: (imageId, memberId, body, call) => updateImageMemberStatus(core, imageId, memberId, body, call),
    acceptSharedImage: (imageId, memberId, { vaultId, ...call } = {}) =>
      updateImageMemberStatus(
        core,
        imageId,
        memberId,
        vaultId === undefined ? { status: 'accepted' } : { status: 'accepted', vault_id: vaultId },
        call,
      ),
    rejectSharedImage: (imageId, memberId, call) =>
      updateImageMemberStatus(core, imageId, memberId, { status: 'rejected' }, call),
    shareImages: (imageIds, projectIds, options) => changeImageMembers(core, 'share', imageIds, projectIds, options),
    revokeImages: (imageIds, projectIds, options) => changeImageMembers(core, 'revoke', imageIds, projectIds, options),
    batchAddImageMembers: (body, call) => batchAddImageMembers(core, body, call),
    batchDeleteImageMembers: (body, call) => batchDeleteImageMembers(core, body, call),
    listImageMembersV1: (imageId, { projectId = core.projectId, limit, marker, ...call } = {}) =>
      projectId === undefined
        ? failingIterable(noProject)
        : listImageMembersV1(core, projectId, imageId, { limit, marker }, call),
    listImageMembersV1Page: (imageId, { projectId = core.projectId, limit, marker, ...call } = {}) =>
      projectId === undefined ? noProject() : listImageMembersV1Page(core, projectId, imageId, { limit, marker }, call),
    showImageMemberV1: (imageId, memberId, { projectId = core.projectId, ...call } = {}) =>
      projectId === undefined ? noProject() : showImageMemberV1(core, projectId, imageId, memberId, call),
    showImage: (imageId, call) => showImage(core, imageId, call),
    listSharedImages: (options) => listSharedImages(core, options),
    listVersions: (call) => listVersions(core, call),
    listVersionsDocument: (call) => listVersionsDocument(core, call),
    showImageSchema: (call) => showImageSchema(core, call),
    showImagesSchema: (call) => showImagesSchema(core, call),
    shareImage: (imageId, projectId, call) => addImageMember(core, imageId, { member: projectId }, call),
    listImageMembers: (imageId, call) => listImageMembers(core, imageId, call),
    showImageMember: (imageId, memberId, call) => showImageMember(core, imageId, memberId, call),
    revokeImageMember: (imageId, memberId, call) => deleteImageMember(core, imageId, memberId, call),
    showMembersSchema: (call) => showMembersSchema(core, call),
    showMemberSchema: (call) => showMemberSchema(core, call),
    raw: createRawClient(options, core.baseUrl),
  };
}
