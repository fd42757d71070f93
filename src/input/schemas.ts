/**
 * zod schemas for every command's input (SPEC §8), used by `apply` on untrusted input.
 * Unknown keys are refused (`strict`), so a typo such as `project` for `projectId` is reported
 * rather than silently ignored.
 *
 * @module
 */
import { z } from 'zod';
import { IMAGE_KINDS, SERVER_FLAVORS } from '../rules/limits.js';

/** Any non-empty string: ids are opaque, so `__proto__` or a 10,000-character id is an ordinary id. */
export const idSchema = z.string().min(1);
const name = z.string().min(1);
const actor = idSchema;
const kind = z.enum(IMAGE_KINDS);

/** S3: a share target. */
export const shareTargetSchema = z.object({ account: idSchema, project: idSchema.optional() }).strict();
const targets = z.array(shareTargetSchema).min(1);

/**
 * The input schema of every command, by its key in the `commands` map.
 *
 * @example
 * ```ts
 * inputSchemas.share.safeParse({ actor: 'alice', imageId: 'img-1', targets: [{ account: 'bob' }] }).success; // true
 * ```
 */
export const inputSchemas = {
  addAccount: z.object({ id: idSchema, name, site: idSchema }).strict(),
  addIamUser: z.object({ id: idSchema, accountId: idSchema }).strict(),
  addProject: z.object({ actor, id: idSchema, regionId: idSchema, name }).strict(),
  registerImage: z.object({ actor, id: idSchema, projectId: idSchema, name, kind, encrypted: z.boolean().optional() }).strict(),
  share: z.object({ actor, imageId: idSchema, targets }).strict(),
  accept: z.object({ actor, imageId: idSchema, projectId: idSchema.optional() }).strict(),
  reject: z.object({ actor, imageId: idSchema, projectId: idSchema.optional() }).strict(),
  stopSharing: z.object({ actor, imageId: idSchema, targets: targets.optional() }).strict(),
  delete: z.object({ actor, imageId: idSchema }).strict(),
  deleteImage: z.object({ actor, imageId: idSchema }).strict(),
  replicate: z.object({
    actor, imageId: idSchema, projectId: idSchema, newImageId: idSchema, name: name.optional(), encrypted: z.boolean().optional(),
  }).strict(),
  replicateAcrossRegion: z.object({
    actor, imageId: idSchema, targetRegionId: idSchema, targetProjectId: idSchema.optional(), newImageId: idSchema, name: name.optional(),
  }).strict(),
  createServer: z.object({
    actor, id: idSchema, projectId: idSchema, az: idSchema, imageId: idSchema, flavor: z.enum(SERVER_FLAVORS).optional(), eip: idSchema.optional(),
  }).strict(),
  reinstallOs: z.object({ actor, serverId: idSchema }).strict(),
  changeOs: z.object({ actor, serverId: idSchema, imageId: idSchema }).strict(),
  createImageFromServer: z.object({ actor, serverId: idSchema, newImageId: idSchema, name, kind }).strict(),
  createDataDisk: z.object({ actor, id: idSchema, projectId: idSchema, az: idSchema, imageId: idSchema.optional() }).strict(),
  restoreDataDisk: z.object({ actor, diskId: idSchema, imageId: idSchema }).strict(),
} as const;

/**
 * A command's key in the `commands` map.
 *
 * @example
 * ```ts
 * const type: CommandType = 'replicateAcrossRegion';
 * ```
 */
export type CommandType = keyof typeof inputSchemas;
