/**
 * Walking two tries in step (`diffMaps`): every key whose value differs, skipping every
 * sub-tree the two share. Internal: not part of the public API.
 * @module
 */
import { type Node, each, popcount } from './node.js';
import type { PMap } from './pmap.js';

type Visit = (key: string, before: unknown, after: unknown) => void;

function eachEntry(node: Node, fn: (value: unknown, key: string) => void): void {
  each(node, fn as (value: never, key: string) => void);
}

/** The entries of a node, for the few comparisons that cannot walk two nodes in step. */
function entriesOf(node: Node | undefined, key?: string, value?: unknown): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (key !== undefined) out.set(key, value);
  if (node !== undefined) eachEntry(node, (v, k) => out.set(k, v));
  return out;
}

function compareEntries(a: Map<string, unknown>, b: Map<string, unknown>, visit: Visit): void {
  for (const [k, v] of a) {
    if (!b.has(k)) visit(k, v, undefined);
    else if (b.get(k) !== v) visit(k, v, b.get(k));
  }
  for (const [k, v] of b) if (!a.has(k)) visit(k, undefined, v);
}

/** Slot `bit` of a regular node: an inline entry, a sub-node, or nothing. */
function slot(node: Node, bit: number): { key: string; value: unknown } | { child: Node } | undefined {
  const dm = node[0] as number;
  const nm = node[1] as number;
  if ((dm & bit) !== 0) {
    const i = 2 + 2 * popcount(dm & (bit - 1));
    return { key: node[i] as string, value: node[i + 1] };
  }
  if ((nm & bit) !== 0) return { child: node[2 + 2 * popcount(dm) + popcount(nm & (bit - 1))] as Node };
  return undefined;
}

function diffNodes(a: Node, b: Node, visit: Visit): void {
  if (a === b) return;
  if (a[0] === null || b[0] === null) {
    compareEntries(entriesOf(a), entriesOf(b), visit);
    return;
  }
  const adm = a[0] as number;
  const anm = a[1] as number;
  const bdm = b[0] as number;
  const bnm = b[1] as number;
  const aEnd = 2 + 2 * popcount(adm);
  const bEnd = 2 + 2 * popcount(bdm);
  if (adm === bdm && anm === bnm) {
    // The same layout (the usual case on a changed path): slots correspond one to one, and an
    // untouched sub-node is the same array on both sides.
    let sameKeys = true;
    for (let k = 2; k < aEnd; k += 2) {
      if (a[k] !== b[k]) {
        sameKeys = false;
        break;
      }
    }
    if (sameKeys) {
      for (let k = 2; k < aEnd; k += 2) if (a[k + 1] !== b[k + 1]) visit(a[k] as string, a[k + 1], b[k + 1]);
      for (let k = aEnd; k < a.length; k++) if (a[k] !== b[k]) diffNodes(a[k] as Node, b[k] as Node, visit);
      return;
    }
  }
  let all = adm | anm | bdm | bnm;
  while (all !== 0) {
    const bit = all & -all;
    all ^= bit;
    // The common case first, without allocating: a sub-node on both sides (shared ones are skipped at once).
    if ((anm & bit) !== 0 && (bnm & bit) !== 0) {
      diffNodes(a[aEnd + popcount(anm & (bit - 1))] as Node, b[bEnd + popcount(bnm & (bit - 1))] as Node, visit);
      continue;
    }
    if ((adm & bit) !== 0 && (bdm & bit) !== 0) {
      const i = 2 + 2 * popcount(adm & (bit - 1));
      const j = 2 + 2 * popcount(bdm & (bit - 1));
      if (a[i] === b[j]) {
        if (a[i + 1] !== b[j + 1]) visit(a[i] as string, a[i + 1], b[j + 1]);
        continue;
      }
    }
    const x = slot(a, bit);
    const y = slot(b, bit);
    const left = x === undefined ? new Map<string, unknown>() : 'child' in x ? entriesOf(x.child) : entriesOf(undefined, x.key, x.value);
    const right = y === undefined ? new Map<string, unknown>() : 'child' in y ? entriesOf(y.child) : entriesOf(undefined, y.key, y.value);
    compareEntries(left, right, visit);
  }
}

/**
 * Calls `visit` for every key whose value differs between two maps (`undefined` for absent),
 * walking both tries in step and skipping every sub-tree they share, so the cost is
 * proportional to the change when one map was derived from the other. Both maps must use the
 * library's hash.
 */
export function diffMaps<V>(a: PMap<V>, b: PMap<V>, visit: (key: string, before: V | undefined, after: V | undefined) => void): void {
  diffNodes(a.root, b.root, visit as Visit);
}
