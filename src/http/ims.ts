/**
 * The IMS v1 extensions (H4): batch members over images and projects, copy inside a region
 * (R1), copy across regions (R2), answered `{ job_id }`, and the jobs that report them. The
 * model runs a job at once: `SUCCESS` with what it made, or `FAIL` with the violation and the
 * world unchanged (a batch is all or nothing).
 *
 * @module
 */
import { z } from 'zod';
import { boundedArray, nonEmptyString } from '../internal/zod-checks.js';
import { accept, reject } from '../commands/membership.js';
import { replicateAcrossRegion } from '../commands/replicate-across-region.js';
import { replicate } from '../commands/replicate.js';
import { share } from '../commands/share.js';
import { stopSharing } from '../commands/stop-sharing.js';
import { type RuleViolation, notFound } from '../errors.js';
import { getProject } from '../queries/getters.js';
import { listProjects } from '../queries/listings.js';
import type { Result } from '../result.js';
import type { State } from '../state/store.js';
import { type Ctx, type Outcome, isResponse, readBody } from './glance.js';
import { json, refusal, timeAt } from './protocol.js';
import { withJob } from './jobs.js';
import type { ApiServer, Job } from './server.js';

/** Records a job and answers `{ job_id }`; a failed job leaves the world as it was. */
function job(ctx: Ctx, type: string, outcome: { world: State; entities: Record<string, string> } | RuleViolation): Outcome {
  const id = `job-${ctx.server.jobCount + 1}`;
  const failed = 'code' in outcome;
  const world = failed ? ctx.server.world : outcome.world;
  const record: Job = Object.freeze({
    id, type, project: ctx.grant.project, status: failed ? 'FAIL' : 'SUCCESS', version: world.version,
    entities: Object.freeze(failed ? {} : outcome.entities), ...(failed ? { error: outcome } : {}),
  });
  const server: ApiServer = Object.freeze({
    ...ctx.server, world, jobCount: ctx.server.jobCount + 1, jobs: withJob(ctx.server.jobs, record),
  });
  return { server, response: json(200, { job_id: id }) };
}

/** Runs steps one after another on a working world: the first refusal stops the batch. */
function chain(world: State, steps: readonly ((w: State) => Result)[]): State | RuleViolation {
  let current = world;
  for (const step of steps) {
    const r = step(current);
    if (!r.ok) return r.error;
    current = r.state;
  }
  return current;
}

const ids = boundedArray(nonEmptyString(), { min: 1 });
const addBody = z.object({ images: ids, projects: ids });
const updateBody = z.object({ images: ids, project_id: nonEmptyString(), status: z.enum(['accepted', 'rejected']) });

/** `POST|PUT|DELETE /v1/cloudimages/members`: batches of share, accept/reject and stopSharing. */
export function batchMembers(ctx: Ctx, method: string): Outcome {
  const actor = ctx.grant.principal;
  if (method === 'PUT') {
    const body = readBody(ctx, updateBody);
    if (isResponse(body)) return { server: ctx.server, response: body };
    if (body.project_id !== ctx.grant.project) return job(ctx, 'batchUpdateMembers', notFound('M1', 'membership', body.project_id));
    const decide = body.status === 'accepted' ? accept : reject;
    const done = chain(ctx.server.world, body.images.map((imageId) => (w: State) => decide(w, { actor, imageId, projectId: body.project_id })));
    return job(ctx, 'batchUpdateMembers', 'code' in done ? done : { world: done, entities: {} });
  }
  const body = readBody(ctx, addBody);
  if (isResponse(body)) return { server: ctx.server, response: body };
  const targets: { account: string; project: string }[] = [];
  for (const projectId of body.projects) {
    const p = getProject(ctx.server.world, projectId);
    if (p === undefined) return job(ctx, method === 'POST' ? 'batchAddMembers' : 'batchDeleteMembers', notFound('S3', 'project', projectId));
    targets.push({ account: p.accountId, project: p.id });
  }
  const command = method === 'POST' ? share : stopSharing;
  const done = chain(ctx.server.world, body.images.map((imageId) => (w: State) => command(w, { actor, imageId, targets })));
  return job(ctx, method === 'POST' ? 'batchAddMembers' : 'batchDeleteMembers', 'code' in done ? done : { world: done, entities: {} });
}

/** The id of the image a successful copy made (its event carries it). */
function madeImage(r: Result): string {
  if (!r.ok) return '';
  const e = r.events[0];
  return e !== undefined && 'image' in e ? e.image.id : '';
}

const copyBody = z.object({ name: nonEmptyString(), cmk_id: nonEmptyString().optional() });

/** `POST /v1/cloudimages/{id}/copy` `{ name, cmk_id? }`: R1, into the token's project (`cmk_id` asks for encryption). */
export function copyImage(ctx: Ctx, imageId: string): Outcome {
  const body = readBody(ctx, copyBody);
  if (isResponse(body)) return { server: ctx.server, response: body };
  const r = replicate(ctx.server.world, {
    actor: ctx.grant.principal, imageId, projectId: ctx.grant.project, name: body.name, ...(body.cmk_id === undefined ? {} : { encrypted: true }),
  });
  return job(ctx, 'copyImageInRegion', r.ok ? { world: r.state, entities: { image_id: madeImage(r) } } : r.error);
}

const crossBody = z.object({ name: nonEmptyString(), region: nonEmptyString(), project_name: nonEmptyString() });

/** `POST /v1/cloudimages/{id}/cross_region_copy` `{ name, region, project_name }`: R2, into the account's project of that name there. */
export function crossRegionCopy(ctx: Ctx, imageId: string): Outcome {
  const body = readBody(ctx, crossBody);
  if (isResponse(body)) return { server: ctx.server, response: body };
  const world = ctx.server.world;
  const owner = getProject(world, ctx.grant.project)?.accountId ?? '';
  const target = listProjects(world, { accountId: owner, regionId: body.region }).find((p) => p.name === body.project_name);
  if (target === undefined) return job(ctx, 'copyImageCrossRegion', notFound('R2', 'project', body.project_name));
  const r = replicateAcrossRegion(world, { actor: ctx.grant.principal, imageId, targetRegionId: body.region, targetProjectId: target.id, name: body.name });
  return job(ctx, 'copyImageCrossRegion', r.ok ? { world: r.state, entities: { image_id: madeImage(r) } } : r.error);
}

/** `GET /v1/{project_id}/jobs/{job_id}`: a job of the token's project. */
export function showJob(ctx: Ctx, projectId: string, jobId: string): Outcome {
  const j = ctx.server.jobs.get(jobId);
  if (j === undefined || j.project !== projectId || projectId !== ctx.grant.project) {
    return { server: ctx.server, response: refusal(notFound('H4', 'job', jobId, 'a job is read with the token of the project that made it')) };
  }
  const at = timeAt(j.version);
  return {
    server: ctx.server,
    response: json(200, {
      status: j.status, job_id: j.id, job_type: j.type, begin_time: at, end_time: at, entities: j.entities,
      error_code: j.error === undefined ? null : (j.error.imsCode ?? j.error.code),
      fail_reason: j.error === undefined ? null : j.error.message,
      ...(j.error === undefined ? {} : { error: { code: j.error.code, message: j.error.message, rule: j.error.rule } }),
    }),
  };
}
