/**
 * `commands`, `apply` and `replay`: the untrusted-input door (SPEC §8). `apply` validates a
 * command with zod and never throws; `replay` folds a list of commands.
 *
 * @module
 */
import { accept, acceptChecked, reject, rejectChecked } from '../commands/membership.js';
import { deleteImage, deleteImageChecked } from '../commands/delete-image.js';
import { createDataDisk, createDataDiskChecked, restoreDataDisk, restoreDataDiskChecked } from '../commands/disks.js';
import { replicateAcrossRegion, replicateAcrossRegionChecked } from '../commands/replicate-across-region.js';
import { replicate, replicateChecked } from '../commands/replicate.js';
import {
  changeOs, changeOsChecked, createImageFromServer, createImageFromServerChecked, createServer, createServerChecked, reinstallOs, reinstallOsChecked,
} from '../commands/servers.js';
import {
  addAccount, addAccountChecked, addIamUser, addIamUserChecked, addProject, addProjectChecked, registerImage, registerImageChecked,
} from '../commands/setup.js';
import { share, shareChecked } from '../commands/share.js';
import { stopSharing, stopSharingChecked } from '../commands/stop-sharing.js';
import type { RuleViolation } from '../errors.js';
import type { DomainEvent } from '../events.js';
import { closeTransient, openTransient, outsideTransient } from '../internal/pmap.js';
import type { Result } from '../result.js';
import { deepFreeze } from '../internal/freeze.js';
import { type State, isState } from '../state/store.js';
import { guardedCommand, invalidInput, notAState } from './door.js';
import { COMMAND_FIELDS, type CommandType } from './schemas.js';

/**
 * Every command by name: the keys are the `type`s that {@link apply} accepts. `delete` and
 * `deleteImage` are the same command.
 *
 * @example
 * ```ts
 * const r = commands.delete(state, { actor: 'alice', imageId: 'img-1' });
 * ```
 */
export const commands = deepFreeze({
  /** W1, W2: {@link addAccount}. */
  addAccount,
  /** W2: {@link addIamUser}. */
  addIamUser,
  /** W1: {@link addProject}. */
  addProject,
  /** W3: {@link registerImage}. */
  registerImage,
  /** S1 to S8: {@link share}. */
  share,
  /** M1 to M3, S4: {@link accept}. */
  accept,
  /** M1 to M3: {@link reject}. */
  reject,
  /** S9: {@link stopSharing}. */
  stopSharing,
  /** D1: {@link deleteImage}. */
  delete: deleteImage,
  /** D1: {@link deleteImage}. */
  deleteImage,
  /** R1, R3: {@link replicate}. */
  replicate,
  /** R2, R3: {@link replicateAcrossRegion}. */
  replicateAcrossRegion,
  /** E1: {@link createServer}. */
  createServer,
  /** E2: {@link reinstallOs}. */
  reinstallOs,
  /** E4: {@link changeOs}. */
  changeOs,
  /** E3: {@link createImageFromServer}. */
  createImageFromServer,
  /** E5: {@link createDataDisk}. */
  createDataDisk,
  /** E5: {@link restoreDataDisk}. */
  restoreDataDisk,
} satisfies Record<CommandType, (state: State, input: never) => Result>);

/**
 * A command as {@link apply} and {@link replay} take it: `{ type, ...input }`, where `type` is
 * the command's key in {@link commands} and the rest is that command's input.
 *
 * @example
 * ```ts
 * const command: Command = { type: 'accept', actor: 'bob', imageId: 'img-1' };
 * ```
 */
export type Command = {
  [K in CommandType]: { readonly type: K } & Parameters<(typeof commands)[K]>[1];
}[CommandType];

function readType(command: unknown): CommandType | undefined {
  if (typeof command !== 'object' || command === null || Array.isArray(command)) return undefined;
  if (!Object.hasOwn(command, 'type')) return undefined;
  const type: unknown = (command as { type: unknown }).type;
  return typeof type === 'string' && Object.hasOwn(COMMAND_FIELDS, type) ? (type as CommandType) : undefined;
}

/**
 * Applies an untrusted command `{ type, ...input }`: `type` picks the command from
 * {@link commands}, whose door then checks the input (F3). Never throws: a state this library
 * did not make, an unknown `type` or a malformed input gives `invalid_input` (with the zod
 * issues), and a broken rule its own violation.
 *
 * @example
 * ```ts
 * const r = apply(state, JSON.parse('{"type":"share","actor":"alice","imageId":"img-1","targets":[{"account":"Bob"}]}'));
 * ```
 */
export function apply(state: State, command: unknown): Result {
  if (!isState(state)) return notAState('apply');
  // Reading the command may run the caller's code (a getter, a proxy): never inside a batch's transient.
  const type = outsideTransient(() => readCommandType(command));
  if (typeof type !== 'string') return type;
  // `delete` is `deleteImage` (the same function in `commands`), and answers as its door does.
  const door = type === 'delete' ? 'deleteImage' : type;
  return guardedCommand(door, state, command as Record<string, unknown>, CHECKED[door]);
}

/**
 * Every command on a checked input, by `type`: what {@link commands} runs once its door has
 * checked and copied the input. `apply` checks the whole command at once ({@link guardedCommand});
 * `delete` is answered as `deleteImage`.
 */
