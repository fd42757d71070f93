/**
 * The only writer of the state's tables. A command opens a {@link Tx} on a state, checks its
 * rules with the reads of `store.ts`, writes through the transaction, and commits: one new
 * frozen state whose version is one more (W4), sharing every untouched node with the old one.
 * A transaction that is not committed leaves no trace: the input state is never touched.
 *
 * Internal: not part of the public API.
 * @module
 */
import type { Account, DataDisk, Image, Membership, Principal, Project, Server } from '../entities.js';
import type { DomainEvent } from '../events.js';
import { type PMap, emptyMap, get, inTransient, remove, sealRecord, set } from '../internal/pmap.js';
import { type LoggedTable, newState } from './explain.js';
import { membersInOrder } from './order.js';
import type { Result } from '../result.js';
import type { MembershipStatus } from '../vocabulary.js';
import {
  type AccountRecord, type ImageRecord, type Lineage, type ProjectRecord, type RegionProjects, type RetiredRecord, type State, type Tables,
} from './store.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** An empty lineage (a new image's). */
export const EMPTY_LINEAGE: Lineage = Object.freeze({ derived: emptyMap<true>(), servers: emptyMap<true>(), disks: emptyMap<true>() });

/** An empty received-memberships index of a new project. */
export const EMPTY_RECEIVED: ProjectRecord['received'] = Object.freeze({
  pending: emptyMap<Membership>(),
  accepted: emptyMap<Membership>(),
  rejected: emptyMap<Membership>(),
});

/*
 * Records with fields replaced, written out in full: a spread followed by fields
 * (`{ ...r, k: v }`), and an object literal with a computed key (`{ ...r, [k]: v }`), take V8's
 * slow generic path on every command (measured on 2026-12-06: about 300 ns for a spread with
 * three fields after it, against 35 ns for the literal written out).
 */

/** The record of an image without memberships (a new image's, or a loaded one's), with its lineage. */
export function unsharedImage(image: Image, lineage: Lineage): ImageRecord {
  return { image, members: emptyMap<Membership>(), memberSeq: emptyMap<number>(), accepted: 0, lineage };
}

/** An image record with its memberships, accepted count and lineage as given. */
function imageWith(r: ImageRecord, members: PMap<Membership>, memberSeq: PMap<number>, accepted: number, lineage: Lineage): ImageRecord {
  return { image: r.image, members, memberSeq, accepted, lineage };
}

/** A project record with its owned images, received memberships, servers and disks as given. */
function projectWith(r: ProjectRecord, owned: PMap<true>, received: ProjectRecord['received'], servers: PMap<true>, disks: PMap<true>): ProjectRecord {
  return { project: r.project, owned, received, servers, disks, seq: r.seq };
}

/** An account record with its projects by region as given. */
function accountWith(r: AccountRecord, regions: PMap<RegionProjects>): AccountRecord {
  return { account: r.account, regions, seq: r.seq };
}

/** `received` with the index of one status replaced. */
function withStatus(r: ProjectRecord['received'], status: MembershipStatus, map: PMap<Membership>): ProjectRecord['received'] {
  return {
    pending: status === 'pending' ? map : r.pending,
    accepted: status === 'accepted' ? map : r.accepted,
    rejected: status === 'rejected' ? map : r.rejected,
  };
}

/** A lineage with one of its id sets replaced. */
function withLink(l: Lineage, field: keyof Lineage, ids: PMap<true>): Lineage {
  return {
    derived: field === 'derived' ? ids : l.derived,
    servers: field === 'servers' ? ids : l.servers,
    disks: field === 'disks' ? ids : l.disks,
  };
}

/** An account's projects in a region with `p` added (W1, W2): its name indexed, its default if it is one. */
function withProject(r: RegionProjects | undefined, p: Project): RegionProjects {
  const otherImages = r?.otherImages ?? 0;
  if (p.isDefault && r?.defaultProject === undefined) {
    return sealRecord({ defaultProject: p, others: r?.others ?? emptyMap<Project>(), otherNames: r?.otherNames ?? emptyMap<string>(), otherImages });
  }
  return sealRecord({
    defaultProject: r?.defaultProject,
    others: set(r?.others ?? emptyMap<Project>(), p.id, p),
    otherNames: set(r?.otherNames ?? emptyMap<string>(), p.name, p.id),
    otherImages,
  });
}

/** A pending change to a state. */
export class Tx {
  /** The version the committed state will have (W4). */
  readonly version: number;
  private readonly t: Mutable<Tables>;
  private readonly events: DomainEvent[] = [];
  /**
   * What this command writes to the tables `diff` reports: table, key, before, after (flat).
   * None on the batch path: its states are never seen, so no `diff` can ask for their logs.
   */
  private readonly log: unknown[] | undefined = inTransient() ? undefined : [];

  constructor(private readonly base: State) {
    this.version = base.version + 1;
    // Written out: a spread of the frozen tables takes V8's generic copy on every command.
    const t = base.tables;
    this.t = {
      regions: t.regions, principals: t.principals, accounts: t.accounts, accountNames: t.accountNames, projects: t.projects,
      images: t.images, retired: t.retired, servers: t.servers, disks: t.disks, serial: t.serial,
    };
  }

