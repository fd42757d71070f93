/**
 * Reading a failure back (SPEC §10: counterexamples that replay). When a property over
 * `worldSetupArbitrary()` and `modelCommands()` (or a list of concrete commands) fails,
 * fast-check's report holds `Counterexample: [<world set-up as JSON>, <command as JSON>, ...]`.
 * {@link parseCounterexample} reads those back, so that `replay(buildWorld(setup), commands)`
 * reproduces the failing run outside fast-check.
 *
 * @module
 */
import type { Command } from '../input/apply.js';
import type { WorldSetup } from './world.js';

/** Where the JSON value that starts at `i` ends (one past its last character), or -1. */
function endOfValue(text: string, i: number): number {
  let depth = 0;
  let inString = false;
  for (let j = i; j < text.length; j++) {
    const c = text[j];
    if (inString) {
      if (c === '\\') j++;
      else if (c === '"') inString = false;
      if (!inString && depth === 0) return j + 1;
      continue;
    }
    if (c === '"') inString = true;
    else if (depth === 0 && j > i && /[,\s\]]/.test(c as string)) return j; // the end of a literal: null, a number, true
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return j + 1;
    } else if (depth === 0 && (c === ',' || c === ' ' || c === ']')) return j;
  }
  return -1;
}

/**
 * What a fast-check failure report holds: the world set-up and the concrete commands that ran.
 *
 * @example
 * ```ts
 * const { setup, commands }: Counterexample = parseCounterexample(String(error));
 * ```
 */
export interface Counterexample {
  /** The world set-up (`buildWorld(setup)` rebuilds it); the default catalogue when none is printed. */
  readonly setup: Omit<WorldSetup, 'catalogue'> & Partial<Pick<WorldSetup, 'catalogue'>>;
  /** The commands that ran, in order, up to and including the one that failed. */
  readonly commands: readonly Command[];
}

/**
 * Reads the counterexample of a fast-check failure report whose first value is a world set-up
 * (`worldSetupArbitrary`) and whose next values are commands (from `modelCommands`, or a list
 * of concrete commands). Takes the report's text, or the error fast-check threw (its message).
 * Throws an `Error` that says why when the report holds no such counterexample (none at all, a
 * value printed other than as JSON, such as a plan of `planArbitrary`, or no world set-up first),
 * and a `TypeError` for anything but a string or an error.
 *
 * @example
 * ```ts
 * try {
 *   fc.assert(fc.property(worldSetupArbitrary(), modelCommands(), (setup, cmds) => {
 *     fc.modelRun(() => modelSetup(buildWorld(setup)), cmds);
 *   }));
 * } catch (error) {
 *   const { setup, commands } = parseCounterexample(String(error));
 *   const { state, results } = replay(buildWorld(setup), commands); // the failing run, step by step
 * }
 * ```
 */
export function parseCounterexample(report: string | Error): Counterexample {
  if (report instanceof Error) report = report.message;
  if (typeof report !== 'string') throw new TypeError('parseCounterexample: the report is the text of a fast-check failure, or the error itself');
  const marker = 'Counterexample: [';
  const at = report.indexOf(marker);
  if (at < 0) throw new Error('parseCounterexample: the report holds no "Counterexample: [" line');
  const values: unknown[] = [];
  let i = at + marker.length;
  while (i < report.length) {
    while (report[i] === ',' || report[i] === ' ') i++;
    if (report[i] === ']' || report[i] === '/' || report[i] === undefined) break;
    const end = endOfValue(report, i);
    if (end < 0) break;
    const text = report.slice(i, end);
    try {
      values.push(JSON.parse(text));
    } catch {
      throw new Error(`parseCounterexample: value ${values.length + 1} of the counterexample is not JSON: ${text.slice(0, 60)}`);
    }
    i = end;
  }
  const [first, ...rest] = values;
  const setup = first as Counterexample['setup'] | undefined;
  if (typeof setup !== 'object' || setup === null || !Array.isArray(setup.commands)) {
    throw new Error('parseCounterexample: the counterexample does not start with a world set-up printed as JSON');
  }
  const commands = rest.length === 1 && Array.isArray(rest[0]) ? (rest[0] as Command[]) : (rest as Command[]);
  return { setup, commands };
}
