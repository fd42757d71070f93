/**
 * F2: the one list of invariants. Every state a command sequence can produce keeps all of them;
 * `fromSnapshot` refuses any state that breaks one, and `checkInvariants` reports it. Both run
 * this list, so they never disagree. Checked in full: O(size of the world).
 *
 * The checks live in `invariants/`: `world.ts` (accounts and projects: W1 to W4, F4),
 * `images.ts` (creation times, lineage, memberships), `placements.ts` (servers and disks),
 * over what `view.ts` reads.
 *
 * @module
 */
import type { RuleId } from './errors.js';
import type { AccountRecord, ProjectRecord, State } from './state/store.js';
import { ImageScan, checkImages } from './invariants/images.js';
import { checkPlacements } from './invariants/placements.js';
import { type Bad, type RecordsById, View } from './invariants/view.js';
import { checkProjects, checkWorld } from './invariants/world.js';

export { ImageScan } from './invariants/images.js';
export type { RecordsById } from './invariants/view.js';

/**
 * One broken invariant: the rule it breaks and what is wrong.
 *
 * @example
 * ```ts
 * const broken: readonly InvariantViolation[] = checkInvariants(state);
 * ```
 */
export interface InvariantViolation {
  readonly rule: RuleId;
  readonly message: string;
}

/**
 * Every broken invariant of a state (F2); an empty array means the state is sound:
 * - W1: every account's site is in the catalogue; projects lie in regions their account's site
 *   offers; exactly one default project per account and offered region, with the id
 *   `<accountId>:<regionId>` (F4); project names are unique per account and region.
 * - W2, F4: ids and names, the principal namespace, no account id equal to another account's
 *   name, and every index consistent with the tables.
 * - W3: the private image quota. W4: `version` is a safe integer the clock can still advance;
 *   `image.createdAt <= membership.since <= version`; no two images were made at one version.
 * - R1, R2, R3, E3 (lineage): a parent is created before its child (so lineage is acyclic); a
 *   copy has its source's kind, and lies in its source's region (R1) or in its own account (R2);
 *   an encrypted copy is never of another account's image; an image made from a server belongs
 *   to the server's account and region and is `system` or `full-ecs`.
 * - S3, S4, S5: memberships inside the image's region, never on the owner's project; accepted
 *   members within the kind's limit; no member of an encrypted image.
 * - E1, E5: a server runs a `system` or `full-ecs` image of its own region, in an AZ of it; a
 *   disk holds a `data` image of its own region, in an AZ of it.
 *
 * Given a value that is not a readable state, it reports that instead of throwing.
 *
 * @example
 * ```ts
 * expect(checkInvariants(result.state)).toEqual([]);
 * ```
 */
export function checkInvariants(state: State): readonly InvariantViolation[] {
  return run(() => View.of(state));
}

/**
 * Internal: the same checks on a state just loaded by `fromSnapshot`, with the account and
 * project records it was built from (so they are not read back from the tables).
 */
export function checkLoaded(
  state: State, accounts: RecordsById<AccountRecord>, projects: RecordsById<ProjectRecord>, images: ImageScan,
): readonly InvariantViolation[] {
  return run(() => new View(state, accounts, projects, false), images);
}

function run(view: () => View, images?: ImageScan): readonly InvariantViolation[] {
  const out: InvariantViolation[] = [];
  const bad: Bad = (rule, message) => {
    out.push(Object.freeze({ rule, message }));
  };
  try {
    const v = view();
    checkWorld(v, bad);
    checkProjects(v, bad);
    checkImages(v, bad, images);
    checkPlacements(v, bad);
  } catch {
    return Object.freeze([Object.freeze({ rule: 'W2' as const, message: 'not a readable state of this library' })]);
  }
  return Object.freeze(out);
}

