/**
 * The checks of the set-up functions' options: `simulate`, `commandStream` and the testing
 * kit's arbitraries. Like `createWorld`'s catalogue, a malformed option is the programmer's
 * mistake: it is answered at once with a `TypeError` that names it, never later by a crash
 * inside fast-check, and never by a value quietly ignored (a weight under a misspelt kind, a
 * bias that is not a number).
 *
 * Internal: not part of the public API.
 * @module
 */
import { isState } from '../state/store.js';

const whole = (x: unknown, min: number): boolean => Number.isSafeInteger(x) && (x as number) >= min;

/**
 * Checks that `options` is an object whose `integers` are whole numbers of at least `min`
 * (0 unless given), and whose `optional` ones are too when given.
 */
export function checkOptions(
  fn: string, options: unknown, integers: readonly string[], optional: readonly (string | readonly [string, number])[] = [],
): void {
  if (typeof options !== 'object' || options === null) throw new TypeError(`${fn}: options must be an object`);
  const o = options as Record<string, unknown>;
  for (const k of integers) if (!whole(o[k], 0)) throw new TypeError(`${fn}: options.${k} must be a whole number`);
  for (const entry of optional) {
    const [k, min] = typeof entry === 'string' ? [entry, 0] : entry;
    if (o[k] !== undefined && !whole(o[k], min)) throw new TypeError(`${fn}: options.${k} must be a whole number${min > 0 ? ` of at least ${min}` : ''}`);
  }
}

/**
 * Checks relative weights (absent, or an object mapping some of `kinds` to finite numbers of
 * at least 0): a key that is not a kind is refused, so that a misspelt kind cannot pass for a
 * weight.
 */
export function checkWeights(fn: string, weights: unknown, kinds: readonly string[]): void {
  if (weights === undefined) return;
  if (typeof weights !== 'object' || weights === null || Array.isArray(weights)) throw new TypeError(`${fn}: options.weights must map kinds to numbers`);
  for (const [k, w] of Object.entries(weights)) {
    if (!kinds.includes(k)) throw new TypeError(`${fn}: options.weights.${k}: not a kind (${kinds.join(', ')})`);
    if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) throw new TypeError(`${fn}: options.weights.${k} must be a finite number of at least 0`);
  }
}

/** Checks that `state` is a state of this library. */
export function checkState(fn: string, state: unknown): void {
  if (!isState(state)) throw new TypeError(`${fn}: the state must be a State (createWorld, a command or fromSnapshot)`);
}

/** The largest weight once scaled: ratios are kept to a millionth. */
const SCALE = 1_000_000;

/**
 * Weights as integers with the same ratios (fast-check's `oneof` takes integer weights only):
 * integer weights as they are, so that a seed generates what it always did; otherwise scaled so
 * that the largest is a million, and every positive one at least 1.
 */
export function integerWeights(weights: readonly number[]): number[] {
  if (weights.every(Number.isInteger)) return [...weights];
  const max = Math.max(...weights);
  return weights.map((w) => (w > 0 ? Math.max(1, Math.round((w / max) * SCALE)) : 0));
}
