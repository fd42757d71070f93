/**
 * The doors (F3): every exported command checks what it is handed before any rule reads it.
 *
 * - The state must be one this library made (`isState`: by a private class field, which no
 *   forged object carries and whose test runs no trap of a proxy).
 * - The input is checked by a guard made from the same field table as the zod schemas
 *   (`COMMAND_FIELDS`): plain `typeof` checks, one read of each field, and a fresh copy that
 *   the command then uses, so a getter cannot answer one value to the check and another to
 *   the rule. Only when the guard refuses does zod run, to describe the refusal with its
 *   issues. A fuzz test checks that guard and zod agree.
 * - `apply` hands its whole command `{ type, ...input }` to {@link guardedCommand}, which reads
 *   the command's own enumerable fields in place (what `{ type, ...input }` would copy) and
 *   makes the one checked copy; a fuzz test checks that it answers as the typed command does.
 * - Nothing here throws: a throwing getter or a revoked proxy is malformed input.
 *
 * Internal: not part of the public API.
 * @module
 */
import { type ZodLikeIssue, toIssues, violation } from '../errors.js';
import { type LongList, parseCut } from '../internal/cut.js';
import { outsideTransient } from '../internal/pmap.js';
import { type Result, fail } from '../result.js';
import { LAST_VERSION } from '../rules/limits.js';
import { IMAGE_KINDS, SERVER_FLAVORS } from '../vocabulary.js';
import { type State, isId, isState } from '../state/store.js';
import { COMMAND_FIELDS, type CommandType, type FieldKind, type FieldSpec, doorSchemas, doorTargetSchema } from './schemas.js';

/** An `invalid_input` result from a list of issues. */
export function invalidInput(message: string, issues: readonly ZodLikeIssue[]): Result {
  return fail(violation({ code: 'invalid_input', rule: 'input', message, issues: toIssues(issues) }));
}

/** The answer for anything handed as a state that this library did not make (F3). */
export function notAState(what: string): Result {
  return invalidInput(`${what} needs a State made by createWorld, a command or fromSnapshot`, [
    { path: ['state'], message: 'not a state of this library', code: 'invalid_type' },
  ]);
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const KINDS: readonly unknown[] = IMAGE_KINDS;
const FLAVORS: readonly unknown[] = SERVER_FLAVORS;

/** A share target's copy, or `undefined` when it is malformed (S3). */
function target(x: unknown): object | undefined {
  if (!isObject(x)) return undefined;
  for (const key in x) if (key !== 'account' && key !== 'project') return undefined;
  const { account, project } = x;
  if (!isId(account)) return undefined;
  if (project === undefined) return Object.freeze({ account });
  return isId(project) ? Object.freeze({ account, project }) : undefined;
}

const INVALID = Symbol('invalid');

/** A field's value as the command will use it, or `INVALID`. */
function field(kind: FieldKind, v: unknown): unknown {
  switch (kind) {
    case 'id':
    case 'name':
      return isId(v) ? v : INVALID;
    case 'kind':
      return KINDS.includes(v) ? v : INVALID;
    case 'flavor':
      return FLAVORS.includes(v) ? v : INVALID;
    case 'bool':
      return typeof v === 'boolean' ? v : INVALID;
    case 'targets': {
      if (!Array.isArray(v)) return INVALID;
      const out: object[] = [];
      for (const t of v as unknown[]) {
        const copy = target(t);
        if (copy === undefined) return INVALID;
        out.push(copy);
      }
      return Object.freeze(out);
    }
  }
}

/**
 * A command's field table as the guard walks it: names, kinds and optionality side by side,
 * read by index (a destructured `[kind, optional]` pair made an iterator per field: about 250
 * bytes a command in the batch path's allocation samples).
 */
interface Guard {
  readonly names: readonly string[];
  readonly kinds: readonly FieldKind[];
  readonly optional: readonly boolean[];
}

function guardOf(fields: Readonly<Record<string, FieldSpec>>): Guard {
  const specs = Object.entries(fields);
  // A bit per field in `admitCommand`: a programmer's error, caught when the module loads.
  if (specs.length > 31) throw new Error('a command has more than 31 fields');
  return Object.freeze({
    names: Object.freeze(specs.map(([name]) => name)),
    kinds: Object.freeze(specs.map(([, [kind]]) => kind)),
    optional: Object.freeze(specs.map(([, [, optional]]) => optional)),
  });
}

/** The guard of every command, made once from {@link COMMAND_FIELDS}. */
const GUARDS: Readonly<Record<CommandType, Guard>> = Object.freeze(
  Object.fromEntries(Object.entries(COMMAND_FIELDS).map(([type, fields]) => [type, guardOf(fields)])) as Record<CommandType, Guard>,
);

/**
 * The guard of a command's input: a fresh copy of a well-formed input (absent and `undefined`
 * optional fields left out), else `undefined`.
 */
export function admit(type: CommandType, input: unknown): Record<string, unknown> | undefined {
  if (!isObject(input)) return undefined;
  const guard = GUARDS[type];
  for (const key in input) if (!guard.names.includes(key)) return undefined;
  return copyFields(guard, input, EVERY_FIELD);
}

/** Every field of a guard present (none has more than 31). */
const EVERY_FIELD = -1;

/**
 * {@link admit} of a whole command `{ type, ...input }` as `apply` takes it: its own enumerable
 * string keys other than `type`, as `{ type, ...input }` would copy them, read without that
 * intermediate copy.
 */
function admitCommand(guard: Guard, command: Record<string, unknown>): Record<string, unknown> | undefined {
  const keys = Object.keys(command);
  let present = 0;
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k] as string;
    if (key === 'type') continue;
    const i = guard.names.indexOf(key);
    if (i < 0) return undefined;
    present |= 1 << i;
  }
  return copyFields(guard, command, present);
}

