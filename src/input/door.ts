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

/** The guard: a fresh copy of a well-formed input (absent and `undefined` optional fields left out), else `undefined`. */
export function admit(fields: Readonly<Record<string, FieldSpec>>, input: unknown): Record<string, unknown> | undefined {
  if (!isObject(input)) return undefined;
  for (const key in input) if (!Object.hasOwn(fields, key)) return undefined;
  const out: Record<string, unknown> = {};
  for (const key in fields) {
    const [kind, optional] = fields[key] as FieldSpec;
    const v = input[key];
    if (v === undefined) {
      if (optional) continue;
      return undefined;
    }
    const value = field(kind, v);
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
  // Reading the input may run the caller's code (a getter, a proxy): never inside a batch's transient.
  const read = outsideTransient(() => readInput(type, input));
  if ('ok' in read) return read;
  // W4: the clock has reached its end; a command would make a state no snapshot could hold (F1).
  if (state.version >= LAST_VERSION) return clockAtEnd(state.version);
  return run(state, read.copy as I);
}

/** The refusal of any command on a state whose clock is at {@link LAST_VERSION} (W4). */
function clockAtEnd(version: number): Result {
  return fail(violation({
    code: 'invalid_input', rule: 'W4', message: `the state is at version ${version}, the last one: its clock cannot advance (W4)`,
    issues: Object.freeze([Object.freeze({ path: Object.freeze(['state']), message: 'a state whose clock is at its end', code: 'too_big' })]),
  }));
}

/** The checked copy of an input, or its refusal (F3). */
function readInput(type: CommandType, input: unknown): { readonly copy: Record<string, unknown> } | Result {
  let copy: Record<string, unknown> | undefined;
  try {
    copy = admit(COMMAND_FIELDS[type], input);
  } catch {
    return invalidInput(`the ${type} input could not be read`, []);
  }
  return copy === undefined ? describe(type, input) : { copy };
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
