/**
 * F2: what the checks of `invariants.ts` read, and how they report. Internal: not part of the
 * public API.
 * @module
 */
import type { Region } from '../catalogue.js';
import type { Account, Image, Project } from '../entities.js';
import type { RuleId } from '../errors.js';
import { forEach, get } from '../internal/pmap.js';
import * as store from '../state/store.js';
import type { State } from '../state/store.js';

/** Reports one broken invariant. */
export type Bad = (rule: RuleId, message: string) => void;

/** Records by id: a `Map`, or the lists `fromSnapshot` built its tables from. */
export interface RecordsById<R> {
  readonly size: number;
  get(id: string): R | undefined;
  /** `get`, for reads in about the order of `forEach` (a list may look near its last read first). */
  getNear?(id: string): R | undefined;
  forEach(fn: (record: R, id: string) => void): void;
}

/**
 * The reads the checks make. Accounts and projects, which every entity names, are read from
 * plain maps (a hash lookup each rather than a walk down a trie); everything else from the
 * tables, and only where a check follows a reference.
 *
 * `indexes` says whether to check the indexes too (every derived table against the entities:
 * names, owned sets, received memberships, counts, creation order). `checkInvariants` checks
 * them, since a state may come from anywhere; a state just loaded by `fromSnapshot` has had
 * them built from the snapshot's lists in one place (`snapshot/load.ts`, which also checked
 * every reference), so its load checks the rules of the world only: every F2 rule about the
 * entities themselves, and a test holds `checkInvariants` to `[]` on what it loads.
 */
export class View {
  readonly regions = new Map<string, Region>();

  constructor(
    readonly state: State,
    readonly accounts: RecordsById<store.AccountRecord>,
    readonly projects: RecordsById<store.ProjectRecord>,
    readonly indexes: boolean,
  ) {
    for (const r of state.catalogue.regions) this.regions.set(r.id, r);
  }

  /** The view of any state: its accounts and projects read into maps once; indexes checked. */
  static of(state: State): View {
    const accounts = new Map<string, store.AccountRecord>();
    const projects = new Map<string, store.ProjectRecord>();
    forEach(state.tables.accounts, (r, id) => accounts.set(id, r));
    forEach(state.tables.projects, (r, id) => projects.set(id, r));
    return new View(state, accounts, projects, true);
  }

  account(id: string): Account | undefined {
    return this.accounts.get(id)?.account;
  }

  project(id: string): Project | undefined {
    return this.projects.get(id)?.project;
  }

  /** A project's record, read while walking the accounts in order (W1 to W3). */
  projectInWalk(id: string): store.ProjectRecord | undefined {
    const projects = this.projects;
    return projects.getNear === undefined ? projects.get(id) : projects.getNear(id);
  }

  anyImage(id: string): Image | undefined {
    return store.anyImage(this.state, id);
  }

  /** An account's projects in one region, as its record indexes them. */
  regionOf(accountId: string, regionId: string): store.RegionProjects | undefined {
    const rec = this.accounts.get(accountId);
    return rec === undefined ? undefined : get(rec.regions, regionId);
  }
}

