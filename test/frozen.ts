import { expect } from 'vitest';

/** Fails unless every object reachable from `value` is frozen. */
export function expectDeepFrozen(value: unknown, seen = new Set<unknown>()): void {
  if (typeof value !== 'object' || value === null || seen.has(value)) return;
  seen.add(value);
  expect(Object.isFrozen(value)).toBe(true);
  for (const key of Reflect.ownKeys(value)) expectDeepFrozen((value as Record<PropertyKey, unknown>)[key], seen);
}

/** Whether every object reachable from `value` is frozen (fast: for property tests). */
export function deepFrozen(value: unknown, seen = new Set<unknown>()): boolean {
  if (typeof value !== 'object' || value === null || seen.has(value)) return true;
  seen.add(value);
  if (!Object.isFrozen(value)) return false;
  for (const key of Reflect.ownKeys(value)) if (!deepFrozen((value as Record<PropertyKey, unknown>)[key], seen)) return false;
  return true;
}
