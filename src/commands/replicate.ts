/**
 * `replicate`: R1 (inside a region) and R3 (copies are independent, derived and counted).
 *
 * @module
 */
import { violation } from '../errors.js';
import { get } from '../internal/pmap.js';
import { type Result, type ResultOf, fail } from '../result.js';
import { actorAccount, isViolation, ownProject, requireUsable, visibleImage } from '../rules/access.js';
import { mintId } from '../rules/ids.js';
import { makeCopy } from '../rules/copies.js';
import { IMS_CODES, NON_REPLICABLE_KINDS } from '../rules/limits.js';
import { guarded } from '../input/door.js';
import type { State } from '../state/store.js';

/**
 * Input of {@link replicate}. `projectId` is where the copy lands; `name` defaults to `copy_<source name>`.
 *
 * @example
 * ```ts
 * const input: ReplicateInput = { actor: 'bob', imageId: 'img-1', projectId: 'bob:cn-north-4', newImageId: 'copy-1' };
 * ```
 */
export interface ReplicateInput {
  /** The principal who acts: an account id or an IAM user id (W2). */
  readonly actor: string;
  /** The source image: owned, or accepted in `projectId` (R1). */
  readonly imageId: string;
  /** Where the copy lands: a project of the actor's account where the image is usable (M5). */
  readonly projectId: string;
  /** The copy's id; left out, the model mints one (F5) and the event carries it. */
  readonly newImageId?: string;
  /** The copy's name; default `copy_<source name>`. */
  readonly name?: string;
  /** Whether the copy is encrypted; only for a copy of an owned image (R1, IMG.0197). */
  readonly encrypted?: boolean;
}

/**
 * Copies an image inside its region into a new private image of `projectId` (R1), where the
 * image must be usable (M5): an owned image is copied inside its own project and may change
 * `encrypted`; an accepted shared image is copied into the member project, unencrypted
 * ("Replicating a Shared Image"). The copy records `derivedFrom`, counts toward the quota, and
 * outlives its source (R3).
 *
 * @example
 * ```ts
 * const r = replicate(state, { actor: 'bob', imageId: 'img-1', projectId: 'bob:cn-north-4', newImageId: 'img-1-copy' });
 * if (r.ok) getImage(r.state, 'img-1-copy')?.name; // 'copy_<source name>'
 * ```
 */
export function replicate(state: State, input: ReplicateInput): ResultOf<'replicate'> {
  return guarded('replicate', state, input, replicateChecked) as ResultOf<'replicate'>;
}

/** Internal: {@link replicate} on an input its door has checked and copied (`apply` calls it so). */
export function replicateChecked(state: State, input: ReplicateInput): Result {
  const accountId = actorAccount(state, input.actor);
  if (isViolation(accountId)) return fail(accountId);
  const project = ownProject(state, accountId, input.projectId, 'R1');
  if (isViolation(project)) return fail(project);
  const view = visibleImage(state, accountId, input.imageId, 'R1');
  if (isViolation(view)) return fail(view);
  const source = view.image;
  if (NON_REPLICABLE_KINDS.includes(source.kind)) {
    return fail(violation({
      code: 'kind_not_replicable', rule: 'R1', imsCode: IMS_CODES.kindNotReplicable, imageId: source.id, kind: source.kind,
      message: `${source.kind} images cannot be replicated inside a region`,
    }));
  }
  const m = get(view.rec.members, project.id);
  if (m !== undefined && m.status !== 'accepted') {
    return fail(violation({
      code: 'membership_not_accepted', rule: 'R1', imsCode: IMS_CODES.membershipNotAccepted, imageId: source.id, projectId: project.id, status: m.status,
      message: `image '${source.id}' is ${m.status} in project '${project.id}': accept it before replicating it`,
    }));
  }
  const unusable = requireUsable(view, project.id, 'R1');
  if (unusable !== undefined) return fail(unusable);
  const shared = project.id !== source.ownerProjectId;
  if (shared && input.encrypted === true) {
    return fail(violation({
      code: 'encrypted_not_allowed', rule: 'R1', imsCode: IMS_CODES.encryptedSharedCopy, imageId: source.id,
      message: `a copy of the shared image '${source.id}' cannot be encrypted`,
    }));
  }
  return makeCopy(state, source, {
    newImageId: input.newImageId ?? mintId(state, 'image'), name: input.name, accountId, projectId: project.id, regionId: project.regionId,
    encrypted: shared ? false : input.encrypted ?? source.encrypted, crossRegion: false,
  });
}
