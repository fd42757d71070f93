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

class WorldState {
  /** The brand (F3): only instances of this class carry it. */
  readonly #brand = true;

  /** Whether `value` is a state of this copy of the library (runs no trap, never throws). */
  static is(value: object): boolean {
    return #brand in value;
  }

  constructor(
    readonly version: number,
    readonly config: WorldConfig,
    readonly catalogue: Catalogue,
    readonly tables: Tables,
  ) {
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

/** A new frozen, registered state (the only way states are made). */
export function newState(version: number, config: WorldConfig, catalogue: Catalogue, tables: Tables): State {
  return new WorldState(version, config, catalogue, sealRecord(tables)) as unknown as State;
}