  /** The next place in creation order (F1: listings and snapshots keep it). */
  private nextSeq(): number {
    return this.t.serial++;
  }

  private note(table: LoggedTable, key: string, before: unknown, after: unknown): void {
    this.log?.push(table, key, before, after);
  }

  /** Records an event (frozen). */
  emit(event: DomainEvent): void {
    this.events.push(Object.freeze(event));
  }

  /**
   * The new state and its events. The state keeps the log, and a caller may keep the events:
   * both are kept as exact-size copies, since an array that grew by `push` keeps the spare slots
   * of its growth for good (a one-event list built by `push` holds 17 slots).
   */
  commit(): Result {
    const origin = this.log === undefined ? undefined : { from: this.base, log: Object.freeze(this.log.slice()) };
    const state = newState(this.version, this.base.config, this.base.catalogue, this.t, origin);
    return Object.freeze({ ok: true, state, events: Object.freeze(this.events.slice()) });
  }

  /** A new principal (the commands refuse a taken id first). */
  putPrincipal(p: Principal): void {
    this.note('principals', p.id, undefined, p);
    this.t.principals = set(this.t.principals, p.id, sealRecord(p));
  }

  private addAccount(rec: AccountRecord): void {
    this.putAccount(undefined, rec);
    this.t.accountNames = set(this.t.accountNames, rec.account.name, rec.account.id);
  }

  private putAccount(before: AccountRecord | undefined, rec: AccountRecord): void {
    this.note('accounts', rec.account.id, before, rec);
    this.t.accounts = set(this.t.accounts, rec.account.id, sealRecord(rec));
  }

  /** A new account with its default projects, indexed by region in one write. */
  addAccountWithProjects(account: Account, projects: readonly Project[]): void {
    let regions = emptyMap<RegionProjects>();
    for (const p of projects) regions = set(regions, p.regionId, withProject(get(regions, p.regionId), p));
    this.addAccount({ account, regions, seq: this.nextSeq() });
    for (const p of projects) this.putNewProject(p);
  }

  /** A project added to an existing account. */
  addProject(p: Project): void {
    const acc = get(this.t.accounts, p.accountId) as AccountRecord;
    this.putAccount(acc, accountWith(acc, set(acc.regions, p.regionId, withProject(get(acc.regions, p.regionId), p))));
    this.putNewProject(p);
  }

  /**
   * W3: one private image more, or one fewer, in `p`, a project other than its account's
   * default one in the region (whose owned set is its own count).
   */
  private countImage(p: Project, delta: 1 | -1): void {
    if (p.isDefault) return;
    const acc = get(this.t.accounts, p.accountId) as AccountRecord;
    const r = get(acc.regions, p.regionId) as RegionProjects;
    const counted = sealRecord({ defaultProject: r.defaultProject, others: r.others, otherNames: r.otherNames, otherImages: r.otherImages + delta });
    this.putAccount(acc, accountWith(acc, set(acc.regions, p.regionId, counted)));
  }

  private putNewProject(p: Project): void {
    const rec = sealRecord({
      project: p, owned: emptyMap<true>(), received: EMPTY_RECEIVED, servers: emptyMap<true>(), disks: emptyMap<true>(), seq: this.nextSeq(),
    });
    this.note('projects', p.id, undefined, rec);
    this.t.projects = set(this.t.projects, p.id, rec);
  }

  private project(id: string): ProjectRecord {
    return get(this.t.projects, id) as ProjectRecord;
  }

  private putProject(before: ProjectRecord, rec: ProjectRecord): void {
    this.note('projects', rec.project.id, before, rec);
    this.t.projects = set(this.t.projects, rec.project.id, sealRecord(rec));
  }

  private image(id: string): ImageRecord {
    return get(this.t.images, id) as ImageRecord;
  }

  private putImageRecord(before: ImageRecord | undefined, rec: ImageRecord): void {
    this.note('images', rec.image.id, before, rec);
    this.t.images = set(this.t.images, rec.image.id, sealRecord(rec));
  }

  private link(imageId: string, field: keyof Lineage, id: string, add: boolean): void {
    const live = get(this.t.images, imageId);
    // Every image ever made has a lineage: in its record while it lives, in `retired` after.
    const retired = live === undefined ? get(this.t.retired, imageId) as RetiredRecord : undefined;
    const lin = live?.lineage ?? (retired as RetiredRecord).lineage;
    const next = sealRecord(withLink(lin, field, add ? set(lin[field], id, true as const) : remove(lin[field], id)));
    if (live !== undefined) this.putImageRecord(live, imageWith(live, live.members, live.memberSeq, live.accepted, next));
    else this.t.retired = set(this.t.retired, imageId, sealRecord({ image: (retired as RetiredRecord).image, lineage: next }));
  }

