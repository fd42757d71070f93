/**
 * `fromSnapshot` (SPEC §8, F1, F2, F3): shape, then references, then every invariant of
 * {@link checkInvariants}. Never throws; anything wrong gives `invalid_input` with the issues.
 *
 * The entity lists (nearly all of a large snapshot) are read by the fast reader of `lists.ts`,
 * and the rest by zod; when the reader is in any doubt, zod parses the whole snapshot and
 * names the issues. Either way the entities are fresh frozen copies: nothing of the caller's
 * value is kept or changed.
 *
 * @module
 */
import type { Catalogue } from '../catalogue.js';
import type { InputIssue, RuleViolation } from '../errors.js';
import { toIssues, violation } from '../errors.js';
import { type LongList, parseCut } from '../internal/cut.js';
import { deepFreeze } from '../internal/freeze.js';
import { checkLoaded } from '../invariants.js';
import type { WorldConfig } from '../rules/limits.js';
import type { State } from '../state/store.js';
import { resolveConfig } from '../state/world.js';
import { SNAPSHOT_FORMAT, type Snapshot, snapshotShape } from './format.js';
import { LIST_KEYS, type Lists, readLists, readsEntry } from './lists.js';
import { load } from './load.js';

/**
 * What {@link fromSnapshot} returns.
 *
 * @example
 * ```ts
 * const r: SnapshotResult = fromSnapshot(JSON.parse(text));
 * ```
 */
export type SnapshotResult = { readonly ok: true; readonly state: State } | { readonly ok: false; readonly error: RuleViolation };

function refused(message: string, issues: readonly InputIssue[]): SnapshotResult {
  return Object.freeze({ ok: false, error: violation({ code: 'invalid_input', rule: 'snapshot', message, issues: deepFreeze([...issues]) }) });
}

type Parsed = { ok: true; head: Snapshot; lists: Lists } | { ok: false; result: SnapshotResult };

const NO_LISTS: Readonly<Record<(typeof LIST_KEYS)[number], readonly never[]>> = Object.freeze(
  Object.fromEntries(LIST_KEYS.map((k) => [k, Object.freeze([])])) as Record<(typeof LIST_KEYS)[number], readonly never[]>,
);

/** The entity lists, as {@link parseCut} reads them: the reader's check and zod's schema of one entry. */
const ENTITY_LISTS: readonly LongList[] = Object.freeze(LIST_KEYS.map((key): LongList => ({
  key,
  passes: (entry) => readsEntry(key, entry),
  entry: (snapshotShape.shape[key] as unknown as { readonly element: LongList['entry'] }).element,
})));

/** The shape: the fast reader for the lists and zod for the rest, or zod for everything. */
function parse(json: unknown): Parsed {
  try {
    if (typeof json === 'object' && json !== null && !Array.isArray(json)) {
      const lists = readLists(json as Record<string, unknown>);
      if (lists !== undefined) {
        const head = snapshotShape.safeParse({ ...json, ...NO_LISTS });
        if (head.success) return { ok: true, head: head.data, lists };
      }
    }
    // zod decides, each entity list read once and cut to its first malformed entries (bounded).
    const full = parseCut(snapshotShape, json, ENTITY_LISTS);
    if (!full.ok) {
      return { ok: false, result: refused(`the snapshot does not have the shape of a snapshot (format '${SNAPSHOT_FORMAT}')`, toIssues(full.issues)) };
    }
    // zod's output is plain data, which the reader always takes.
    const lists = readLists(full.data as Record<string, unknown>);
    if (lists !== undefined) return { ok: true, head: full.data as Snapshot, lists };
  } catch {
    // A value whose reading throws (a revoked proxy, a throwing getter): refused below.
  }
  return { ok: false, result: refused('the snapshot could not be read', []) };
}

/**
 * Rebuilds a state from a snapshot: shape (zod), then references, then every invariant of
 * {@link checkInvariants} (F2: the same list, so the two never disagree). Never throws;
 * anything wrong gives `invalid_input` with the issues.
 *
 * @example
 * ```ts
 * const r = fromSnapshot(JSON.parse(text));
 * if (r.ok) state = r.state;
 * ```
 */
export function fromSnapshot(json: unknown): SnapshotResult {
  const parsed = parse(json);
  if (!parsed.ok) return parsed.result;
  const { head, lists } = parsed;
  const config: WorldConfig = resolveConfig(head.config as WorldConfig);
  const catalogue = deepFreeze(structuredClone(head.catalogue)) as Catalogue;
  const loaded = load(head.version, config, catalogue, lists);
  if (!loaded.ok) return refused('the snapshot refers to entities it does not hold', loaded.issues);
  const broken = checkLoaded(loaded.state, loaded.accounts, loaded.projects, loaded.images);
  if (broken.length > 0) {
    return refused('the snapshot breaks the invariants', broken.map((b) => ({ path: [], message: `${b.rule}: ${b.message}`, code: 'invariant' })));
  }
  return Object.freeze({ ok: true, state: loaded.state });
}
