/**
 * The input of every command, as data (SPEC §8, F3): one table of fields per command, from
 * which both the zod schemas and the fast guard of `door.ts` are made, so the two cannot
 * drift apart (a fuzz test checks that they agree). Unknown keys are refused (`strict`), so a
 * typo such as `project` for `projectId` is reported rather than silently ignored.
 *
 * @module
 */
import { z } from 'zod';
import { nonEmptyString } from '../internal/zod-checks.js';
import { deepFreeze, frozenSchema } from '../internal/freeze.js';
import { IMAGE_KINDS, SERVER_FLAVORS } from '../vocabulary.js';

/**
 * What a field holds: `id` and `name` are non-empty strings (ids are opaque, so `__proto__` or
 * a 10,000-character id is an ordinary id), `kind` an image kind, `flavor` a server flavor,
 * `bool` a boolean, `targets` an array of share targets `{ account, project? }`.
 */
export type FieldKind = 'id' | 'name' | 'kind' | 'flavor' | 'bool' | 'targets';

/** A field: its kind, and whether it may be left out. */
export type FieldSpec = readonly [kind: FieldKind, optional: boolean];

const req = (kind: FieldKind): FieldSpec => [kind, false];
const opt = (kind: FieldKind): FieldSpec => [kind, true];
const actor = req('id');
const imageId = req('id');

/**
 * The fields of every command's input, by the command's key in the `commands` map. New ids are
 * optional where IMS mints them (F5).
 */
export const COMMAND_FIELDS = deepFreeze({
  addAccount: { id: req('id'), name: req('name'), site: req('id') },
  addIamUser: { id: req('id'), accountId: req('id') },
  addProject: { actor, id: req('id'), regionId: req('id'), name: req('name') },
  registerImage: { actor, id: opt('id'), projectId: req('id'), name: req('name'), kind: req('kind'), encrypted: opt('bool') },
  share: { actor, imageId, targets: req('targets') },
  accept: { actor, imageId, projectId: opt('id') },
  reject: { actor, imageId, projectId: opt('id') },
  stopSharing: { actor, imageId, targets: opt('targets') },
  delete: { actor, imageId },
  deleteImage: { actor, imageId },
  replicate: { actor, imageId, projectId: req('id'), newImageId: opt('id'), name: opt('name'), encrypted: opt('bool') },
  replicateAcrossRegion: {
    actor, imageId, targetRegionId: req('id'), targetProjectId: opt('id'), newImageId: opt('id'), name: opt('name'),
  },
  createServer: {
    actor, id: opt('id'), projectId: req('id'), az: req('id'), imageId, flavor: opt('flavor'), eip: opt('id'),
  },
  reinstallOs: { actor, serverId: req('id') },
  changeOs: { actor, serverId: req('id'), imageId },
  createImageFromServer: { actor, serverId: req('id'), newImageId: opt('id'), name: req('name'), kind: req('kind') },
  createDataDisk: { actor, id: opt('id'), projectId: req('id'), az: req('id'), imageId: opt('id') },
  restoreDataDisk: { actor, diskId: req('id'), imageId },
} as const satisfies Record<string, Record<string, FieldSpec>>);

/**
 * A command's key in the `commands` map.
 *
 * @example
 * ```ts
 * const type: CommandType = 'replicateAcrossRegion';
 * ```
 */
export type CommandType = keyof typeof COMMAND_FIELDS;

/** Fresh zod schemas for one field kind (no instance is shared, so a frozen set never touches another). */
function fieldSchema(kind: FieldKind) {
  switch (kind) {
    case 'id':
    case 'name':
      return nonEmptyString();
    case 'kind':
      return z.enum(IMAGE_KINDS);
    case 'flavor':
      return z.enum(SERVER_FLAVORS);
    case 'bool':
      return z.boolean();
    case 'targets':
      // An empty batch is well-formed: the command refuses it under S7, naming the rule.
      return z.array(targetSchema());
  }
}

/** One share target `{ account, project? }`. */
function targetSchema() {
  return z.object({ account: nonEmptyString(), project: nonEmptyString().optional() }).strict();
}

function objectSchema(fields: Readonly<Record<string, FieldSpec>>) {
  const shape: Record<string, z.ZodType> = {};
  for (const [key, [kind, optional]] of Object.entries(fields)) shape[key] = optional ? fieldSchema(kind).optional() : fieldSchema(kind);
  return z.object(shape).strict();
}

type Schemas = { readonly [K in CommandType]: z.ZodType };

function makeSchemas(): Schemas {
  const out: Record<string, z.ZodType> = {};
  for (const [type, fields] of Object.entries(COMMAND_FIELDS)) out[type] = objectSchema(fields);
  return out as Schemas;
}

/** Internal: The instances the doors use to describe a refusal; never handed out. */
export const doorSchemas: Schemas = makeSchemas();

/** Internal: The door's schema of one share target (a refusal describes the first malformed ones). */
export const doorTargetSchema = targetSchema();

/**
 * The zod schema of every command's input, by its key in the `commands` map: the same rules
 * the doors apply (F3), for callers who validate ahead of time or build forms. Deeply frozen;
 * the library validates with instances of its own, so nothing done to these changes it.
 *
 * @example
 * ```ts
 * inputSchemas.share.safeParse({ actor: 'alice', imageId: 'img-1', targets: [{ account: 'bob' }] }).success; // true
 * ```
 */
export const inputSchemas: Schemas = (() => {
  const fresh = makeSchemas() as Record<string, z.ZodType>;
  for (const [type, schema] of Object.entries(fresh)) frozenSchema(schema, samples(COMMAND_FIELDS[type as CommandType]));
  return Object.freeze(fresh) as Schemas;
})();

/**
 * Inputs that walk every part of a command's schema (zod finishes some of its parts on their
 * first parse, so a schema is walked whole before it is frozen): every field present and
 * valid, every optional field left out, and each field of the wrong type.
 */
function samples(fields: Readonly<Record<string, FieldSpec>>): unknown[] {
  const good: Record<FieldKind, unknown> = {
    id: 'x', name: 'n', kind: IMAGE_KINDS[0], flavor: SERVER_FLAVORS[0], bool: true, targets: [{ account: 'a', project: 'p' }, { account: 'b' }],
  };
  const full: Record<string, unknown> = {};
  const required: Record<string, unknown> = {};
  for (const [key, [kind, optional]] of Object.entries(fields)) {
    full[key] = good[kind];
    if (!optional) required[key] = good[kind];
  }
  const wrong = Object.keys(fields).map((key) => ({ ...full, [key]: 0 }));
  const badTargets = [[{ account: '' }], [{ account: 'a', extra: 1 }], [0], 'x'].map((targets) => ({ ...full, targets }));
  return [full, required, { ...full, extra: 1 }, ...wrong, ...badTargets];
}
