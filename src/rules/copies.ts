/**
 * R3: every copy (`replicate`, `replicateAcrossRegion`) is a new private image that records
 * `derivedFrom`, counts toward the private image quota (W3), has no members, and outlives its
 * source. This is the one place a copy is made.
 *
 * Internal: not part of the public API.
 * @module
 */
import type { Image } from '../entities.js';
import { type Result, fail } from '../result.js';
import type { State } from '../state/store.js';
import { Tx } from '../state/tx.js';
import { COPY_NAME_PREFIX } from './limits.js';
import { checkNewImage } from './quota.js';

/** Where and how a copy is made. */
export interface CopySpec {
  readonly newImageId: string;
  readonly name: string | undefined;
  readonly accountId: string;
  readonly projectId: string;
  readonly regionId: string;
  readonly encrypted: boolean;
  readonly crossRegion: boolean;
}

/** R3: makes the copy of `source`, or refuses it (`duplicate_id`, `private_image_quota_exceeded`). */
export function makeCopy(state: State, source: Image, spec: CopySpec): Result {
  const refused = checkNewImage(state, spec.newImageId, spec.accountId, spec.regionId, 'R3');
  if (refused !== undefined) return fail(refused);
  const tx = new Tx(state);
  const image: Image = Object.freeze({
    id: spec.newImageId,
    name: spec.name ?? `${COPY_NAME_PREFIX}${source.name}`,
    kind: source.kind,
    ownerProjectId: spec.projectId,
    encrypted: spec.encrypted,
    derivedFrom: source.id,
    createdAt: tx.version,
  });
  tx.addImage(image);
  tx.emit({ type: 'image_replicated', version: tx.version, image, sourceImageId: source.id, crossRegion: spec.crossRegion });
  return tx.commit();
}
