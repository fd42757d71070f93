/**
 * F7: strict command lines for `npm run simulate`, `npm run bench` and `npm run serve`. An
 * unknown flag, a flag given twice, a missing or malformed value, or one outside its
 * documented bounds gives one line on stderr that names the flag, and exit code 2.
 * `--name value` and `--name=value` are both accepted.
 */

/** One flag: a whole number within bounds, a list of them, a string, or a switch. */
export type FlagSpec =
  | { readonly kind: 'int'; readonly min: number; readonly max: number; readonly help: string }
  | { readonly kind: 'ints'; readonly min: number; readonly max: number; readonly help: string }
  | { readonly kind: 'string'; readonly help: string }
  | { readonly kind: 'switch'; readonly help: string };

type Value<F extends FlagSpec> = F extends { kind: 'int' } ? number : F extends { kind: 'ints' } ? number[] : F extends { kind: 'string' } ? string : boolean;

/** The parsed flags: those given, by name (switches are `true` when given). */
export type Parsed<S extends Record<string, FlagSpec>> = { [K in keyof S]?: Value<S[K]> };

/** Why a command line was refused: the flag and what is wrong (one line). */
export class UsageError extends Error {}

function whole(flag: string, raw: string, min: number, max: number): number {
  if (!/^-?\d+$/.test(raw)) throw new UsageError(`--${flag} takes a whole number from ${min} to ${max}, not '${raw}'`);
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < min || n > max) throw new UsageError(`--${flag} must be from ${min} to ${max}, not ${raw}`);
  return n;
}

/** Parses `argv` against `spec`; throws {@link UsageError} for anything it does not take. */
export function parseFlags<S extends Record<string, FlagSpec>>(argv: readonly string[], spec: S): Parsed<S> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const m = /^--([^=]+)(?:=(.*))?$/s.exec(arg);
    if (m === null) throw new UsageError(`unexpected argument '${arg}': flags start with --`);
    const name = m[1] as string;
    if (!Object.hasOwn(spec, name)) throw new UsageError(`unknown flag --${name} (known: ${Object.keys(spec).map((k) => `--${k}`).join(', ')})`);
    if (Object.hasOwn(out, name)) throw new UsageError(`--${name} is given twice`);
    const f = spec[name] as FlagSpec;
    if (f.kind === 'switch') {
      if (m[2] !== undefined) throw new UsageError(`--${name} takes no value`);
      out[name] = true;
      continue;
    }
    let raw = m[2];
    if (raw === undefined) {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) throw new UsageError(`--${name} needs a value: ${f.help}`);
      raw = next;
      i++;
    }
    if (f.kind === 'string') {
      if (raw === '') throw new UsageError(`--${name} needs a value: ${f.help}`);
      out[name] = raw;
    } else if (f.kind === 'int') {
      out[name] = whole(name, raw, f.min, f.max);
    } else {
      if (raw === '') throw new UsageError(`--${name} needs a value: ${f.help}`);
      out[name] = raw.split(',').map((part) => whole(name, part, f.min, f.max));
    }
  }
  return out as Parsed<S>;
}

/** {@link parseFlags} for a script's own command line: on a refusal, one line on stderr and exit code 2. */
export function flagsOrExit<S extends Record<string, FlagSpec>>(script: string, spec: S, argv: readonly string[] = process.argv.slice(2)): Parsed<S> {
  try {
    return parseFlags(argv, spec);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`${script}: ${e.message}\n`);
    process.exit(2);
  }
}
