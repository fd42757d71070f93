/**
 * Deep freezing (F3): exported constants and schemas cannot be changed by a caller, so no
 * caller can change how the library behaves for everybody else in the process.
 *
 * Internal: not part of the public API.
 * @module
 */

/**
 * Freezes `value` and everything reachable from its own data properties, functions included,
 * but not a function's `prototype` (that is a class's, shared with every instance: freezing it
 * would change how the instances of a library such as zod may be written).
 */
export function deepFreeze<T>(value: T, seen: WeakSet<object> = new WeakSet()): T {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return value;
  const obj = value as object;
  if (seen.has(obj)) return value;
  seen.add(obj);
  const isFunction = typeof value === 'function';
  for (const key of Reflect.ownKeys(obj)) {
    if (isFunction && key === 'prototype') continue;
    const desc = Object.getOwnPropertyDescriptor(obj, key);
    if (desc !== undefined && 'value' in desc) deepFreeze(desc.value as unknown, seen);
  }
  Object.freeze(obj);
  return value;
}

/**
 * Reads every accessor that a zod schema's classes define (its methods are made on first read,
 * as own properties), in the schema and every schema inside it, so that none is still to be
 * made once the schema is frozen.
 */
function warm(value: unknown, seen: WeakSet<object>): void {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return;
  const obj = value as Record<PropertyKey, unknown>;
  if (seen.has(obj)) return;
  seen.add(obj);
  if (typeof value === 'object' && '_zod' in obj) {
    for (let proto = Object.getPrototypeOf(obj) as object | null; proto !== null && proto !== Object.prototype; proto = Object.getPrototypeOf(proto) as object | null) {
      for (const key of Reflect.ownKeys(proto)) {
        if (Object.getOwnPropertyDescriptor(proto, key)?.get === undefined) continue;
        try {
          void obj[key];
        } catch {
          // an accessor that needs arguments or state: not one of the lazy methods
        }
      }
    }
  }
  const isFunction = typeof value === 'function';
  for (const key of Reflect.ownKeys(obj)) {
    if (isFunction && key === 'prototype') continue;
    const desc = Object.getOwnPropertyDescriptor(obj, key);
    if (desc !== undefined && 'value' in desc) warm(desc.value, seen);
  }
}

/**
 * A zod schema made for export: exercised on a few samples and every lazy part read (see
 * {@link warm}), then deeply frozen. The schema must be a fresh instance that shares no part
 * with a schema the library uses itself.
 */
export function frozenSchema<S extends { safeParse(x: unknown): unknown }>(schema: S, samples: readonly unknown[]): S {
  for (const sample of [undefined, null, 0, '', [], {}, ...samples]) schema.safeParse(sample);
  warm(schema, new WeakSet());
  return deepFreeze(schema);
}
