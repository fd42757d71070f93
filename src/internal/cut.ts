/**
 * Refusals described in bounded time (F3). When a door's fast guard refuses an input, zod
 * describes why; but zod names one issue per malformed entry of a list, and a list's length
 * costs its maker nothing (`new Array(1e9)` is a list of a billion holes). So before zod runs,
 * each list that may be long (a snapshot's entity lists, a share's targets) is cut to its
 * first {@link MAX_DESCRIBED_ENTRIES} malformed entries, found with the guard's own check of
 * one entry and confirmed with zod's schema of one entry; zod then describes the cut value,
 * and the issues name the entries' places in the caller's list. Each list is read once, up to
 * the length it first gave, so a list whose length or entries change between reads (a proxy,
 * getters) cannot make zod read more than the cut did.
 *
 * Internal: not part of the public API.
 * @module
 */
import type { ZodLikeIssue } from '../errors.js';

/** At most this many malformed entries of one list are described in a refusal. */
export const MAX_DESCRIBED_ENTRIES = 20;

/** What zod needs of a schema here. */
export interface Describes {
  safeParse(value: unknown): { readonly success: boolean; readonly data?: unknown; readonly error?: { readonly issues: readonly ZodLikeIssue[] } | undefined };
}

/** A list that may be long: where it is, the guard's check of one entry, and zod's schema of one. */
export interface LongList {
  readonly key: string;
  readonly passes: (entry: unknown) => boolean;
  readonly entry: Describes;
}

/** zod's answer on a value whose long lists were read once: its output, or its issues. */
export type CutParse = { readonly ok: true; readonly data: unknown } | { readonly ok: false; readonly issues: readonly ZodLikeIssue[] };

/**
 * zod's parse of `value`, each list of `lists` read once, up to the length it first gave: a
 * list with malformed entries is cut to the first of them (the issues give their places in the
 * caller's list), and a list without is parsed from the copy made while reading it. Reads the
 * caller's value, so it may throw: the doors call it inside their `try`.
 */
export function parseCut(schema: Describes, value: unknown, lists: readonly LongList[]): CutParse {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return answer(schema.safeParse(value), new Map());
  const view: Record<string, unknown> = { ...value };
  const places = new Map<string, number[]>();
  for (const list of lists) {
    const entries = view[list.key];
    if (!Array.isArray(entries)) continue;
    const n = entries.length;
    const copy: unknown[] = [];
    const bad: unknown[] = [];
    const at: number[] = [];
    for (let i = 0; i < n && bad.length < MAX_DESCRIBED_ENTRIES; i++) {
      const x: unknown = entries[i];
      if (bad.length === 0) copy.push(x);
      if (list.passes(x) || list.entry.safeParse(x).success) continue;
      bad.push(x);
      at.push(i);
    }
    view[list.key] = bad.length > 0 ? bad : copy;
    places.set(list.key, at);
  }
  return answer(schema.safeParse(view), places);
}

/** zod's result as a {@link CutParse}, each issue in a cut list named at its place in the caller's list. */
function answer(parsed: ReturnType<Describes['safeParse']>, places: ReadonlyMap<string, readonly number[]>): CutParse {
  if (parsed.success) return { ok: true, data: parsed.data };
  const issues = (parsed.error?.issues ?? []).map((issue) => {
    const [key, index, ...rest] = issue.path;
    if (typeof key !== 'string' || typeof index !== 'number') return issue;
    const at = places.get(key)?.[index];
    return at === undefined ? issue : { ...issue, path: [key, at, ...rest] };
  });
  return { ok: false, issues };
}
