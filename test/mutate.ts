/** Random one-place mutations of JSON-like values, for the fuzz tests of the doors. */
import fc from 'fast-check';
import { HOSTILE_IDS } from '../src/testing/index.js';

/** Mutates a JSON-like value at one random place: drop a key, replace a value, add a key, or wrap it. */
export function mutate(value: unknown, how: { path: number[]; op: number; replacement: unknown }): unknown {
  if (how.path.length === 0 || typeof value !== 'object' || value === null) {
    return [undefined, how.replacement, [value], { value }, String(value)][how.op % 5];
  }
  const [first, ...rest] = how.path as [number, ...number[]];
  if (Array.isArray(value)) {
    if (value.length === 0) return [how.replacement];
    const i = first % value.length;
    const copy = [...value];
    if (how.op % 7 === 0) copy.splice(i, 1);
    else if (how.op % 7 === 1) copy.push(copy[i]);
    else copy[i] = mutate(copy[i], { ...how, path: rest });
    return copy;
  }
  const keys = Object.keys(value);
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  if (keys.length === 0 || how.op % 7 === 2) {
    copy[String(HOSTILE_IDS[first % HOSTILE_IDS.length])] = how.replacement;
    return copy;
  }
  const k = keys[first % keys.length] as string;
  if (how.op % 7 === 3) delete copy[k];
  else copy[k] = mutate(copy[k], { ...how, path: rest });
  return copy;
}

export const mutation = fc.record({ path: fc.array(fc.nat(), { maxLength: 5 }), op: fc.nat(), replacement: fc.oneof(fc.jsonValue(), fc.constantFrom(...HOSTILE_IDS)) });
