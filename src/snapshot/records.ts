/**
 * The records a snapshot's load makes (F1): every project's, every account's, and the id sets
 * they hold, from what the loader gathered; and the records by id that the invariants read.
 *
 * Internal: not part of the public API.
 * @module
 */
import type { Membership, Project } from '../entities.js';
import { type PMap, emptyMap, fromArrays } from '../internal/pmap.js';
import type { RecordsById } from '../invariants.js';
import type { IdIndex } from '../internal/id-index.js';
import type { Grouped } from './grouped.js';
import type { ProjectRecord, RegionProjects } from '../state/store.js';
import { EMPTY_RECEIVED } from '../state/tx.js';
import type { MembershipStatus } from '../vocabulary.js';

/** Records by id: the index of the ids' list, and the records in the same order. */
export class Listed<R> implements RecordsById<R> {
  /** The place of the last record found, where {@link getNear} looks first. */
  private last = 0;
  constructor(private readonly at: IdIndex, private readonly records: readonly R[]) {}

  get size(): number {
    return this.records.length;
  }

  get(id: string): R | undefined {
    const i = this.at.get(id);
    return i === undefined ? undefined : this.records[i];
  }

  /**
   * `get` for reads that follow the list (W1 to W3 read each account's projects, which a saved
   * world lists together): the index looks near the last place found before its table
   * ({@link IdIndex.getNear}). On the bench's 1M world this took the W1 to W4 checks from
   * about 550 to 350 ms: lookups of the table missed the cache on every one of 600,000 projects.
   */
  getNear(id: string): R | undefined {
    const i = this.at.getNear(id, this.last);
    if (i === undefined) return undefined;
    this.last = i;
    return this.records[i];
  }

  forEach(fn: (record: R, id: string) => void): void {
    const ids = this.at.ids;
    for (let i = 0; i < this.records.length; i++) fn(this.records[i] as R, ids[i] as string);
  }
}

/** A growing list of `true`, the values of every id set (bulk loads read as many as they need). */
let trues: true[] = [];
function truesFor(n: number): readonly true[] {
  while (trues.length < n) trues = trues.concat(new Array<true>(Math.max(n - trues.length, trues.length)).fill(true));
  return trues;
}
/** The set of `ids` (empty when there are none). */
export const idSet = (ids: readonly string[] | undefined): PMap<true> => (ids === undefined ? emptyMap<true>() : fromArrays(ids, truesFor(ids.length)));

/** Keys and values side by side, for one bulk load. */
interface Pairs<V> { keys: string[]; values: V[] }
const pairs = <V>(): Pairs<V> => ({ keys: [], values: [] });

/** A project's servers and disks, gathered from the lists (made for the projects that hold any). */
export interface ProjectDraft {
  servers: string[] | undefined;
  disks: string[] | undefined;
}

const NOTHING: ProjectDraft = Object.freeze({ servers: undefined, disks: undefined });

/** What the loader gathered for every project, by its place in the project list. */
export interface Gathered {
  readonly drafts: readonly (ProjectDraft | undefined)[];
  /** The places of the images each project owns, in `imageIds`. */
  readonly images: Grouped;
  readonly imageIds: readonly string[];
  /** The places of the memberships each project received, in `membershipList`. */
  readonly memberships: Grouped;
  readonly membershipList: readonly Membership[];
}

/** A region that holds a default project alone. */
const alone = (p: Project): RegionProjects => Object.freeze({ defaultProject: p, others: emptyMap<Project>(), otherNames: emptyMap<string>(), otherImages: 0 });

/** The regions of an account that holds only default projects, each alone in its region (nearly every account), else `undefined`. */
function defaultsAlone(places: Grouped, account: number, projects: readonly Project[]): PMap<RegionProjects> | undefined {
  const regions: string[] = [];
  const held: RegionProjects[] = [];
  for (let j = places.from(account); j < places.to(account); j++) {
    const p = projects[places.order[j] as number] as Project;
    if (!p.isDefault || regions.includes(p.regionId)) return undefined;
    regions.push(p.regionId);
    held.push(alone(p));
  }
  return fromArrays(regions, held);
}

/**
 * An account's projects by region (W1, W2, W3), from their places in the snapshot's project
 * list (`account`'s group of `places`): the first default project, the others by id and by
 * name, and how many images the others own (their groups in `images`). A name used twice
 * shows as fewer names than projects, and a second default project sits with the others: the
 * invariants report both.
 */
export function byRegion(places: Grouped, account: number, projects: readonly Project[], images: Grouped): PMap<RegionProjects> {
  const defaults = defaultsAlone(places, account, projects);
  if (defaults !== undefined) return defaults;
  const regions: string[] = [];
  const groups: number[][] = [];
  for (let j = places.from(account); j < places.to(account); j++) {
    const i = places.order[j] as number;
    const regionId = (projects[i] as Project).regionId;
    let at = regions.indexOf(regionId);
    if (at < 0) at = regions.push(regionId) - 1;
    (groups[at] ??= []).push(i);
  }
  return fromArrays(regions, groups.map((g): RegionProjects => {
    const def = g.find((i) => (projects[i] as Project).isDefault);
    if (def !== undefined && g.length === 1) return alone(projects[def] as Project);
    let otherImages = 0;
    const others: Project[] = [];
    for (const i of g) {
      if (i === def) continue;
      others.push(projects[i] as Project);
      otherImages += images.size(i);
    }
    const ids = others.map((p) => p.id);
    return Object.freeze({
      defaultProject: def === undefined ? undefined : projects[def],
      others: fromArrays(ids, others),
      otherNames: fromArrays(others.map((p) => p.name), ids),
      otherImages,
    });
  }));
}

/** The record of the project at place `i` of the list, from what the loader gathered. */
export function projectRecord(project: Project, i: number, g: Gathered, seq: number): ProjectRecord {
  const d = g.drafts[i] ?? NOTHING;
  return Object.freeze({
    project,
    owned: g.images.size(i) === 0 ? emptyMap<true>() : idSet(g.images.pick(i, g.imageIds)),
    received: g.memberships.size(i) === 0 ? EMPTY_RECEIVED : receivedMaps(g.memberships.pick(i, g.membershipList)),
    servers: idSet(d.servers),
    disks: idSet(d.disks),
    seq,
  });
}

/** A project's received memberships by status, each keyed by image (M1). */
function receivedMaps(list: readonly Membership[]): ProjectRecord['received'] {
  const by: Record<MembershipStatus, Pairs<Membership>> = { pending: pairs(), accepted: pairs(), rejected: pairs() };
  for (const m of list) {
    by[m.status].keys.push(m.imageId);
    by[m.status].values.push(m);
  }
  return Object.freeze({
    pending: fromArrays(by.pending.keys, by.pending.values),
    accepted: fromArrays(by.accepted.keys, by.accepted.values),
    rejected: fromArrays(by.rejected.keys, by.rejected.values),
  });
}
