/**
 * States that explain themselves (SPEC §10): every state is an instance of one frozen class
 * whose prototype gives `toJSON` (its snapshot, so `JSON.stringify(state)` is loadable),
 * Node's `util.inspect` and fast-check's printer a one-line summary, and `toString` the same.
 * The state's own properties stay `version`, `config`, `catalogue` and the internal tables.
 *
 * Internal: not part of the public API.
 * @module
 */
import type { Catalogue } from '../catalogue.js';
import { forEach, sealRecord } from '../internal/pmap.js';
import type { WorldConfig } from '../rules/limits.js';
import { toSnapshot } from '../snapshot/write.js';
import { type State, type Tables, registerStateCheck } from './store.js';

const INSPECT = Symbol.for('nodejs.util.inspect.custom');
const FC_TO_STRING = Symbol.for('fast-check/toStringMethod');

/** One line: the version and how many of each entity the state holds. */
export function summary(state: State): string {
  const t = (state as unknown as { tables: Tables }).tables;
  let memberships = 0;
  forEach(t.images, (rec) => {
    memberships += rec.members.size;
  });
  const iamUsers = t.principals.size - t.accounts.size;
  return `State { version: ${state.version}, accounts: ${t.accounts.size}, iamUsers: ${iamUsers}, projects: ${t.projects.size}, ` +
    `images: ${t.images.size}, deletedImages: ${t.retired.size}, memberships: ${memberships}, servers: ${t.servers.size}, disks: ${t.disks.size} }`;
}

/**
 * Internal: what one command wrote, flat: `table, key, before, after` for every write to the
 * tables `diff` reports (a key written twice appears twice; the first `before` and the last
 * `after` count). Records, not copies: the `after` ones are the state's own.
 */
export type ChangeLog = readonly unknown[];

/** The tables a change log covers: those whose entities `diff` reports. */
export type LoggedTable = 'accounts' | 'principals' | 'projects' | 'images' | 'servers' | 'disks';

/** Numbers states within this copy of the library, so a state can name the one it came from without holding it. */
let serial = 0;

class WorldState {
  /** The brand (F3): only instances of this class carry it. */
  readonly #brand = true;
  /** This state's number, and the number of the state a command made it from (-1 if none). */
  readonly #id = serial++;
  readonly #from: number;
  /** What that command wrote (SPEC §10: `diff` of two states one command apart costs the change). */
  readonly #log: ChangeLog | undefined;

  /** Whether `value` is a state of this copy of the library (runs no trap, never throws). */
  static is(value: object): boolean {
    return #brand in value;
  }

  /** The change log of `after` when a command made it from `before`, else `undefined`. */
  static logBetween(before: object, after: object): ChangeLog | undefined {
    if (!(#brand in before) || !(#brand in after)) return undefined;
    return after.#from === before.#id ? after.#log : undefined;
  }

  constructor(
    readonly version: number,
    readonly config: WorldConfig,
    readonly catalogue: Catalogue,
    readonly tables: Tables,
    origin?: { readonly from: WorldState; readonly log: ChangeLog },
  ) {
    // A state of another copy of the library (its ESM or CJS twin) has no number here.
    this.#from = origin !== undefined && #id in origin.from ? origin.from.#id : -1;
    this.#log = origin?.log;
    Object.freeze(this);
  }

  toJSON(): unknown {
    return toSnapshot(this as unknown as State);
  }

  toString(): string {
    return summary(this as unknown as State);
  }

  [INSPECT](): string {
    return summary(this as unknown as State);
  }

  [FC_TO_STRING](): string {
    return summary(this as unknown as State);
  }
}
Object.freeze(WorldState.prototype);
registerStateCheck(WorldState.is);

/**
 * A new frozen, registered state (the only way states are made); a command's state also names
 * the state it was made from and carries what it wrote.
 */
export function newState(version: number, config: WorldConfig, catalogue: Catalogue, tables: Tables, origin?: { from: State; log: ChangeLog }): State {
  const from = origin === undefined ? undefined : { from: origin.from as unknown as WorldState, log: origin.log };
  return new WorldState(version, config, catalogue, sealRecord(tables), from) as unknown as State;
}

/**
 * What the command that made `after` from `before` wrote, when one did; else `undefined`
 * (also for anything that is not an object: never throws, F3).
 */
export function changeLog(before: unknown, after: unknown): ChangeLog | undefined {
  if (typeof before !== 'object' || before === null || typeof after !== 'object' || after === null) return undefined;
  return WorldState.logBetween(before, after);
}
