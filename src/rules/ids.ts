/**
 * Ids and names (F4, F5).
 *
 * - F4: an account's id may not be another account's name, nor its name another account's id,
 *   so S3's "id first, then name" can never be redirected by an account added later. Default
 *   project ids (`<accountId>:<regionId>`) are reserved: `addProject` cannot take one, so no
 *   account can block another's `addAccount`.
 * - F5: IMS mints image ids, and so may the model: a command that makes an image, a server or
 *   a disk takes its new id as optional, and mints one that depends only on the state.
 *
 * Internal: not part of the public API.
 * @module
 */
import { type RuleViolation, duplicateId, violation } from '../errors.js';
import * as store from '../state/store.js';
import type { State } from '../state/store.js';
import { MINTED_ID_PREFIXES } from './limits.js';

/** F4, W2: why an account with this id and name cannot be added, if it cannot. */
export function accountNameClash(state: State, id: string, name: string): RuleViolation | undefined {
  if (store.principal(state, id) !== undefined) return duplicateId('account', id);
  const owner = store.accountIdByName(state, id);
  if (owner !== undefined) {
    return violation({
      code: 'duplicate_id', rule: 'F4', entity: 'account', id,
      message: `account id '${id}' is the name of account '${owner}': shares address accounts by id, then by name (S3)`,
    });
  }
  if (store.accountIdByName(state, name) !== undefined) {
    return violation({ code: 'duplicate_name', rule: 'W2', entity: 'account', name, message: `account name '${name}' is already taken` });
  }
  if (name !== id && store.account(state, name) !== undefined) {
    return violation({
      code: 'duplicate_name', rule: 'F4', entity: 'account', name,
      message: `account name '${name}' is the id of another account: shares address accounts by id, then by name (S3)`,
    });
  }
  return undefined;
}

/** F4: the region whose default project id `id` has the form of (`<accountId>:<regionId>`), if any. */
export function reservedProjectRegion(state: State, id: string): string | undefined {
  for (const r of state.catalogue.regions) {
    if (id.length > r.id.length + 1 && id.endsWith(`:${r.id}`)) return r.id;
  }
  return undefined;
}

/** F4: `duplicate_id` for a project id of the reserved default form. */
export function reservedProjectId(state: State, id: string): RuleViolation | undefined {
  const regionId = reservedProjectRegion(state, id);
  if (regionId === undefined) return undefined;
  return violation({
    code: 'duplicate_id', rule: 'F4', entity: 'project', id,
    message: `project ids of the form <accountId>:${regionId} are reserved for default projects; choose another id`,
  });
}

type Minted = keyof typeof MINTED_ID_PREFIXES;

const taken: Record<Minted, (state: State, id: string) => boolean> = {
  image: (state, id) => store.lineage(state, id) !== undefined,
  server: (state, id) => store.server(state, id) !== undefined,
  disk: (state, id) => store.disk(state, id) !== undefined,
};

/**
 * F5: a fresh id for a new entity, from the version the command will have: `img-7`, or
 * `img-7-2` when a caller already took `img-7`. Depends only on the state (deterministic).
 */
export function mintId(state: State, entity: Minted): string {
  const base = `${MINTED_ID_PREFIXES[entity]}-${state.version + 1}`;
  let id = base;
  for (let n = 2; taken[entity](state, id); n++) id = `${base}-${n}`;
  return id;
}
