/**
 * Length checks that run on the type they check only. zod 4 runs a length check (`min`,
 * `max`) on any value with a `length` property, even one that has already failed its type
 * check, and throws when that `length` cannot be compared (an object without a prototype):
 * `z.string().min(1).safeParse({ length: Object.create(null) })` throws a `TypeError`. Every
 * length check of the library's schemas, the exported ones included, is made here, with a
 * `when` that lets it run on a string (or an array) only, so that `safeParse` answers any
 * value (F3).
 *
 * Internal: not part of the public API.
 * @module
 */
import { z } from 'zod';

/**
 * A check's `when`: zod's check definitions take it (`$ZodCheckDef.when`, "the check runs only
 * when this returns true"), and its length checks pass their parameters on to their
 * definitions, though the method types leave `when` out. `test/doors.test.ts` holds it to
 * what it does: the exported schemas answer such a value, and still refuse an empty id with
 * `too_small`.
 */
interface When {
  readonly when: (payload: { readonly value: unknown }) => boolean;
}

const onString: When = Object.freeze({ when: (payload: { readonly value: unknown }) => typeof payload.value === 'string' });
const onArray: When = Object.freeze({ when: (payload: { readonly value: unknown }) => Array.isArray(payload.value) });

/** A fresh schema of a non-empty string (an id, a name). */
export function nonEmptyString(): z.ZodString {
  return z.string().min(1, onString as never);
}

/** A fresh schema of an array of `item` with at least `min` and at most `max` entries. */
export function boundedArray<T extends z.ZodType>(item: T, bounds: { readonly min?: number; readonly max?: number }): z.ZodArray<T> {
  let schema = z.array(item);
  if (bounds.min !== undefined) schema = schema.min(bounds.min, onArray as never);
  if (bounds.max !== undefined) schema = schema.max(bounds.max, onArray as never);
  return schema;
}
