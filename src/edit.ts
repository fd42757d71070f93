/**
 * `edit(state, recipe)` (SPEC §10): how a harness arranges any reachable world in a few lines.
 * The recipe changes a draft of the state's snapshot with immer (mutating it as if it were
 * plain JSON); the result goes through `fromSnapshot`, so a recipe can never make a state that
 * breaks an invariant (F2). This is what immer is a dependency for: the one place where a
 * caller writes a new state by hand. The library's own commands write its tries directly.
 *
 * @module
 */
import { type Draft, Immer } from 'immer';
import { violation } from './errors.js';
import type { Snapshot } from './snapshot/format.js';
import { type SnapshotResult, fromSnapshot } from './snapshot/read.js';
import { toSnapshot } from './snapshot/write.js';
import { type State, isState } from './state/store.js';

/** An immer instance of our own: the host application's immer settings stay as they are. */
const immer = new Immer({ autoFreeze: false });

function refused(message: string): SnapshotResult {
  return Object.freeze({ ok: false, error: violation({ code: 'invalid_input', rule: 'F2', message, issues: Object.freeze([]) }) });
}

/**
 * A recipe for {@link edit}: changes the draft snapshot in place (or returns a whole new one).
 *
 * @example
 * ```ts
 * const recipe: EditRecipe = (draft) => { draft.config.privateImageQuota = 5; };
 * ```
 */
export type EditRecipe = (draft: Draft<Snapshot>) => void | Snapshot;

/**
 * Thrown through immer when a recipe returns a promise, so that immer keeps nothing of it; told
 * apart by identity, which runs no trap of whatever else a recipe may throw.
 */
const ASYNC_RECIPE: object = Object.freeze({});

/**
 * Calls the recipe, and refuses an asynchronous one: immer would take its promise for a new
 * snapshot, and the promise, dropped, would reject later, with nothing to catch it, once the
 * recipe touched its revoked draft (an unhandled rejection ends a Node process). The promise is
 * given a handler first, so that it settles quietly whatever it does next.
 */
function synchronously(recipe: EditRecipe): (draft: Draft<Snapshot>) => void | Snapshot {
  return (draft) => {
    const out: unknown = recipe(draft);
    if ((typeof out === 'object' || typeof out === 'function') && out !== null && typeof (out as { then?: unknown }).then === 'function') {
      Promise.resolve(out).catch(() => undefined);
      throw ASYNC_RECIPE;
    }
    return out as void | Snapshot;
  };
}

/**
 * A new state: the snapshot of `state`, changed by `recipe` (immer), then loaded with
 * `fromSnapshot`, which checks shape, references and every invariant. Never throws: a recipe
 * that throws, a recipe that returns a promise (an `async` one: the recipe must change the
 * draft before it returns), or anything that is not a state, gives `invalid_input`.
 *
 * @example
 * ```ts
 * const r = edit(state, (draft) => {
 *   const m = draft.memberships.find((x) => x.imageId === 'img-1');
 *   if (m) m.status = 'accepted';
 * });
 * if (r.ok) state = r.state;
 * ```
 */
export function edit(state: State, recipe: EditRecipe): SnapshotResult {
  if (!isState(state)) return refused('edit needs a State made by createWorld, a command or fromSnapshot');
  if (typeof recipe !== 'function') return refused('edit needs a recipe: a function that changes the draft snapshot');
  let next: unknown;
  try {
    next = immer.produce(toSnapshot(state), synchronously(recipe) as (draft: Draft<Snapshot>) => void);
  } catch (e) {
    if (e === ASYNC_RECIPE) return refused('the recipe returned a promise: edit takes a recipe that changes the draft before it returns');
    return refused(`the recipe threw: ${thrownMessage(e)}`);
  }
  return fromSnapshot(next);
}

/** The message of what a recipe threw, read without trusting it (a proxy or a getter may throw in turn). */
function thrownMessage(e: unknown): string {
  try {
    if (e instanceof Error) {
      const message: unknown = e.message;
      if (typeof message === 'string') return message;
    }
  } catch {
    // a hostile value: described as any other non-error
  }
  return 'a non-error value';
}
