/**
 * The OpenStack Image API v2 routes IMS keeps (H4): images (list, show, delete) and members
 * (add, list, show, update status, remove). Members are project ids (H3); the facade finds
 * their account. Every answer comes from the model's commands and queries, so every rule
 * holds and every refusal is the model's violation (H5).
 *
 * @module
 */
import { z } from 'zod';
import { nonEmptyString } from '../internal/zod-checks.js';
import { accept, reject } from '../commands/membership.js';
import { deleteImage } from '../commands/delete-image.js';
import { share } from '../commands/share.js';
import { stopSharing } from '../commands/stop-sharing.js';
import { notFound, toIssues, violation } from '../errors.js';
import { type LongList, parseCut } from '../internal/cut.js';
import { getImage, getMembership, getProject } from '../queries/getters.js';
import { listImages, listMemberships } from '../queries/listings.js';
import { membersOf } from '../queries/shared-with.js';
import type { Result } from '../result.js';
import { isId } from '../state/store.js';
import type { ApiServer, TokenGrant } from './server.js';
import { type ApiResponse, json, noContent, refusal } from './protocol.js';
import { viewFilter } from './filters.js';
import { imageView, memberView } from './views.js';

/** What a route handler works with. */
export interface Ctx {
  readonly server: ApiServer;
  readonly grant: TokenGrant;
  readonly query: Readonly<Record<string, string>>;
  readonly body: unknown;
}

/** A handler's outcome: the response, and the server after it (the same one when nothing changed). */
export interface Outcome {
  readonly server: ApiServer;
  readonly response: ApiResponse;
}

const same = (ctx: Ctx, response: ApiResponse): Outcome => ({ server: ctx.server, response });

/** Applies a command result: a refusal answers with its violation and changes nothing (H5). */
export function commit(ctx: Ctx, r: Result, ok: (server: ApiServer) => ApiResponse): Outcome {
  if (!r.ok) return same(ctx, refusal(r.error));
  const server = Object.freeze({ ...ctx.server, world: r.state });
  return { server, response: ok(server) };
}

/** The body, checked: unknown keys are ignored (H4), a malformed one is `invalid_input` (400). */
export function readBody<T>(ctx: Ctx, schema: z.ZodType<T>): T | ApiResponse {
  // Reading a body handed to `handle` as a value may throw: `handle` answers that as unreadable.
  const parsed = parseCut(schema, ctx.body, ID_LISTS);
  if (parsed.ok) return parsed.data as T;
  return refusal(violation({
    code: 'invalid_input', rule: 'input', message: 'the request body does not fit this endpoint',
    issues: toIssues(parsed.issues),
  }));
}

/** The id lists of the batch bodies (H4): a refusal describes their first malformed entries only (F3). */
const ID_LISTS: readonly LongList[] = Object.freeze(['images', 'projects'].map((key): LongList => ({ key, passes: isId, entry: nonEmptyString() })));

export const isResponse = (x: unknown): x is ApiResponse => typeof x === 'object' && x !== null && 'status' in x && 'headers' in x;

/** The account of a member project, for a share target (H3). */
function target(ctx: Ctx, memberId: string): { account: string; project: string } | undefined {
  const p = getProject(ctx.server.world, memberId);
  return p === undefined ? undefined : { account: p.accountId, project: p.id };
}

const memberBody = z.object({ member: nonEmptyString() });
const statusBody = z.object({ status: z.enum(['accepted', 'rejected', 'pending']) });

/** `POST /v2/images/{id}/members` `{ member }`: share with a project (S1 to S8). */
export function addMember(ctx: Ctx, imageId: string): Outcome {
  const body = readBody(ctx, memberBody);
  if (isResponse(body)) return same(ctx, body);
  const t = target(ctx, body.member);
  if (t === undefined) return same(ctx, refusal(notFound('S3', 'project', body.member)));
  const r = share(ctx.server.world, { actor: ctx.grant.principal, imageId, targets: [t] });
  return commit(ctx, r, (s) => json(200, memberView(getMembership(s.world, imageId, t.project) as NonNullable<ReturnType<typeof getMembership>>)));
}

/** `GET /v2/images/{id}/members`: the owner sees every member, a member its own (M6). */
export function listMembers(ctx: Ctx, imageId: string): Outcome {
  const r = membersOf(ctx.server.world, ctx.grant.principal, imageId);
  if (!r.ok) return same(ctx, refusal(r.error));
  return same(ctx, json(200, { members: r.value.map(memberView), schema: '/v2/schemas/members' }));
}

/** `GET /v2/images/{id}/members/{member}`: one member the caller may see, else 404. */
export function showMember(ctx: Ctx, imageId: string, memberId: string): Outcome {
  const r = membersOf(ctx.server.world, ctx.grant.principal, imageId);
  const m = r.ok ? r.value.find((x) => x.projectId === memberId) : undefined;
  if (m === undefined) return same(ctx, refusal(notFound('M6', 'membership', `${imageId}/${memberId}`)));
  return same(ctx, json(200, memberView(m)));
}

