/**
 * F2, placements: E1 servers and E5 disks in their project's region, on images of the kinds
 * they take; E0 the project's index of them. Internal: not part of the public API.
 * @module
 */
import type { Image } from '../entities.js';
import type { RuleId } from '../errors.js';
import { forEach, get } from '../internal/pmap.js';
import { DISK_IMAGE_KINDS, SERVER_IMAGE_KINDS } from '../rules/limits.js';
import type { Bad, View } from './view.js';

/** E0, E1, E5 for every server and disk. */
export function checkPlacements(v: View, bad: Bad): void {
  const state = v.state;
  const placed = (kind: 'server' | 'disk', id: string, projectId: string, az: string, imageId: string | undefined, rule: RuleId, kinds: readonly Image['kind'][]): void => {
    const rec = v.projects.get(projectId);
    if (rec === undefined) {
      bad('E0', `${kind} ${id} names an unknown project`);
      return;
    }
    const p = rec.project;
    if (!(v.regions.get(p.regionId)?.azs.includes(az) ?? false)) bad(rule, `${kind} ${id} is in an AZ outside its region`);
    if (v.indexes && get(rec[kind === 'server' ? 'servers' : 'disks'], id) !== true) bad('E0', `${kind} ${id} is not indexed by its project`);
    if (imageId === undefined) return;
    const img = v.anyImage(imageId);
    if (img === undefined) {
      bad(rule, `${kind} ${id} names an image that never existed`);
      return;
    }
    if (!kinds.includes(img.kind)) bad(rule, `${kind} ${id} holds ${img.kind} image ${imageId}`);
    if (v.project(img.ownerProjectId)?.regionId !== p.regionId) bad(rule, `${kind} ${id} holds image ${imageId} of another region`);
  };
  forEach(state.tables.servers, (r, id) => {
    if (r.server.id !== id) bad('W2', `server key ${id} holds ${r.server.id}`);
    placed('server', id, r.server.projectId, r.server.az, r.server.imageId, 'E1', SERVER_IMAGE_KINDS);
  });
  forEach(state.tables.disks, (r, id) => {
    if (r.disk.id !== id) bad('W2', `disk key ${id} holds ${r.disk.id}`);
    placed('disk', id, r.disk.projectId, r.disk.az, r.disk.imageId, 'E5', DISK_IMAGE_KINDS);
  });
}
