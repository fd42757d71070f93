/**
 * What a user observes of a state: the answer of every query of SPEC §8, for every principal,
 * region, image (live, deleted, unknown), project, server and disk, lists in their order. Two
 * states a user cannot tell apart give deep-equal observations (F1).
 */
import {
  type State, canUseImage, defaultProject, exposure, getAccount, getDisk, getIamUser, getImage, getMembership, getProject,
  getServer, imagesSharedWith, listRegions, membersOf, visibleImages,
} from '../src/index.js';
import { idPools } from '../src/testing/index.js';

export function observe(state: State): unknown {
  const pools = idPools(state);
  const images = [...pools.images.map((i) => i.id), ...pools.deletedImages, 'never-made'];
  const principals = [...pools.principals, 'nobody'];
  const regions = pools.regions;
  const out: Record<string, unknown> = { regions: listRegions(state), version: state.version };
  for (const p of principals) {
    for (const r of regions) {
      out[`visible ${p} ${r}`] = visibleImages(state, p, r);
      for (const status of ['accepted', 'pending', 'rejected', 'all'] as const) out[`shared ${p} ${r} ${status}`] = imagesSharedWith(state, p, r, { status });
    }
    for (const i of images) {
      out[`use ${p} ${i}`] = canUseImage(state, p, i);
      out[`members ${p} ${i}`] = membersOf(state, p, i);
    }
    out[`account ${p}`] = getAccount(state, p);
    out[`iam ${p}`] = getIamUser(state, p);
    for (const r of regions) out[`default ${p} ${r}`] = defaultProject(state, p, r);
  }
  for (const i of images) {
    out[`image ${i}`] = getImage(state, i);
    out[`exposure ${i}`] = exposure(state, i);
    for (const p of pools.projects) out[`membership ${i} ${p.id}`] = getMembership(state, i, p.id);
  }
  for (const p of pools.projects) out[`project ${p.id}`] = getProject(state, p.id);
  for (const s of pools.servers) out[`server ${s.id}`] = getServer(state, s.id);
  for (const d of pools.disks) out[`disk ${d.id}`] = getDisk(state, d.id);
  return out;
}