/** `PUT /v2/images/{id}/members/{member}` `{ status }`: the member accepts or rejects, for the token's project (M1, M2, H3). */
export function updateMember(ctx: Ctx, imageId: string, memberId: string): Outcome {
  const body = readBody(ctx, statusBody);
  if (isResponse(body)) return same(ctx, body);
  if (memberId !== ctx.grant.project) return same(ctx, refusal(notFound('M1', 'membership', `${imageId}/${memberId}`)));
  if (body.status === 'pending') {
    return same(ctx, refusal(violation({
      code: 'invalid_input', rule: 'M2', message: 'a member sets its status to accepted or rejected; only the owner makes it pending again, by sharing again (S6)',
      issues: Object.freeze([Object.freeze({ path: Object.freeze(['status']), message: 'accepted or rejected', code: 'invalid_value' })]),
    })));
  }
  const decide = body.status === 'accepted' ? accept : reject;
  const r = decide(ctx.server.world, { actor: ctx.grant.principal, imageId, projectId: memberId });
  return commit(ctx, r, (s) => json(200, memberView(getMembership(s.world, imageId, memberId) as NonNullable<ReturnType<typeof getMembership>>)));
}

/** `DELETE /v2/images/{id}/members/{member}`: the owner stops sharing with a project (S9). */
export function removeMember(ctx: Ctx, imageId: string, memberId: string): Outcome {
  const t = target(ctx, memberId);
  if (t === undefined) return same(ctx, refusal(notFound('S9', 'membership', `${imageId}/${memberId}`)));
  const r = stopSharing(ctx.server.world, { actor: ctx.grant.principal, imageId, targets: [t] });
  return commit(ctx, r, () => noContent());
}

/** Whether the token's principal may see the image (S1: owner's account, or a membership of any status). */
function visible(ctx: Ctx, imageId: string): boolean {
  return membersOf(ctx.server.world, ctx.grant.principal, imageId).ok;
}

/** `GET /v2/images/{id}`. */
export function showImage(ctx: Ctx, imageId: string): Outcome {
  const image = getImage(ctx.server.world, imageId);
  if (image === undefined || !visible(ctx, imageId)) return same(ctx, refusal(notFound('S1', 'image', imageId)));
  return same(ctx, json(200, imageView(ctx.server.world, image, ctx.grant.project)));
}

/** `DELETE /v2/images/{id}`: the owner deletes (S1, D1). */
export function removeImage(ctx: Ctx, imageId: string): Outcome {
  return commit(ctx, deleteImage(ctx.server.world, { actor: ctx.grant.principal, imageId }), () => noContent());
}

const MEMBER_STATUSES = ['pending', 'accepted', 'rejected'] as const;

/**
 * `GET /v2/images`: the token project's images. `visibility`: `private` (owned, no members),
 * `shared` (shared with the project, by `member_status`, default `accepted`, or `all`), absent
 * or `all` (owned, and shared by `member_status`); `public` and `community`: none. `owner`
 * filters by owner project; `name`, `id`, `status`, `container_format`, `disk_format`,
 * `protected` and `tag` as Glance does (`filters.ts`). `limit`, `marker`, `sort_key`,
 * `sort_dir` are ignored: one page.
 */
export function listImagesRoute(ctx: Ctx): Outcome {
  const { world } = ctx.server;
  const project = ctx.grant.project;
  const visibility = ctx.query.visibility ?? 'all';
  const status = ctx.query.member_status ?? 'accepted';
  if (![...MEMBER_STATUSES, 'all'].includes(status) || !['private', 'shared', 'public', 'community', 'all'].includes(visibility)) {
    return same(ctx, refusal(violation({
      code: 'invalid_input', rule: 'M4', message: 'visibility is private, shared, public, community or all; member_status is pending, accepted, rejected or all',
      issues: Object.freeze([]),
    })));
  }
  const owned = visibility === 'shared' || visibility === 'public' || visibility === 'community' ? [] : listImages(world, { projectId: project });
  const received = visibility === 'private' || visibility === 'public' || visibility === 'community' ? [] : listMemberships(world, { projectId: project })
    .filter((m) => status === 'all' || m.status === status)
    .map((m) => getImage(world, m.imageId))
    .filter((i) => i !== undefined);
  const fields = viewFilter(ctx.query);
  const views = [...owned, ...received]
    .sort((a, b) => a.createdAt - b.createdAt)
    .map((i) => imageView(world, i, project))
    .filter((v) => (visibility !== 'private' || v.visibility === 'private') && (ctx.query.owner === undefined || v.owner === ctx.query.owner) && fields(v));
  return same(ctx, json(200, { images: views, schema: '/v2/schemas/images', first: '/v2/images' }));
}