const CHECKED: Readonly<Record<Exclude<CommandType, 'delete'>, (state: State, input: never) => Result>> = Object.freeze({
  addAccount: addAccountChecked,
  addIamUser: addIamUserChecked,
  addProject: addProjectChecked,
  registerImage: registerImageChecked,
  share: shareChecked,
  accept: acceptChecked,
  reject: rejectChecked,
  stopSharing: stopSharingChecked,
  deleteImage: deleteImageChecked,
  replicate: replicateChecked,
  replicateAcrossRegion: replicateAcrossRegionChecked,
  createServer: createServerChecked,
  reinstallOs: reinstallOsChecked,
  changeOs: changeOsChecked,
  createImageFromServer: createImageFromServerChecked,
  createDataDisk: createDataDiskChecked,
  restoreDataDisk: restoreDataDiskChecked,
});

/** A command's type, or the refusal of a command that cannot be read or names no command. */
function readCommandType(command: unknown): CommandType | Result {
  try {
    const type = readType(command);
    if (type !== undefined) return type;
    return invalidInput(`a command is an object whose 'type' is one of: ${Object.keys(COMMAND_FIELDS).join(', ')}`, [
      { path: ['type'], message: 'unknown or missing command type', code: 'invalid_value' },
    ]);
  } catch {
    // A hostile value (a throwing getter, a revoked proxy) is bad input, not a crash.
    return invalidInput('the command could not be read', []);
  }
}

/**
 * What {@link replay} returns: the final state and one result per command.
 *
 * @example
 * ```ts
 * const { state: final, results }: ReplayResult = replay(state, commandList);
 * ```
 */
export interface ReplayResult {
  readonly state: State;
  readonly results: readonly Result[];
}

/**
 * Applies commands in order; a refused command leaves the state as it was and the next one
 * goes on from there. Typed by {@link Command}; every command is still checked at its door,
 * so commands read from JSON may be passed as they are (cast to `Command[]`). Never throws: a
 * list that cannot be read ends the replay with an `invalid_input` result.
 *
 * @example
 * ```ts
 * const { state: final, results } = replay(createWorld(), [
 *   { type: 'addAccount', id: 'alice', name: 'Alice', site: 'china' },
 * ]);
 * ```
 */
export function replay(state: State, commandList: Iterable<Command>): ReplayResult {
  const results: Result[] = [];
  const final = fold(state, commandList, (r) => results.push(r), () => undefined);
  return Object.freeze({ state: final, results: Object.freeze(results) });
}

/** The end of a command list (no command is this value). */
const END: unique symbol = Symbol('end of the command list');

/**
 * Applies commands in order from `state`, handing each result to `keep`, and calls `between`
 * before each command; a list that cannot be read ends with an `invalid_input` result. Returns
 * the final state.
 */
function fold(state: State, commandList: Iterable<Command>, keep: (r: Result) => void, between: (done: number) => void): State {
  let current = state;
  let done = 0;
  try {
    // The caller's iterator is the caller's code: it runs with a batch's transient suspended.
    const it = outsideTransient(() => commandList[Symbol.iterator]());
    // Reading a step's `done` and `value` may run the caller's code too (getters), so it happens here.
    const next = (): unknown => {
      const step = it.next();
      return step.done ? END : step.value;
    };
    for (let c = outsideTransient(next); c !== END; c = outsideTransient(next)) {
      between(done);
      const r = apply(current, c);
      if (r.ok) current = r.state;
      keep(r);
      done++;
    }
  } catch {
    keep(invalidInput('the command list could not be read', [{ path: [done], message: 'not readable', code: 'invalid_type' }]));
  }
  return current;
}

/**
 * A result of {@link replayBatch}: a command's events, or its violation (no intermediate state).
 *
 * @example
 * ```ts
 * const r: BatchResult | undefined = replayBatch(state, commandList).results[0];
 * ```
 */
export type BatchResult =
  | { readonly ok: true; readonly events: readonly DomainEvent[] }
  | { readonly ok: false; readonly error: RuleViolation };

/**
 * What {@link replayBatch} returns: the final state and one result per command.
 *
 * @example
 * ```ts
 * const { state: final, results }: BatchReplayResult = replayBatch(state, commandList);
 * ```
 */
export interface BatchReplayResult {
  readonly state: State;
  readonly results: readonly BatchResult[];
}

/** Commands per transient in {@link replayBatch}: past this, tracking what a transient owns costs more than copying. */
const BATCH_CHUNK = 20_000;

/**
 * The batch path: {@link replay} for when the intermediate states are not kept (world
 * building, long simulations). The whole stream runs as one transaction over the tries:
 * nodes made during the batch are changed in place by later commands instead of copied (a
 * transient, as Clojure's and Immutable.js's), and they are frozen once, at the end. No
 * node of the input state, or of any state made before, is ever changed. Results, events and
 * the final state are the same as `replay`'s (a property test checks it); the results carry no
 * intermediate state.
 *
 * @example
 * ```ts
 * const { state: world, results } = replayBatch(createWorld(), setupCommands);
 * results.every((r) => r.ok); // true when every command succeeded
 * ```
 */
export function replayBatch(state: State, commandList: Iterable<Command>): BatchReplayResult {
  let opened = openTransient();
  const results: BatchResult[] = [];
  try {
    const final = fold(state, commandList, (r) => results.push(r.ok ? Object.freeze({ ok: true, events: r.events }) : r), (done) => {
      // Bounded transients: what a long stream owns is frozen every BATCH_CHUNK commands.
      if (opened && done % BATCH_CHUNK === BATCH_CHUNK - 1) {
        closeTransient();
        opened = openTransient();
      }
    });
    return Object.freeze({ state: final, results: Object.freeze(results) });
  } finally {
    if (opened) closeTransient();
  }
}
