/**
 * The ids a state holds, listed for generators (O(size of the world): for tests, not for
 * simulators).
 *
 * @module
 */
import type { Image, Membership, Project, Server, DataDisk } from '../entities.js';
import { values } from '../internal/pmap.js';
import { forEach, keys } from '../internal/pmap.js';
import { checkState } from '../internal/setup.js';
import type { State } from '../state/store.js';

/**
 * Every id of a state, by entity, in a stable order.
 *
 * @example
 * ```ts
 * const pools: IdPools = idPools(state);
 * ```
 */
export interface IdPools {
  readonly sites: readonly string[];
  readonly regions: readonly string[];
  readonly azs: readonly string[];
  readonly accounts: readonly string[];
  readonly accountNames: readonly string[];
  readonly principals: readonly string[];
  readonly projects: readonly Project[];
  readonly images: readonly Image[];
  readonly deletedImages: readonly string[];
  readonly memberships: readonly Membership[];
  readonly servers: readonly Server[];
  readonly disks: readonly DataDisk[];
}

const byId = <T extends { id: string }>(xs: T[]): T[] => xs.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

const sorted = (xs: string[]): string[] => xs.sort();

/**
 * Lists the ids of a state.
 *
 * @example
 * ```ts
 * const { images, principals } = idPools(state);
 * ```
 */
export function idPools(state: State): IdPools {
  checkState('idPools', state);
  const t = state.tables;
  const memberships: Membership[] = [];
  forEach(t.images, (rec) => forEach(rec.members, (m) => memberships.push(m)));
  memberships.sort((a, b) => (a.imageId + '\u0000' + a.projectId < b.imageId + '\u0000' + b.projectId ? -1 : 1));
  const accountNames: string[] = [];
  forEach(t.accounts, (rec) => accountNames.push(rec.account.name));
  return {
    sites: state.catalogue.sites.map((s) => s.id),
    regions: state.catalogue.regions.map((r) => r.id),
    azs: state.catalogue.regions.flatMap((r) => r.azs),
    accounts: sorted(keys(t.accounts)),
    accountNames: sorted(accountNames),
    principals: sorted(keys(t.principals)),
    projects: byId(values(t.projects).map((r) => r.project)),
    images: byId(values(t.images).map((r) => r.image)),
    deletedImages: sorted(keys(t.retired)),
    memberships,
    servers: byId(values(t.servers).map((r) => r.server)),
    disks: byId(values(t.disks).map((r) => r.disk)),
  };
}