/** The checked copy of the fields of `input` named present (a bit per field), or `undefined`. */
function copyFields(guard: Guard, input: Record<string, unknown>, present: number): Record<string, unknown> | undefined {
  const { names, kinds, optional } = guard;
  const out: Record<string, unknown> = {};
  for (let i = 0; i < names.length; i++) {
    const key = names[i] as string;
    const v = (present & (1 << i)) === 0 ? undefined : input[key];
    if (v === undefined) {
      if (optional[i] === true) continue;
      return undefined;
    }
    const value = field(kinds[i] as FieldKind, v);
    if (value === INVALID) return undefined;
    out[key] = value;
  }
  return out;
}

/**
 * Runs `run` on a checked copy of `input`, or answers `invalid_input` (F3): for a state this
 * library did not make, and for an input that does not fit the command's fields (with the zod
 * issues). Never throws.
 */
export function guarded<I>(type: CommandType, state: State, input: I, run: (state: State, input: I) => Result): Result {
  if (!isState(state)) return notAState(type);
  return runChecked(type, state, input, false, run as (state: State, input: never) => Result);
}

/**
 * `apply`'s door (F3): {@link guarded} for a whole command `{ type, ...input }` whose `type` has
 * been read, on a state already recognised. The command's fields are checked and copied
 * straight from it; only a refusal copies the rest of it, for zod to describe.
 */
export function guardedCommand(type: CommandType, state: State, command: Record<string, unknown>, run: (state: State, input: never) => Result): Result {
  return runChecked(type, state, command, true, run);
}

/** `run` on the checked copy of an input (`whole`: of a whole command), or the refusal. */
function runChecked(type: CommandType, state: State, input: unknown, whole: boolean, run: (state: State, input: never) => Result): Result {
  // Reading the input may run the caller's code (a getter, a proxy): never inside a batch's transient.
  const read = outsideTransient(() => readInput(type, input, whole));
  if ('ok' in read) return read;
  // W4: the clock has reached its end; a command would make a state no snapshot could hold (F1).
  if (state.version >= LAST_VERSION) return clockAtEnd(state.version);
  return (run as (state: State, input: unknown) => Result)(state, read.copy);
}

/** The refusal of any command on a state whose clock is at {@link LAST_VERSION} (W4). */
function clockAtEnd(version: number): Result {
  return fail(violation({
    code: 'invalid_input', rule: 'W4', message: `the state is at version ${version}, the last one: its clock cannot advance (W4)`,
    issues: Object.freeze([Object.freeze({ path: Object.freeze(['state']), message: 'a state whose clock is at its end', code: 'too_big' })]),
  }));
}

/**
 * The checked copy of an input, or its refusal (F3). `whole`: the input is a whole command, of
 * which zod describes a refusal without its `type`.
 */
function readInput(type: CommandType, input: unknown, whole: boolean): { readonly copy: Record<string, unknown> } | Result {
  let copy: Record<string, unknown> | undefined;
  let described = input;
  try {
    if (!whole) copy = admit(type, input);
    else {
      const command = input as Record<string, unknown>;
      copy = admitCommand(GUARDS[type], command);
      if (copy === undefined) {
        const { type: _type, ...rest } = command;
        described = rest;
      }
    }
  } catch {
    return invalidInput(`the ${type} input could not be read`, []);
  }
  return copy === undefined ? describe(type, described) : { copy };
}

/** The list of an input that may be long: a share's or a stop's targets. */
const TARGETS: readonly LongList[] = Object.freeze([{ key: 'targets', passes: (x: unknown) => target(x) !== undefined, entry: doorTargetSchema }]);

/** The refusal of a malformed input, with zod's issues (of the first malformed targets only: F3, bounded). */
function describe(type: CommandType, input: unknown): Result {
  try {
    const parsed = parseCut(doorSchemas[type], input, TARGETS);
    if (!parsed.ok && parsed.issues.length > 0) return invalidInput(`invalid ${type} input`, parsed.issues);
  } catch {
    // a value that changes between reads: refused all the same
  }
  return invalidInput(`invalid ${type} input`, []);
}