  /** A new private image: owned by its project (which W3 counts), linked to its source (R3, E3). */
  addImage(img: Image): void {
    const frozen = Object.freeze(img);
    this.putImageRecord(undefined, unsharedImage(frozen, EMPTY_LINEAGE));
    const proj = this.project(img.ownerProjectId);
    this.putProject(proj, projectWith(proj, set(proj.owned, img.id, true as const), proj.received, proj.servers, proj.disks));
    this.countImage(proj.project, 1);
    if (img.derivedFrom !== undefined) this.link(img.derivedFrom, 'derived', img.id, true);
  }

  /**
   * D1: removes the image and every membership of it (returned in creation order); its record
   * and lineage move to `retired` (W2, X1, F1).
   */
  deleteImage(imageId: string): Membership[] {
    const rec = this.image(imageId);
    // Walk the members through the per-image index only: cost is the image's member count.
    const removed = membersInOrder(rec);
    for (const m of removed) this.unindexMembership(m);
    this.note('images', imageId, rec, undefined);
    this.t.images = remove(this.t.images, imageId);
    this.t.retired = set(this.t.retired, imageId, sealRecord({ image: rec.image, lineage: rec.lineage }));
    const proj = this.project(rec.image.ownerProjectId);
    this.putProject(proj, projectWith(proj, remove(proj.owned, imageId), proj.received, proj.servers, proj.disks));
    this.countImage(proj.project, -1);
    return removed;
  }

  private unindexMembership(m: Membership): void {
    const proj = this.project(m.projectId);
    const received = sealRecord(withStatus(proj.received, m.status, remove(proj.received[m.status], m.imageId)));
    this.putProject(proj, projectWith(proj, proj.owned, received, proj.servers, proj.disks));
  }

  /** Indexes a new server or disk under its project (for the listings). */
  private holds(projectId: string, field: 'servers' | 'disks', id: string): void {
    const proj = this.project(projectId);
    const ids = set(proj[field], id, true as const);
    const servers = field === 'servers' ? ids : proj.servers;
    const disks = field === 'disks' ? ids : proj.disks;
    this.putProject(proj, projectWith(proj, proj.owned, proj.received, servers, disks));
  }

  /** Sets a membership (new, or changing status), keeping both indexes and the accepted count (S4). */
  setMembership(m: Membership, previous?: MembershipStatus): Membership {
    const frozen = Object.freeze(m);
    const rec = this.image(m.imageId);
    const accepted = rec.accepted + (m.status === 'accepted' ? 1 : 0) - (previous === 'accepted' ? 1 : 0);
    const memberSeq = get(rec.memberSeq, m.projectId) === undefined ? set(rec.memberSeq, m.projectId, this.nextSeq()) : rec.memberSeq;
    this.putImageRecord(rec, imageWith(rec, set(rec.members, m.projectId, frozen), memberSeq, accepted, rec.lineage));
    const proj = this.project(m.projectId);
    let received = proj.received;
    if (previous !== undefined) received = withStatus(received, previous, remove(received[previous], m.imageId));
    received = sealRecord(withStatus(received, m.status, set(received[m.status], m.imageId, frozen)));
    this.putProject(proj, projectWith(proj, proj.owned, received, proj.servers, proj.disks));
    return frozen;
  }

  /** S9: removes one membership from both indexes. */
  removeMembership(m: Membership): void {
    const rec = this.image(m.imageId);
    const accepted = rec.accepted - (m.status === 'accepted' ? 1 : 0);
    this.putImageRecord(rec, imageWith(rec, remove(rec.members, m.projectId), remove(rec.memberSeq, m.projectId), accepted, rec.lineage));
    this.unindexMembership(m);
  }

  /** A new or changed server; keeps the image → servers index (X1) on the current image. */
  putServer(s: Server, previousImageId?: string): Server {
    const frozen = Object.freeze(s);
    const old = get(this.t.servers, s.id);
    const rec = sealRecord({ server: frozen, seq: old?.seq ?? this.nextSeq() });
    this.note('servers', s.id, old, rec);
    this.t.servers = set(this.t.servers, s.id, rec);
    if (old === undefined) this.holds(s.projectId, 'servers', s.id);
    if (previousImageId !== s.imageId) {
      if (previousImageId !== undefined) this.link(previousImageId, 'servers', s.id, false);
      this.link(s.imageId, 'servers', s.id, true);
    }
    return frozen;
  }

  /** A new or restored disk; keeps the image → disks index (X1). */
  putDisk(d: DataDisk, previousImageId?: string): DataDisk {
    const frozen = Object.freeze(d);
    const old = get(this.t.disks, d.id);
    const rec = sealRecord({ disk: frozen, seq: old?.seq ?? this.nextSeq() });
    this.note('disks', d.id, old, rec);
    this.t.disks = set(this.t.disks, d.id, rec);
    if (old === undefined) this.holds(d.projectId, 'disks', d.id);
    if (previousImageId !== d.imageId) {
      if (previousImageId !== undefined) this.link(previousImageId, 'disks', d.id, false);
      this.link(d.imageId as string, 'disks', d.id, true); // they differ, so the new one is set
    }
    return frozen;
  }
}
